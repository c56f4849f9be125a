"""--color-by classes (mapgen.classify) are mapclassify's, without importing it for
quantiles, equal intervals and the editor's breaks (mapclassify pulls in scipy,
scikit-learn and matplotlib: seconds of every colour-by build)."""

from __future__ import annotations

import subprocess
import sys
import warnings

import mapclassify
from hypothesis import given, settings
from hypothesis import strategies as st

from mapgen.classify import classify

AMOUNTS = st.one_of(st.integers(0, 10**12).map(float),
                    st.floats(0, 1e9, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0.1, 0.2, 0.3, 1.0, 3.0, 7.5, 1e8, 1e9]))


def _oracle(ys, scheme, k, breaks=()):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = {"quantiles": lambda: mapclassify.Quantiles(ys, k=k),
             "equal_interval": lambda: mapclassify.EqualInterval(ys, k=k),
             "user": lambda: mapclassify.UserDefined(ys, bins=sorted(breaks))}[scheme]()
    return [float(b) for b in c.bins], [int(v) for v in c.yb]


@settings(max_examples=300, deadline=None)
@given(st.lists(AMOUNTS, min_size=1, max_size=40), st.integers(1, 5))
def test_quantiles_and_equal_intervals_are_mapclassifys(ys, k):
    k = min(k, len(set(ys)))  # as style_by_figure asks
    assert classify(ys, "quantiles", k) == _oracle(ys, "quantiles", k)
    if len(set(ys)) > 1:  # one value: mapclassify divides by a zero width
        assert classify(ys, "equal_interval", k) == _oracle(ys, "equal_interval", k)


@settings(max_examples=200, deadline=None)
@given(st.lists(AMOUNTS, min_size=1, max_size=40), st.lists(AMOUNTS, min_size=1, max_size=4))
def test_the_editors_breaks_are_mapclassifys(ys, breaks):
    assert classify(ys, "user", 0, sorted(breaks)) == _oracle(ys, "user", 0, breaks)


def test_a_colour_by_build_imports_neither_mapclassify_nor_scipy(tmp_path):
    from conftest import REAL_DATA

    code = ("import sys, mapgen\n"
            f"mapgen.build({str(REAL_DATA)!r}, {str(tmp_path / 'm.html')!r}, "
            "mapgen.BuildOptions(color_by='projects', scheme='quantiles'))\n"
            "print(*sorted(m for m in ('mapclassify', 'scipy', 'sklearn', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_natural_breaks_are_the_same_whatever_numpys_generator_holds():
    import numpy as np

    ys = [float(v) for v in (1, 2, 2, 3, 10, 11, 12, 30, 31, 33, 80, 90, 200, 210, 500, 520, 1000)]
    np.random.seed(1)
    first = classify(ys, "natural_breaks", 5)
    after = np.random.random()  # the caller's generator is put back as it was
    np.random.seed(1)
    np.random.random()
    np.random.seed(12345)
    assert classify(ys, "natural_breaks", 5) == first
    np.random.seed(1)
    assert np.random.random() == after
