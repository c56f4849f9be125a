"""Class breaks for ``--color-by``: the upper bound of each class and each value's class.

Quantiles, equal intervals and the editor's own breaks are computed here exactly as
mapclassify computes them (the same floating-point steps: scipy's
``scoreatpercentile``, ``numpy.arange`` and mapclassify's ``bin1d``;
``tests/test_classify.py`` holds them to mapclassify's bins and classes). Importing
mapclassify imports scipy.stats, scikit-learn and matplotlib: about 5 s of CPU, four
times a whole build. Natural breaks (mapclassify's k-means) still come from mapclassify,
with numpy's generator seeded for the call so that they too are the same on every build.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["classify"]


def classify(ys: Sequence[float], scheme: str, k: int, breaks: Sequence[float] = ()) -> tuple[list[float], list[int]]:
    """``(bins, classes)``: each class's upper bound, ascending, and each value's class index.

    >>> classify([1, 2, 3, 4, 5, 6, 7, 8], "quantiles", 4)
    ([2.75, 4.5, 6.25, 8.0], [0, 0, 1, 1, 2, 2, 3, 3])
    >>> classify([0, 10, 100], "equal_interval", 2)
    ([50.0, 100.0], [0, 0, 1])
    >>> classify([5, 50, 500], "user", 0, breaks=[10, 100])
    ([10.0, 100.0, 500.0], [0, 1, 2])
    """
    import numpy as np

    y = np.asarray(ys, dtype=float)
    if scheme == "quantiles":
        bins = _quantiles(np.sort(y), k)
    elif scheme == "equal_interval":
        bins = _equal_interval(y, k)
    elif scheme == "user":
        bins = [float(b) for b in breaks]
        if bins[-1] < y.max():
            bins.append(float(y.max()))
    elif scheme == "natural_breaks":
        import mapclassify  # k-means: scikit-learn

        # scikit-learn's k-means draws its starts from numpy's global generator, unseeded by
        # mapclassify: seeded here (and put back) so the same figures give the same classes.
        saved = np.random.get_state()
        np.random.seed(0)
        try:
            c = mapclassify.NaturalBreaks(list(ys), k=k)
        finally:
            np.random.set_state(saved)
        return [float(b) for b in c.bins], [int(v) for v in c.yb]
    else:
        raise ValueError(f"unknown scheme {scheme!r}")
    # bin1d: a value belongs to the first class whose upper bound it does not exceed
    classes = np.searchsorted(np.asarray(bins), y, side="left")
    return bins, [int(c) for c in classes]


def _quantiles(ordered, k: int) -> list[float]:
    import numpy as np

    w = 100.0 / k
    p = np.arange(w, 100 + w, w)
    if p[-1] > 100.0:
        p[-1] = 100.0
    return sorted({_score(ordered, float(per)) for per in p})  # ties collapse classes (np.unique)


def _score(ordered, per: float) -> float:
    """scipy.stats.scoreatpercentile with its default ``interpolation_method="fraction"``."""
    idx = per / 100. * (len(ordered) - 1)
    i = int(idx)
    if i == idx:
        return float(ordered[i])
    w0, w1 = (i + 1) - idx, idx - i
    return float((ordered[i] * w0 + ordered[i + 1] * w1) / (w0 + w1))


def _equal_interval(y, k: int) -> list[float]:
    import numpy as np

    max_y, min_y = max(y), min(y)
    width = (max_y - min_y) * 1.0 / k
    cuts = np.arange(min_y + width, max_y + width, width)
    if len(cuts) > k:  # handle overshooting
        cuts = cuts[0:k]
    cuts[-1] = max_y
    return [float(c) for c in cuts]
