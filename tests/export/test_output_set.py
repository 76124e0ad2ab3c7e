"""Output sets: only the tool's own files are replaced, the manifest is written last and lists
the set, an interrupted write is detectable, and nothing temporary stays behind."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from landrelease import __version__
from landrelease.cli.main import main
from landrelease.errors import LandreleaseError
from landrelease.export import output_set
from landrelease.export.output_set import PROJECTION_FILES, OutputFile, write_set
from landrelease.export.writers import atomic_write
from landrelease.io.manifest import MANIFEST_FILE, check_output_set

USER_FILES = {
    "notes.txt": b"my notes",
    "data.csv": b"a,b\n1,2\n",
    "manifest.json": b'{"name": "a web app"}',
    "sub/deep.txt": b"deep",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def put_user_files(folder: Path) -> None:
    for name, data in USER_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def assert_user_files_untouched(folder: Path) -> None:
    for name, data in USER_FILES.items():
        assert (folder / name).read_bytes() == data, name


def hidden(folder: Path) -> list[str]:
    """Temporary files or staging folders left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def tiny(write, fmt: str = "csv", hazards=None, folder: str = "testland") -> Path:
    """The tiny test country with a baseline scenario."""
    root = write.country(fmt, hazards, folder=folder)
    (root / "scenarios").mkdir()
    (root / "scenarios" / "baseline.toml").write_text(
        'name = "baseline"\n[teams]\nmanual = 2\nnts = 1\nts = 1\n', encoding="utf-8"
    )
    return root


def project_into(country: Path, out: Path) -> int:
    return main(["project", str(country), "--out", str(out)])


def test_project_out_into_a_folder_of_user_files_leaves_them_alone(write, tmp_path, capsys):
    country = tiny(write)
    out = tmp_path / "work"
    out.mkdir()
    put_user_files(out)
    inode = out.stat().st_ino
    assert project_into(country, out) == 0
    assert project_into(country, out) == 0  # and again, over its own files
    assert_user_files_untouched(out)
    assert out.stat().st_ino == inode  # the folder itself was never swapped
    assert {*PROJECTION_FILES, MANIFEST_FILE} <= {p.name for p in out.iterdir()}
    assert hidden(out) == []
    assert check_output_set(out) == []


def test_manifest_lists_the_set_and_the_inputs(write, tmp_path, capsys):
    country = tiny(write)
    out = tmp_path / "out"
    assert project_into(country, out) == 0
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["tool"] == "landrelease"
    assert manifest["tool_version"] == __version__
    assert manifest["command"].startswith("landrelease project ")
    assert manifest["created_utc"]
    files = {f["name"]: f for f in manifest["files"]}
    assert list(files) == list(PROJECTION_FILES)
    for name, entry in files.items():
        assert entry["sha256"] == sha256(out / name)
        assert entry["size_bytes"] == (out / name).stat().st_size
    inputs = {i["file"]: i["sha256"] for i in manifest["inputs"]}
    assert inputs == {
        name: sha256(country / name) for name in ("country.toml", "hazards.csv", "releases.csv")
    }
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["provenance"]["tool_version"] == __version__
    assert {i["file"]: i["sha256"] for i in summary["provenance"]["inputs"]} == inputs
    assert summary["provenance"]["scenario_hash"] == summary["scenario_hash"]


def test_a_shapefile_input_is_hashed_with_its_attributes(write, tmp_path, capsys):
    country = tiny(write, "shp")
    out = tmp_path / "out"
    assert project_into(country, out) == 0
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    roles = {i["role"]: i["sha256"] for i in manifest["inputs"]}
    assert roles["hazards"] == sha256(country / "hazards.shp")
    assert roles["hazards_dbf"] == sha256(country / "hazards.dbf")


