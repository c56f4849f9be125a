"""Stage 2: load a boundary file (TopoJSON): the units, their context, and the topology to draw.

The boundary file is built ahead of time by ``mapgen geodata`` (see ``geodata/README.md``);
this module reads it. Its structure is checked in pure Python (``topocheck``); geometry
work (a supplied file's polygons and labels, GeoDataFrames for tests and exports) is in
``topodecode``, which imports shapely and geopandas only when it is used.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapgen.errors import GeodataError, Problem
from mapgen.topocheck import CONTEXT, UNITS, RingDecoder, check_units, collection, problem
from mapgen.topodecode import check_geometry, decode_topology, frame

if TYPE_CHECKING:
    import geopandas

__all__ = ["Boundaries", "Place", "load_boundaries", "boundaries_from_topology", "decode_topology", "DEFAULT_FILE"]

DEFAULT_FILE = "anhui.topo.json"


@dataclass(frozen=True)
class Place:
    """One boundary unit as the map needs it: names, label point, area; no geometry.

    The geometry stays in the topology, which the page draws; geometry work
    (tests, exports) uses :attr:`Boundaries.cities` and friends.
    """

    adcode: int
    name: str
    short: str
    name_en: str
    label: tuple[float, float]
    area_km2: float | None = None
    pinyin: str | None = None


@dataclass(frozen=True)
class Boundaries:
    """The boundaries a map is drawn with.

    Attributes
    ----------
    units : tuple of Place
        The units the map shows (Anhui's cities in the shipped file), sorted by adcode.
    context : tuple of Place
        The units around them drawn as grey context (the neighbouring provinces).
    topology : dict
        The parsed TopoJSON, to embed in the page.
    source_path : str
        Where it was read from.
    bbox : tuple of float
        ``(west, south, east, north)`` of the units, in degrees.
    inset : dict or None
        A map of all China: its 南海诸岛 inset as plain data
        (:func:`mapgen.regions.inset.inset_data`); None for any other map.
    main_bbox : tuple of float or None
        The extent the map opens on when far-flung islands would shrink it (Hainan
        without 三沙; see :mod:`mapgen.regions.mainbody`); None: ``bbox``.
    """

    units: tuple[Place, ...]
    context: tuple[Place, ...]
    topology: dict
    source_path: str
    bbox: tuple[float, float, float, float]
    inset: dict | None = None
    main_bbox: tuple[float, float, float, float] | None = None

    @property
    def view_bbox(self) -> tuple[float, float, float, float]:
        """The extent the map opens on: the main body where one is known, else the units' extent."""
        return self.main_bbox or self.bbox

    @cached_property
    def cities(self) -> geopandas.GeoDataFrame:
        """The units as a GeoDataFrame indexed by adcode, for geometry work.

        Columns ``adcode, name, short, name_en, pinyin, area_km2, label_lon, label_lat,
        geometry`` (WGS84); imports geopandas, so the map build never calls it.
        """
        return frame(decode_topology(self.topology, UNITS))

    @cached_property
    def page_topology(self) -> dict:
        """The topology as the page carries it (encoded once per loaded file)."""
        from .topology import page_topology

        return page_topology(self.topology, (UNITS, CONTEXT))

    @cached_property
    def page_detail(self) -> dict | None:
        """The points of the view the page opens on, marked for the page (see
        :func:`mapgen.topology.page_detail`); images do not need it."""
        from .topology import page_detail

        return page_detail(self.topology, self.view_bbox)

    @cached_property
    def neighbours(self) -> geopandas.GeoDataFrame:
        """The context units as a GeoDataFrame (as :attr:`cities`, without area)."""
        return frame(decode_topology(self.topology, CONTEXT))


def load_boundaries(path: str | Path | None = None) -> Boundaries:
    """Read and check a boundary TopoJSON file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A TopoJSON file with objects ``cities`` and ``neighbours`` (which may be empty).
        Default: the shipped ``anhui.topo.json``, which must hold 16 cities and 6 neighbours.
        A supplied file is also checked geometrically (valid polygons, labels inside);
        the shipped one was checked when it was built, so a build needs no geometry library.

    Returns
    -------
    Boundaries

    Raises
    ------
    GeodataError
        If the file is missing or unreadable, is not JSON, or lacks objects, properties
        or units; the message names the file and every problem found.

    Examples
    --------
    >>> b = load_boundaries()
    >>> len(b.units), b.units[0].name_en
    (16, 'Hefei')
    """
    raw, where = _read(path)
    key = (where, hashlib.sha256(raw).digest())
    if key not in _LOADED:
        _LOADED.clear()  # one file at a time: a preview server rebuilding after an edit
        _LOADED[key] = _parse(raw, where, shipped=path is None)
    return _LOADED[key]


_LOADED: dict[tuple[str, bytes], Boundaries] = {}


def _parse(raw: bytes, where: str, shipped: bool) -> Boundaries:
    try:
        topology = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise _refused(where, f"not UTF-8 text ({exc.reason} at byte {exc.start})", "UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _refused(where, f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})", "JSON") from None
    except ValueError as exc:
        raise _refused(where, str(exc), "finite numbers") from None
    except RecursionError:
        raise _refused(where, "the JSON is nested too deeply to be a boundary file", "a TopoJSON Topology") from None
    return _from_topology(topology, where, expected=shipped, geometry=not shipped)


def _refused(file: str, message: str, expected: str = "", field: str = "") -> GeodataError:
    """A boundary file refused as a whole: one problem, reported as ``FILE: what is wrong``."""
    return GeodataError([Problem(file, None, "", field, message, expected=expected)])


def boundaries_from_topology(topology: dict, where: str, bbox: tuple[float, float, float, float]) -> Boundaries:
    """Boundaries of a Topology mapgen cut from its own shipped layers (:mod:`mapgen.regions.cut`).

    Read as built: its arcs and properties are the shipped file's, so nothing is checked again.
    """
    objects = topology["objects"]
    units, context = (tuple(sorted((_place(g["properties"]) for g in objects[name]["geometries"]),
                                   key=lambda pl: pl.adcode)) for name in (UNITS, CONTEXT))
    return Boundaries(units=units, context=context, topology=topology, source_path=where, bbox=bbox)


def _from_topology(topology, where: str, expected: bool, geometry: bool) -> Boundaries:
    """Check a parsed topology; ``expected``: hold it to the shipped file's unit counts;
    ``geometry``: check polygons and labels with shapely (files from elsewhere)."""
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise _refused(where, "not a TopoJSON Topology (no \"type\": \"Topology\"); rebuild it with `mapgen geodata`",
                       '"type": "Topology"')
    _check_limits(topology, where)
    places: dict[str, list[Place]] = {}
    problems: list[Problem] = []
    meta = topology.get("metadata", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("attribution", ""), str):
        problems.append(problem("", "metadata", "'metadata' must be an object whose 'attribution' is text (the "
                                "credit line for the map)", expected="an object with a text 'attribution'"))
    bbox = None
    try:
        rings = RingDecoder(topology)
    except GeodataError as exc:
        problems += exc.problems
        rings = None
    for name in (UNITS, CONTEXT):
        if rings is None:
            break
        try:
            geometries = collection(topology, name)
            extent = rings.check_collection(name, geometries)
        except GeodataError as exc:
            problems += exc.problems
            continue
        if name == UNITS:
            bbox = extent
        props = [g.get("properties") for g in geometries]
        found = check_units(name, props, shipped=expected)
        if geometry:  # shipped files were checked geometrically when they were built
            found += check_geometry(topology, name)
        problems += found
        if not problems:
            places[name] = sorted((_place(p) for p in props), key=lambda pl: pl.adcode)
    if problems:
        raise GeodataError([replace(p, file=where) for p in problems], file=where)
    return Boundaries(units=tuple(places[UNITS]), context=tuple(places[CONTEXT]), topology=topology,
                      source_path=where, bbox=bbox)


def _check_limits(topology: dict, where: str) -> None:
    """Units and vertices within the documented limits, counted before anything is decoded."""
    from .limits import UNITS, VERTICES, LimitError, check

    objects = topology.get("objects")
    units = 0
    if isinstance(objects, dict):
        for obj in objects.values():
            geometries = obj.get("geometries") if isinstance(obj, dict) else None
            units += len(geometries) if isinstance(geometries, list) else 0
    arcs = topology.get("arcs")
    vertices = sum(len(a) for a in arcs if isinstance(a, list)) if isinstance(arcs, list) else 0
    for limit, found, field in ((UNITS, units, "objects"), (VERTICES, vertices, "arcs")):
        try:
            check(limit, found, "has")
        except LimitError as exc:
            raise _refused(where, str(exc), f"at most {limit.value:,} {limit.counts}", field) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number a boundary file may hold")


def _place(props: dict) -> Place:
    area = props.get("area_km2")
    pinyin = props.get("pinyin")
    return Place(adcode=props["adcode"], name=props["name"], short=props["short"], name_en=props["name_en"],
                 label=(float(props["label"][0]), float(props["label"][1])),
                 area_km2=float(area) if area is not None else None,
                 pinyin=pinyin if isinstance(pinyin, str) and pinyin else None)


def shipped_file() -> Any:
    """The shipped boundary file (a package resource)."""
    try:
        return importlib.resources.files("mapgen.geodata") / DEFAULT_FILE
    except ModuleNotFoundError:
        # Not installed (running from a source checkout): geodata/ sits beside mapgen/.
        return Path(__file__).resolve().parent.parent / "geodata" / DEFAULT_FILE


def _read(path: str | Path | None) -> tuple[bytes, str]:
    if path is not None:
        from .limits import BOUNDARY_BYTES
        from .paths import read_input

        def refuse(message: str) -> GeodataError:
            return _refused(str(path), f"cannot read the boundary file ({message.removeprefix(f'{path}: ')}); "
                            "rebuild it with `mapgen geodata`", "a readable TopoJSON file")

        return read_input(path, "a TopoJSON boundary file", BOUNDARY_BYTES, refuse), str(path)
    target: Any = shipped_file()
    try:
        return target.read_bytes(), str(target)
    except OSError as exc:
        raise _refused(str(target), f"cannot read the boundary file ({exc.strerror or exc}); "
                       "rebuild it with `mapgen geodata`", "a readable TopoJSON file") from None
