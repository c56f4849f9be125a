"""``mapgen boundaries REGION [--level L] --out FILE``: export the boundaries a map uses.

For designers and other tools: the units of the map (and, in a second layer or with
``"role": "context"``, the grey neighbours around them) in WGS84, with adcode and names as
properties. The file's suffix chooses the format: ``.geojson``/``.json`` or ``.topojson``/
``.topo.json``. Both open in QGIS, GDAL and geopandas with no driver prefix. For 中国 the
GeoJSON also carries the inset (``"role": "inset"``: the ten-dash line and 南海诸岛); the
TopoJSON holds polygons only (``units`` and ``units_context``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mapgen.errors import MapgenError, OutputError

__all__ = ["boundaries_command", "export_boundaries", "render_export"]

_TOPO = (".topojson", ".topo.json")
_GEO = (".geojson", ".json")
_FIELDS = ("adcode", "name", "short", "name_en", "pinyin")


def _format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(_TOPO):
        return "topojson"
    if name.endswith(_GEO):
        return "geojson"
    raise OutputError(f"{path}: unknown format; end the file name with .geojson or .topo.json")


def render_export(region: str, level: str | None, fmt: str) -> tuple[str, int, int]:
    """The export as text, and the number of units and context units.

    Examples
    --------
    >>> text, n, k = render_export("合肥", None, "geojson")
    >>> n, json.loads(text)["features"][0]["properties"]["name"]
    (9, '瑶海区')
    """
    import numpy as np
    import shapely

    from mapgen.regions.boundaries import load_region

    b = load_region(region, level)
    pairs = []
    for role, frame in (("unit", b.units), ("context", b.context)):
        for adcode, row in frame.iterrows():
            props = {k: (int(row[k]) if k == "adcode" else row[k]) for k in _FIELDS}
            props["level"] = b.level if role == "unit" else b.region.level
            props["role"] = role
            if role == "unit":
                props["area_km2"] = float(row["area_km2"])
            props["label"] = [float(row["label_lon"]), float(row["label_lat"])]
            pairs.append((role, props, row.geometry))
    if fmt == "topojson":
        from mapgen._geodata.encode import dumps, encode_topology  # pure encoding, no build tools

        geoms = shapely.set_precision(np.array([g for _, _, g in pairs], dtype=object), 1e-5)
        objects = {"units": [], "units_context": []}
        for (role, props, _), g in zip(pairs, geoms):
            objects["units" if role == "unit" else "units_context"].append((props, g))
        if not objects["units_context"]:
            del objects["units_context"]
        meta = {"attribution": b.attribution, "crs": "EPSG:4326 (WGS84)",
                "region": f"{b.region.name} {b.region.adcode}", "level": b.level}
        text = dumps(encode_topology(objects, 5, meta)).decode("utf-8")
    else:
        features = [{"type": "Feature", "properties": props,
                     "geometry": json.loads(shapely.to_geojson(shapely.set_precision(g, 1e-5)))}
                    for _, props, g in pairs]
        if b.inset is not None:  # a map of 中国: the ten-dash line and the 南海诸岛 islands
            features += [{"type": "Feature", "properties": {"role": "inset", "kind": row["kind"], "name": row["name"],
                                                            "name_en": row["name_en"]},
                          "geometry": json.loads(shapely.to_geojson(row.geometry))}
                         for _, row in b.inset.iterrows()]
        text = json.dumps({"type": "FeatureCollection", "features": features,
                           "attribution": b.attribution}, ensure_ascii=False, separators=(",", ":")) + "\n"
    return text, len(b.units), len(b.context)


def export_boundaries(region: str, level: str | None, out: str | Path) -> Path:
    """Write the boundaries of a map of ``region`` at ``level`` to ``out`` (atomic)."""
    from mapgen.paths import confined
    from mapgen.write import write_atomic

    path = confined(out, "the output file", parent_only=True)
    text, _, _ = render_export(region, level, _format(Path(path)))
    return write_atomic(path, text)


@click.command("boundaries")
@click.argument("region")
@click.option("--level", type=click.Choice(["province", "city", "county"]), default=None,
              help="Level of the units (default: the level below REGION).")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="File to write: .geojson or .topo.json.")
def boundaries_command(region: str, level: str | None, out: str) -> None:
    """Export the boundaries a map of REGION uses (WGS84), e.g. mapgen boundaries 四川 --out sichuan.geojson.

    REGION is a name in any script or form (四川, 四川省, Sichuan), an adcode, or 中国.
    """
    from ..cli import echo  # translated, control characters escaped (the region as typed may hold any)

    try:
        path = export_boundaries(region, level, out)
    except MapgenError as exc:
        echo(f"error: {exc}", err=True)
        sys.exit(1)
    echo(f"wrote {path}")
