"""The entry point itself, run as a real process: a reader that closes the pipe early; and
how it prints warnings."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

from landrelease.cli.common import warnings_to_stderr
from landrelease.errors import LandreleaseWarning

AURELIA = Path(__file__).resolve().parents[2] / "sample_countries" / "aurelia"
POLL_S = 0.002  # how often the test looks at the folder (not a timing assertion)


def test_a_closed_pipe_ends_the_command_quietly():
    """``landrelease summary aurelia | head -0``: the reader is gone before anything is
    written; the command says nothing about a broken pipe and shows no traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "landrelease", "summary", str(AURELIA)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # the reader stops before the country is even loaded
    with proc.stderr:
        err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=120)
    assert "Broken pipe" not in err
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert proc.returncode == 1


def test_sigterm_during_an_export_leaves_no_temporary_file(tmp_path):
    """SIGTERM while the workbook is being written: the command exits 143 and removes its
    hidden temporary file (``.request.xlsx.*.tmp``); no workbook appears."""
    out = tmp_path / "request.xlsx"
    # no forecast (--draws 0): the export reaches its writing at once
    command = ["export", str(AURELIA), "--out", str(out), "--draws", "0"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "landrelease", *command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        temporary: list[Path] = []
        while proc.poll() is None and not temporary:  # wait until it is writing
            temporary = list(tmp_path.glob(".request.xlsx.*.tmp"))
            time.sleep(POLL_S)
        assert temporary, "the export ended before it was seen writing"
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_each_warning_is_printed_once(capsys):
    # compare projects several scenarios and each case of each: the same calibration
    # warning would otherwise be printed once per projection
    with warnings_to_stderr():
        for text in ("thin records", "thin records", "another"):
            warnings.warn(LandreleaseWarning(text), stacklevel=1)
    assert capsys.readouterr().err.splitlines() == ["warning: thin records", "warning: another"]
