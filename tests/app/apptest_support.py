"""Helpers of the app's tests (imported by the tests; ``conftest.py`` puts this folder and
the app folder on ``sys.path``)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "app"
APP_MAIN = APP_DIR / "main.py"
SAMPLES = ROOT / "sample_countries"
PAGES = (
    "country",
    "baseline",
    "scenario",
    "projection",
    "compare",
    "request_pack",
    "review",
    "donor",
    "portfolio",
)
TIMEOUT_S = 60


def start_app() -> AppTest:
    """A fresh session of the app, first run done, with no exception."""
    at = AppTest.from_file(str(APP_MAIN), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(at: AppTest, name: str) -> AppTest:
    """Switch to ``views/<name>.py`` and run; fail on any exception shown."""
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    """The value of the metric whose label starts with ``label``."""
    found = [m.value for m in at.metric if m.label.startswith(label)]
    assert found, f"no metric {label!r}; metrics: {[m.label for m in at.metric]}"
    return found[0]


def button(at: AppTest, label: str):
    """The button (or form submit button) labelled ``label``."""
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]
