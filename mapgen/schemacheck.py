"""The fast path of the schema check: a compiled validator says "valid" or "look closer".

:func:`mapgen.records.load_records` checks every data file against the JSON
Schema with ``jsonschema``, which walks the schema for each of the file's values
and explains every problem. For a county-level national file (2,851 records,
40,000 values) that walk alone took 0.5 s of a 2 s budget. fastjsonschema turns
the schema into Python code once per process (about 60 ms) that checks a large
file in about 30 ms but stops at the first problem and words it its own way.

So every file is first put through the compiled validator: if it passes, the
``jsonschema`` walk would find nothing, and is skipped; if it fails, the walk
runs as before and reports every problem in mapgen's words. The compiled check
may be stricter than the walk (it reads ``$`` in a pattern as the end of the
text, never before a final newline), never more lenient; that costs a walk,
not a missed problem (``tests/test_schemacheck.py`` holds it to that). Small
files too: importing ``jsonschema`` alone takes longer than importing
fastjsonschema and compiling (Anhui's 16 records: 35 ms compiled against 115 ms
imported and walked), so a valid file never imports ``jsonschema`` at all.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["schema", "surely_valid"]

# Records plus figures above which the compiled validator is used: all but an empty file.
COMPILE_ABOVE = 0


@cache
def schema() -> dict:
    """The JSON Schema of ``initiatives.yaml`` shipped with the package."""
    text = resources.files("mapgen").joinpath("schema/initiatives.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _compiled():
    """The compiled validator, or None where fastjsonschema is not installed (an environment
    set up before it became a requirement): every file is then walked, as before."""
    try:
        import fastjsonschema
    except ImportError:
        return None

    # The schema names draft 2020-12 and uses only keywords draft 7 reads the same way
    # (type, properties, additionalProperties, required, items as one schema, enum,
    # pattern, lengths, bounds, propertyNames); every fastjsonschema release knows draft 7.
    # use_default=False: it would otherwise fill in the schema's defaults, changing the data.
    return fastjsonschema.compile({**schema(), "$schema": "http://json-schema.org/draft-07/schema#"},
                                  use_default=False, detailed_exceptions=False)


def _size(data: object) -> int:
    cities = data.get("cities") if isinstance(data, dict) else None
    if not isinstance(cities, list):
        return 0
    return len(cities) + sum(len(c["figures"]) for c in cities
                             if isinstance(c, dict) and isinstance(c.get("figures"), list))


def surely_valid(data: object, *, always: bool = False) -> bool:
    """True if ``data`` certainly meets the schema; False means "walk it with jsonschema".

    ``always`` uses the compiled validator whatever the size (for tests).

    >>> surely_valid({"cities": []})  # nothing to check: not compiled, so not known
    False
    """
    if not always and _size(data) <= COMPILE_ABOVE:
        return False
    validate = _compiled()
    if validate is None:
        return False
    from fastjsonschema import JsonSchemaException

    try:
        validate(data)
    except JsonSchemaException:
        return False
    return True
