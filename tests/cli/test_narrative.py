"""``landrelease narrative init``, in-process: one file per section with its guidance as a
comment, never overwriting; the files it writes read back as empty sections."""

from __future__ import annotations

import shutil
from pathlib import Path

from landrelease.cli.main import main
from landrelease.domain.outline import outline
from landrelease.io import load_country
from landrelease.reports.request.narrative import strip_comments

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"


def test_init_writes_every_section_with_its_guidance_and_keeps_existing_files(tmp_path, capsys):
    folder = tmp_path / "cascadia"
    shutil.copytree(SAMPLES / "cascadia", folder)
    shutil.rmtree(folder / "narrative")
    (folder / "narrative").mkdir()
    mine = folder / "narrative" / "02_origin.md"
    mine.write_text("Our own words.\n", encoding="utf-8")
    assert main(["narrative", "init", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {len(outline()) - 1} section file(s)" in out
    assert "kept 1 existing file(s), unchanged: 02_origin.md" in out
    assert mine.read_text(encoding="utf-8") == "Our own words.\n"
    for section in outline():
        text = (folder / "narrative" / section.file).read_text(encoding="utf-8")
        if section.id == "origin":
            continue
        assert section.heading in text
        assert section.guidance[:40] in text.replace("\n", " ")
        for question in section.questions:
            assert f"- {question}" in text
        assert strip_comments(text).strip() == ""  # guidance only: the section is empty
    country = load_country(folder)
    assert set(country.narrative) == {s.id for s in outline()}
    assert main(["narrative", "init", str(folder)]) == 0
    assert "wrote 0 section file(s)" in capsys.readouterr().out


def test_init_needs_a_country_folder(tmp_path, capsys):
    assert main(["narrative", "init", str(tmp_path)]) == 1
    assert "not a country folder; it has no country.toml" in capsys.readouterr().err
    assert not (tmp_path / "narrative").exists()


def test_a_placeholder_typo_stops_the_export_with_the_file_and_the_line(tmp_path, capsys):
    folder = tmp_path / "cascadia"
    shutil.copytree(SAMPLES / "cascadia", folder)
    origin = folder / "narrative" / "02_origin.md"
    origin.write_text(
        origin.read_text(encoding="utf-8") + "\nSince {{ entry_into_forse_date | date }}.\n",
        encoding="utf-8",
    )
    line = (
        origin.read_text(encoding="utf-8")
        .splitlines()
        .index("Since {{ entry_into_forse_date | date }}.")
        + 1
    )
    out = tmp_path / "request.docx"
    assert main(["export", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"narrative/02_origin.md, line {line}: unknown placeholder entry_into_forse_date" in err
    assert "did you mean entry_into_force_date?" in err
    assert not out.exists()
