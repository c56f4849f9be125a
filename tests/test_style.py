"""Colours: the theme palette under colour-vision deficiencies, and figure classification."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from conftest import REAL_DATA
from mapgen.boundaries import load_boundaries
from mapgen.join import join
from mapgen.records import load_records
from mapgen.style import NO_DATA, THEME_PALETTE, style_by_figure, style_by_theme

# Machado, Oliveira & Fernandes (2009) simulation matrices at full severity, applied in linear RGB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _linear(hex_color: str) -> np.ndarray:
    c = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", ["normal", *CVD])
def test_theme_colours_stay_distinguishable(vision):
    matrix = np.eye(3) if vision == "normal" else np.array(CVD[vision])
    colours = [_lab(np.clip(matrix @ _linear(c), 0, 1)) for c in THEME_PALETTE[:6]]
    closest = min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(colours, 2))
    assert closest >= 12  # CIE76 distance; ~2.3 is a just-noticeable difference


@pytest.fixture(scope="module")
def joined():
    data = load_records(REAL_DATA)
    return data, join(data, load_boundaries().units).rows


def test_theme_style_counts(joined):
    data, frame = joined
    style = style_by_theme(data, frame)
    assert sum(e.count for e in style.legend) == 16
    assert len(style.colors) == 16


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks", "equal_interval"])
def test_figure_classes_cover_the_cities_that_have_it(joined, scheme):
    data, frame = joined
    style = style_by_figure(data, frame, "projects", scheme)
    having = [c for c in data.cities if c.figure("projects")]
    assert len(style.colors) == len(having)
    assert style.legend[-1].no_data and style.legend[-1].color == NO_DATA
    assert style.legend[-1].count == 16 - len(having)
    assert sum(e.count for e in style.legend) == 16


def test_user_breaks(joined):
    data, frame = joined
    style = style_by_figure(data, frame, "investment", "user", breaks=(3e10, 1e11))
    assert [e.count for e in style.legend[:2]] == [1, 1]  # 240亿元 and 480.4亿元


def test_user_break_below_every_value_reads_as_an_empty_first_class(joined):
    data, frame = joined
    style = style_by_figure(data, frame, "investment", "user", breaks=(1e9, 3e10))
    assert [(e.label, e.count) for e in style.legend[:3]] == [("≤ 10亿", 0), ("> 10亿 – 300亿", 1),
                                                              ("> 300亿 – 480.4亿", 1)]
    assert len({e.color for e in style.legend}) == len(style.legend)  # every class its own colour


def test_more_than_five_user_classes_are_refused(joined):
    from mapgen.errors import MapgenError

    data, frame = joined
    with pytest.raises(MapgenError, match="1 to 4 --breaks"):
        style_by_figure(data, frame, "projects", "user", breaks=(5, 10, 20, 30, 40))


def test_legend_title_does_not_claim_one_label_for_a_mixed_key(joined):
    data, frame = joined
    style = style_by_figure(data, frame, "investment")  # Hefei's contract value, Bozhou's farm investment
    assert style.title == "台资侨资项目合同投资额等"
    assert style.title_en.endswith("and similar figures")
