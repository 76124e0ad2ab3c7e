"""``project --format long``: long.csv beside the other tables, in the manifest, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from landrelease.cli.main import main
from landrelease.io.manifest import MANIFEST_FILE, check_output_set
from landrelease.reports.long_format import LONG_COLUMNS, LONG_KEY

ROOT = Path(__file__).resolve().parents[2]
CASCADIA = ROOT / "sample_countries" / "cascadia"


def test_format_long_writes_long_csv_beside_the_tables_and_in_the_manifest(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["project", str(CASCADIA), "--out", str(out), "--format", "long"]
    assert main(args) == 0
    assert "long.csv" in capsys.readouterr().out
    long = pd.read_csv(out / "long.csv")
    assert list(long.columns) == list(LONG_COLUMNS)
    assert not long.duplicated(list(LONG_KEY)).any()
    annual = pd.read_csv(out / "annual.csv")
    remaining = long[(long["variable"] == "Area|Remaining") & (long["region"] == "Cascadia")]
    assert list(remaining["year"]) == list(annual["year"])
    assert list(remaining["value"]) == list(annual["remaining_area_m2"])
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert "long.csv" in {f["name"] for f in manifest["files"]}
    assert check_output_set(out) == []


def test_a_later_run_without_long_removes_the_stale_long_csv(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["project", str(CASCADIA), "--out", str(out), "--format", "long"]) == 0
    assert main(["project", str(CASCADIA), "--out", str(out)]) == 0
    assert not (out / "long.csv").exists()
    assert check_output_set(out) == []


def test_format_long_without_out_is_a_clear_error(capsys):
    assert main(["project", str(CASCADIA), "--format", "long"]) == 1
    err = capsys.readouterr().err
    assert "--out" in err
    assert "Traceback" not in err
