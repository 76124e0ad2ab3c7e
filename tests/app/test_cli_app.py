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
    assert app_command.SAMPLES_ENV == paths.SAMPLES_ENV
    assert app_command.APP_MAIN == paths.APP_DIR / "main.py"
    assert app_command.find_app_main() == APP_MAIN.resolve()


def test_the_app_lists_the_samples_the_command_names(monkeypatch, tmp_path):
    from lrapp import paths

    (tmp_path / "zedland").mkdir()
    (tmp_path / "zedland" / "country.toml").write_text("", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    monkeypatch.setenv(paths.SAMPLES_ENV, str(tmp_path))
    assert paths.sample_countries() == {"zedland": tmp_path / "zedland"}
    monkeypatch.delenv(paths.SAMPLES_ENV)
    assert set(paths.sample_countries()) == {"aurelia", "borealis", "cascadia"}


def test_a_busy_port_is_a_message_with_a_free_one(monkeypatch, capsys):
    import socket

    monkeypatch.setattr(subprocess, "Popen", pytest.fail)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["app", str(SAMPLES / "cascadia"), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"port {port}" in err
    assert "in use" in err
    assert "--port" in err
    assert "Traceback" not in err


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
    assert started[0].env[app_command.SAMPLES_ENV] == str(SAMPLES.resolve())


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


def test_without_a_source_tree_the_samples_are_generated_once_into_the_cache(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(app_command, "SOURCE_SAMPLES", tmp_path / "no-source-tree")
    first = app_command.sample_folder(tmp_path / "cache")
    assert first.parent == tmp_path / "cache"
    assert {p.name for p in first.iterdir() if (p / "country.toml").is_file()} == {
        "aurelia",
        "borealis",
        "cascadia",
    }
    marker = first / "aurelia" / "country.toml"
    written = marker.stat().st_mtime_ns
    assert app_command.sample_folder(tmp_path / "cache") == first
    assert marker.stat().st_mtime_ns == written  # reused, not written again
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [first.name]  # no staging left
