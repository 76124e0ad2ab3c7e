"""``landrelease app``: the command it runs, the country it passes, the app's settings."""

from __future__ import annotations

import subprocess
import tomllib

import pytest
from apptest_support import APP_DIR, APP_MAIN, SAMPLES

from landrelease.cli import app as app_command
from landrelease.cli.main import main


def test_streamlit_runs_on_localhost_headless_without_statistics():
    command = app_command.app_command(8600)
    assert command[1:5] == ["-m", "streamlit", "run", str(APP_MAIN)]
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags == {
        "--server.address": "127.0.0.1",
        "--server.port": "8600",
        "--server.headless": "true",
        "--browser.gatherUsageStats": "false",
    }


def test_the_app_reads_the_country_the_command_names():
    from lrapp import paths

    assert app_command.COUNTRY_ENV == paths.COUNTRY_ENV
    assert app_command.APP_MAIN == paths.APP_DIR / "main.py"


def test_the_app_settings_file_keeps_the_app_local():
    config = tomllib.loads((APP_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    # above the app's own limit: a larger file reaches the app, which names it and the limit
    from lrapp.uploads import MAX_UPLOAD_MB

    assert config["server"]["maxUploadSize"] > MAX_UPLOAD_MB


class FakeChild:
    """Stands in for the Streamlit process."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.command, self.env = command, env
        self.terminated = False

    def wait(self, timeout: float | None = None) -> int:
        return 0

    def poll(self) -> int:
        return 0

    def terminate(self) -> None:
        self.terminated = True


def test_app_passes_the_country_and_returns_streamlits_code(monkeypatch, capsys):
    started: list[FakeChild] = []

    def popen(command, env):
        started.append(FakeChild(command, env))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    assert main(["app", str(SAMPLES / "cascadia"), "--port", "8601"]) == 0
    (child,) = started
    assert child.env[app_command.COUNTRY_ENV] == str((SAMPLES / "cascadia").resolve())
    assert "--server.port" in child.command
    assert "http://127.0.0.1:8601" in capsys.readouterr().out


def test_app_without_a_country_opens_the_sample(monkeypatch):
    started: list[FakeChild] = []
    monkeypatch.delenv(app_command.COUNTRY_ENV, raising=False)
    monkeypatch.setattr(
        subprocess, "Popen", lambda c, env: started.append(FakeChild(c, env)) or started[-1]
    )
    assert main(["app"]) == 0
    assert app_command.COUNTRY_ENV not in started[0].env


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["app", "no/such/folder"], "not a folder"),
        (["app", "--port", "0"], "port"),
    ],
)
def test_bad_arguments_are_messages(monkeypatch, capsys, argv, message):
    monkeypatch.setattr(subprocess, "Popen", pytest.fail)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
