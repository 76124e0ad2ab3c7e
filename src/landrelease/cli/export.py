"""``landrelease export COUNTRY_DIR --scenario NAME --out FILE.xlsx|FILE.docx|DIR [--public]``:
write the Article 5 extension-request pack."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from landrelease.cli.common import country_and_scenarios, printing_warnings
from landrelease.engine import project
from landrelease.export.request_write import request_format, write_request
from landrelease.reports.request import PUBLIC_OMITTED, build_request_pack

_WHAT = {"xlsx": "workbook", "docx": "annex", "csv": "CSV folder"}


def register(sub: Any) -> None:
    """Add the ``export`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "export",
        help="write the extension-request tables (XLSX, DOCX annex or CSV folder)",
        description="Project under a scenario and write the Article 5 extension-request "
        "tables: an .xlsx workbook (one sheet per table, then metadata), a .docx annex "
        "(captioned tables and charts) or, for a path without extension, a folder of CSV "
        "files. Files are written atomically.",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--scenario",
        default="baseline",
        help="a scenario name in the country's scenarios/ folder, or a TOML file "
        "(default: baseline)",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="FILE.xlsx, FILE.docx, or a folder for CSV files",
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="leave out the list of areas (identifiers and coordinates of areas not yet "
        "released), for publication",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Project, build the pack, write it; print what was written."""
    fmt = request_format(args.out)  # fail on a bad extension before projecting
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    result = printing_warnings(lambda: project(country, scenario))
    pack = build_request_pack(country, result, public=args.public)
    path = write_request(pack, args.out, result=result)
    kind = "public " if args.public else ""
    left_out = f"; left out: {', '.join(PUBLIC_OMITTED)}" if args.public else ""
    print(
        f"wrote {kind}{_WHAT[fmt]} {path}: {len(pack.tables)} tables and metadata "
        f"for {country.info.name}, scenario {scenario.name}{left_out}"
    )
    return 0
