"""The compiled schema check may skip the jsonschema walk only when the walk would find nothing."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import REAL_DATA
from mapgen.errors import DataError
from mapgen.records import load_records, schema
from mapgen.schemacheck import COMPILE_ABOVE, surely_valid
from mapgen.yamlsource import read_yaml

REAL = read_yaml(REAL_DATA).data
ODD = [None, True, False, 0, -1, 1.5, 1e13, float("nan"), 10**7, "", " ", "a\n", "x" * 1300, "Key", "合肥",
       "2022-13-01", "2022-07-27\n", "#12345", "#1b9e77", "亿元\n", "more_than", "county", [], ["a"], {}, {"k": 1}]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


PATHS = list(_paths(REAL))[1:]


def _walk_finds_nothing(data) -> bool:
    return next(Draft202012Validator(schema()).iter_errors(data), None) is None


def test_the_real_file_passes_both():
    assert surely_valid(REAL, always=True) and _walk_finds_nothing(REAL)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(["set", "drop", "extra"]),
                                st.sampled_from(ODD)), min_size=1, max_size=3))
def test_a_file_the_compiled_check_passes_has_nothing_for_the_walk_to_find(edits):
    data = copy.deepcopy(REAL)
    for path, how, odd in edits:
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if how == "set":
                parent[path[-1]] = copy.deepcopy(odd)
            elif how == "drop":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent["surplus_field"] = copy.deepcopy(odd)
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(odd))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced this path
    if surely_valid(data, always=True):
        assert _walk_finds_nothing(data), edits


def _many(tiny_text: str, n: int, bad: int | None = None) -> str:
    head, record = tiny_text.split("cities:\n")
    record = record.split("  - adcode: 340200")[0]  # Hefei, with its two figures
    out = [head, "cities:\n"]
    for i in range(n):
        text = record.replace("340100", str(110000 + i)).replace("合肥市", f"测试{i}县")
        if i == bad:
            text = text.replace("unit: 亿元", "unit: 480亿元")
        out.append(text)
    return "".join(out)


def test_a_large_file_with_one_mistake_is_explained_as_before(write_data, tiny_text):
    n = max(COMPILE_ABOVE // 3 + 1, 150)  # three values a record: over the line where compiling pays
    assert len(load_records(write_data(_many(tiny_text, n))).cities) == n
    path = write_data(_many(tiny_text, n, bad=n - 7))
    with pytest.raises(DataError) as err:
        load_records(path)
    (problem,) = err.value.problems
    assert problem.where == f"city {110000 + n - 7} (测试{n - 7}县)" and problem.field == "figures[0].unit"
    assert problem.line == path.read_text("utf-8").splitlines().index("        unit: 480亿元") + 1
    assert "480亿元" in problem.message


def test_without_fastjsonschema_every_file_is_walked(monkeypatch, write_data, tiny_text):
    """An environment installed before fastjsonschema became a requirement still builds."""
    import sys

    from mapgen import schemacheck

    monkeypatch.setitem(sys.modules, "fastjsonschema", None)  # import fastjsonschema -> ImportError
    schemacheck._compiled.cache_clear()
    try:
        assert not surely_valid(REAL, always=True)
        assert load_records(REAL_DATA).cities
        with pytest.raises(DataError):
            load_records(write_data(_many(tiny_text, 3, bad=1)))
    finally:
        schemacheck._compiled.cache_clear()
