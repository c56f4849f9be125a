"""Spreadsheet import and export at the scale of a county-level national map.

    python benchmarks/sheets.py            # 3 repetitions; prints a table
    python benchmarks/sheets.py --reps 5 --json output/sheets.json

The input is synthetic: 200 units x 15 figures = 3,000 figure rows (the data
schema allows at most 200 units and 40 figures each), with the real file's
source, page and themes. Measured in this process, median of the repetitions:

- export to XLSX and to CSV, including loading and validating the data file;
- import of the exported XLSX with one value changed (the common case), and
  with all 3,000 values changed (the worst case), each split into its stages:
  reading the sheet, locating fields in the YAML, checking rows, validating the
  new text with ``load_records`` (the same rules as ``mapgen check``);
- for comparison, a ruamel.yaml round trip (load and dump) of the same file,
  if ruamel.yaml is installed: the approach the import does not use.

Targets (issue 17): import <= 2 s and export <= 2 s. Reported, never asserted.
The machine's load average is printed: on a shared machine it moves the numbers.

``--libyaml`` measures what ``mapgen/yamlsource.py`` would give if it composed
with PyYAML's libyaml-backed ``CSafeLoader`` instead of the pure-Python
``SafeLoader`` (patched in this process only): most of both commands' time is
``load_records`` reading the 16,000-line data file.
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
TARGET_S = 2.0


def write_data(path: Path) -> None:
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

    out = {}
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
    out["validate (load_records)"] = time.process_time() - c
    assert not problems and not reader.problems, problems or reader.problems
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--libyaml", action="store_true", help="read the data file with libyaml (see above)")
    args = parser.parse_args()
    if args.libyaml:
        import types

        import yaml

        from mapgen import yamlsource

        yamlsource.yaml = types.SimpleNamespace(**{k: getattr(yaml, k) for k in dir(yaml) if not k.startswith("__")})
        yamlsource.yaml.SafeLoader = yaml.CSafeLoader

    from mapgen.records import load_records
    from mapgen.sheets import export_figures, import_figures

    results: dict[str, list[tuple[float, float]]] = {}
    stages: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="mapgen-bench-") as folder:
        tmp = Path(folder)
        data = tmp / "data.yaml"
        write_data(data)
        export_figures(load_records(data), tmp / "base.xlsx")
        _edit_sheet(tmp / "base.xlsx", tmp / "one.xlsx", every=False)
        _edit_sheet(tmp / "base.xlsx", tmp / "all.xlsx", every=True)
        for _ in range(args.reps):
            for fmt in ("xlsx", "csv"):
                results.setdefault(f"export {fmt}", []).append(
                    _time(lambda: export_figures(load_records(data), tmp / f"out.{fmt}")))
            for case in ("one", "all"):
                work = tmp / f"work-{case}.yaml"
                shutil.copy(data, work)
                results.setdefault(f"import xlsx, {case} changed", []).append(
                    _time(lambda: import_figures(tmp / f"{case}.xlsx", work)))
                shutil.copy(data, work)
                for k, v in _stages(tmp / f"{case}.xlsx", work).items():
                    stages.setdefault(case, {}).setdefault(k, []).append(v)
        try:
            from ruamel.yaml import YAML
        except ImportError:
            YAML = None
        if YAML is not None:
            import io

            text = data.read_text("utf-8")

            def ruamel_round_trip():
                y = YAML()
                y.preserve_quotes, y.width = True, 10**9
                y.indent(mapping=2, sequence=4, offset=2)
                y.dump(y.load(text), io.StringIO())

            results["(ruamel.yaml load+dump, not used)"] = [_time(ruamel_round_trip)]

    load = os.getloadavg()
    print(f"{UNITS * FIGURES} figure rows; {args.reps} repetitions; load average {load[0]:.1f} "
          f"on {os.cpu_count()} cores{'; data read with libyaml' if args.libyaml else ''}\n")
    print("| step | wall s (median) | CPU s (median) | target 2 s, on CPU time |\n|---|---:|---:|---|")
    for name, samples in results.items():
        wall, cpu = statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)
        verdict = "" if name.startswith("(") else ("met" if cpu <= TARGET_S else "NOT met")
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {verdict} |")
    for case, parts in stages.items():
        print(f"\nimport stages, CPU ({case} changed): " + ", ".join(
            f"{k} {statistics.median(v):.2f} s" for k, v in parts.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": UNITS * FIGURES, "load": load, "samples": results,
                                         "stages": stages}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
