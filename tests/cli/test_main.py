"""The entry point itself, run as a real process: a reader that closes the pipe early."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

AURELIA = Path(__file__).resolve().parents[2] / "sample_countries" / "aurelia"


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