def fail_on_call(monkeypatch, target, name: str, call: int) -> None:
    """Make ``target.name`` raise on its ``call``-th call (as a kill would stop it there)."""
    real = getattr(target, name)
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise KeyboardInterrupt("killed (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, flaky)


def test_killed_while_writing_keeps_the_previous_set_whole(write, tmp_path, monkeypatch, capsys):
    country = tiny(write)
    out = tmp_path / "out"
    assert project_into(country, out) == 0
    before = {name: (out / name).read_bytes() for name in (*PROJECTION_FILES, MANIFEST_FILE)}
    fail_on_call(monkeypatch, output_set, "write_csv_to", 2)  # after the first file
    assert project_into(country, out) == 130  # the CLI's exit code for an interrupt
    after = {name: (out / name).read_bytes() for name in (*PROJECTION_FILES, MANIFEST_FILE)}
    assert after == before
    assert check_output_set(out) == []
    assert hidden(out) == []


def test_killed_while_moving_files_leaves_no_manifest_claiming_the_mix(
    write, hazards, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out"
    assert project_into(tiny(write), out) == 0
    old_summary = (out / "summary.json").read_bytes()
    old_annual = (out / "annual.csv").read_bytes()
    hazards[0]["area_m2"] = 5_000.0  # a different run: other numbers in every file
    country = tiny(write, "csv", hazards, folder="other")
    fail_on_call(monkeypatch, output_set.os, "replace", 2)  # annual.csv moved, then killed
    assert project_into(country, out) == 130
    assert (out / "annual.csv").read_bytes() != old_annual  # a new annual.csv beside …
    assert (out / "summary.json").read_bytes() == old_summary  # … the old run's summary …
    assert not (out / MANIFEST_FILE).exists()  # … and no manifest claims the mixed set
    problems = check_output_set(out)
    assert [p.severity for p in problems] == ["warning"]
    assert "cannot tell whether this set of files is complete" in problems[0].message
    assert hidden(out) == []


def test_a_file_changed_after_writing_is_reported(write, tmp_path, capsys):
    out = tmp_path / "out"
    assert project_into(tiny(write), out) == 0
    with (out / "annual.csv").open("a", encoding="utf-8") as handle:
        handle.write("2099,1,2,3\n")
    (out / "schedule.csv").unlink()
    messages = [p.message for p in check_output_set(out, ["annual_by_type.csv", "extra.csv"])]
    assert any(m.startswith("annual.csv is not the file") for m in messages)
    assert any(m.startswith("schedule.csv is listed") for m in messages)
    assert any(m.startswith("extra.csv is not part of the set") for m in messages)
    assert len(messages) == 3


def test_somebody_elses_manifest_file_is_never_replaced(tmp_path):
    (tmp_path / MANIFEST_FILE).write_text('{"tool": "other"}', encoding="utf-8")
    files = [OutputFile("a.csv", lambda h: h.write("a\n1\n"))]
    with pytest.raises(LandreleaseError, match="not a landrelease manifest"):
        write_set(tmp_path, files)
    assert (tmp_path / MANIFEST_FILE).read_text(encoding="utf-8") == '{"tool": "other"}'
    assert not (tmp_path / "a.csv").exists()


def test_a_stale_file_of_the_set_is_removed_and_others_kept(tmp_path):
    (tmp_path / "old.csv").write_text("x", encoding="utf-8")
    (tmp_path / "mine.csv").write_text("y", encoding="utf-8")
    files = [OutputFile("new.csv", lambda h: h.write("a\n"))]
    write_set(tmp_path, files, own=("old.csv", "new.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST_FILE, "mine.csv", "new.csv"]


def test_an_interrupt_inside_a_write_callback_cleans_up(tmp_path):
    def boom(handle):
        handle.write("half")
        raise KeyboardInterrupt

    out = tmp_path / "new"
    with pytest.raises(KeyboardInterrupt):
        write_set(out, [OutputFile("a.csv", lambda h: h.write("a\n")), OutputFile("b.csv", boom)])
    assert not out.exists()  # the folder this write made, left empty, is gone
    assert hidden(tmp_path) == []


def test_an_interrupt_inside_a_single_file_write_removes_its_temporary_file(tmp_path):
    def boom(handle):
        handle.write("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "review.md", boom)
    assert list(tmp_path.iterdir()) == []
