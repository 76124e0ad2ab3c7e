"""Semicolon-separated CSV from Excel in comma-decimal locales."""

from __future__ import annotations

import pytest

from landrelease import ValidationError, read_hazards, read_releases


def test_semicolon_csv_reads_decimal_commas(tmp_path):
    path = tmp_path / "hazards.csv"
    path.write_text(
        "hazard_id;region;status;contamination_type;area_m2\n"
        "H1;North;SHA;ap_mine;1.234,5\n"
        "H2;North;CHA;ap_mine;750,25\n"
        "H3;North;CHA;ap_mine;12.5\n",
        encoding="utf-8",
    )
    table = read_hazards(path)
    assert table["area_m2"].tolist() == [1234.5, 750.25, 12.5]


def test_comma_csv_does_not_guess_decimal_commas(tmp_path):
    path = tmp_path / "releases.csv"
    path.write_text(
        'region,year,method,area_m2,contamination_type\nNorth,2024,cleared,"1,5",ap_mine\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        read_releases(path)
    (p,) = info.value.problems
    assert (p.row, p.column, p.value) == (2, "area_m2", "1,5")
