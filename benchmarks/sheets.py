"""Spreadsheet import and export at the scale of a county-level national map.

    python benchmarks/sheets.py            # 3 repetitions; prints a table
    python benchmarks/sheets.py --reps 5 --json output/sheets.json
    python benchmarks/sheets.py --shape county   # one of the two inputs only

Two inputs of 3,000 figure rows each, measured in this process (median of the
repetitions):

- ``county``: the issue's own example, a county-level national map: the file
  ``mapgen init 中国 --level county`` writes (2,851 units), with one figure per
  unit and a second for the first 149 (2,851 + 149 = 3,000 rows);
- ``deep``: 200 units x 15 figures, with the real file's source, page and themes
  (fewer records, more figures each: the YAML is deeper).

For each:

- export to XLSX and to CSV, including loading and validating the data file;
- import of the exported XLSX with one value changed (the common case), and
  with all 3,000 values changed (the worst case), each split into its stages:
  reading the sheet, locating fields in the YAML, checking rows, validating the
  new text with ``load_records`` (the same rules as ``mapgen check``);
- for comparison, a ruamel.yaml round trip (load and dump) of the same file,
  if ruamel.yaml is installed: the approach the import does not use.

Targets (issue 17): import <= 2 s and export <= 2 s. Reported, never asserted.
The machine's load average is printed: on a shared machine it moves the numbers.

"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNITS, FIGURES = 200, 15
ROWS = 3000
TARGET_S = 2.0


def write_deep(path: Path) -> None:
    head = (ROOT / "data" / "initiatives.yaml").read_text("utf-8").split("\ncities:\n")[0]
    lines = [head, "cities:"]
    theme = "ethnic_unity"
    for i in range(UNITS):
        lines += [f"  - adcode: {110101 + i}", f"    name: 测试{i}县", f"    theme: {theme}", "    headline: 标题",
                  "    headline_en: Headline", "    summary: 摘要。", "    summary_en: Summary.", "    figures:"]
        for j in range(FIGURES):
            lines += [f"      - key: k{j}", f"        label: 指标{j}", f"        label_en: figure {j}",
                      f"        value: {i * FIGURES + j}.5", "        unit: 万元", "        period: 2022年"]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def write_county(path: Path) -> None:
    """``mapgen init 中国 --level county`` with figures: one per unit, two for the first few, 3,000 in all."""
    from mapgen.regions.scaffold import scaffold

    text, units, _ = scaffold("中国", "county")
    extra = ROWS - units
    parts = text.split("    figures: []\n")
    out = [parts[0]]
    for i, rest in enumerate(parts[1:]):
        figs = ["    figures:"]
        for j in range(2 if i < extra else 1):
            figs += [f"      - key: k{j}", f"        label: 指标{j}", f"        value: {i}.5", "        unit: 万元",
                     "        period: 2022年"]
        out += ["\n".join(figs) + "\n", rest]
    path.write_text("".join(out), "utf-8")


SHAPES = {"county": write_county, "deep": write_deep}


def _time(fn) -> tuple[float, float]:
    """Wall and CPU seconds: on a crowded machine the CPU time is closer to what an idle one takes."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def _edit_sheet(src: Path, dst: Path, every: bool) -> None:
    import openpyxl

    book = openpyxl.load_workbook(src)
    for n, row in enumerate(book.active.iter_rows(min_row=2)):
        if every or n == 1234:
            row[5].value = row[5].value + 1
    book.save(dst)


def _stages(sheet: Path, data: Path) -> dict[str, float]:
    """One import, timed stage by stage (the same steps as import_figures, written to a temp copy)."""
    from mapgen.sheets import update
    from mapgen.sheets.read import read_sheets
    from mapgen.sheets.yamledit import read_data_text
    from mapgen.yamlsource import gc_paused

    out = {}
    with gc_paused():  # as import_figures runs
        c = time.process_time()
        sheets = read_sheets(sheet)
        out["read sheet"], c = time.process_time() - c, time.process_time()
        doc = read_data_text(data)
        out["locate YAML fields"], c = time.process_time() - c, time.process_time()
        reader = update._SheetReader(doc, str(sheet))
        for s in sheets:
            reader.sheet(s)
        for city, index, want, tag in reader.wanted:
            if index is not None and want != doc.cities[city].figures[index].values:
                doc.set_figure(city, index, want, tag)
        text, spans = doc.apply()
        out["check rows, edit text"], c = time.process_time() - c, time.process_time()
        problems = update._validate(doc, text, data, spans, str(sheet))
        out["validate (check rules)"] = time.process_time() - c
    assert not problems and not reader.problems, problems or reader.problems
    return out


def _ruamel():
    try:
        from ruamel.yaml import YAML
    except ImportError:
        return None

    def round_trip(text: str) -> None:
        import io

        y = YAML()
        y.preserve_quotes, y.width = True, 10**9
        y.indent(mapping=2, sequence=4, offset=2)
        y.dump(y.load(text), io.StringIO())

    return round_trip


_ruamel_round_trip = _ruamel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--shape", choices=[*SHAPES, "both"], default="both", help="which input (see above)")
    args = parser.parse_args()

    from mapgen.records import load_records
    from mapgen.sheets import export_figures, import_figures

    shapes = list(SHAPES) if args.shape == "both" else [args.shape]
    results: dict[str, list[tuple[float, float]]] = {}
    stages: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="mapgen-bench-") as folder:
        tmp = Path(folder)
        for shape in shapes:
            data = tmp / f"{shape}.yaml"
            SHAPES[shape](data)
            export_figures(load_records(data), tmp / "base.xlsx")
            _edit_sheet(tmp / "base.xlsx", tmp / "one.xlsx", every=False)
            _edit_sheet(tmp / "base.xlsx", tmp / "all.xlsx", every=True)
            for _ in range(args.reps):
                for fmt in ("xlsx", "csv"):
                    results.setdefault(f"{shape}: export {fmt}", []).append(
                        _time(lambda: export_figures(load_records(data), tmp / f"out.{fmt}")))
                for case in ("one", "all"):
                    work = tmp / f"work-{case}.yaml"
                    shutil.copy(data, work)
                    results.setdefault(f"{shape}: import xlsx, {case} changed", []).append(
                        _time(lambda: import_figures(tmp / f"{case}.xlsx", work)))
                    shutil.copy(data, work)
                    for k, v in _stages(tmp / f"{case}.xlsx", work).items():
                        stages.setdefault(f"{shape}, {case} changed", {}).setdefault(k, []).append(v)
            if _ruamel_round_trip is not None:
                text = data.read_text("utf-8")
                results[f"({shape}: ruamel.yaml load+dump, not used)"] = [_time(lambda: _ruamel_round_trip(text))]

    load = os.getloadavg()
    print(f"{ROWS} figure rows; {args.reps} repetitions; load average {load[0]:.1f} on {os.cpu_count()} cores\n")
    print("| step | wall s (median) | CPU s (median) | target 2 s, on CPU time |\n|---|---:|---:|---|")
    for name, samples in results.items():
        wall, cpu = statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)
        verdict = "" if name.startswith("(") else ("met" if cpu <= TARGET_S else "NOT met")
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {verdict} |")
    for case, parts in stages.items():
        print(f"\nimport stages, CPU ({case}): " + ", ".join(
            f"{k} {statistics.median(v):.2f} s" for k, v in parts.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": ROWS, "load": load, "samples": results, "stages": stages},
                                        indent=1), "utf-8")


if __name__ == "__main__":
    main()
