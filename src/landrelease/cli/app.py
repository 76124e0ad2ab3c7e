"""``landrelease app [COUNTRY_DIR] [--port N]``: start the Streamlit app on this computer.

The app (``app/main.py`` of the source tree) runs on 127.0.0.1 only, headless, without usage
statistics, and needs no internet. Streamlit runs as a child process; stopping this command
(Ctrl+C or SIGTERM) stops it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from landrelease.errors import LandreleaseError

__all__ = ["APP_MAIN", "COUNTRY_ENV", "app_command", "register", "run"]

APP_MAIN = Path(__file__).resolve().parents[3] / "app" / "main.py"
"""The app's entry script, next to ``src/`` in the source tree."""
COUNTRY_ENV = "LANDRELEASE_APP_COUNTRY"
"""Environment variable telling the app which country folder to open first."""
ADDRESS = "127.0.0.1"


def register(sub: Any) -> None:
    """Add the ``app`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "app",
        help="start the app in a web browser on this computer (Streamlit)",
        description="Start the landrelease app on http://127.0.0.1:PORT (this computer only; "
        "no internet needed, no usage statistics sent) with a country open: COUNTRY_DIR, or "
        "the sample country aurelia. Open the address in a web browser; Ctrl+C stops it.",
    )
    p.add_argument(
        "country",
        type=Path,
        nargs="?",
        help="a country folder to open first (default: the sample country aurelia)",
    )
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default: 8501)")
    p.set_defaults(run=run)


def app_command(port: int, main: Path = APP_MAIN) -> list[str]:
    """The command that starts Streamlit on 127.0.0.1:``port`` with the app."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(main),
        "--server.address",
        ADDRESS,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def _check(args: argparse.Namespace) -> dict[str, str]:
    """The child's environment; raises for what would stop the app from starting."""
    if not APP_MAIN.is_file():
        raise LandreleaseError(
            f"the app is not installed: {APP_MAIN} not found; run from a source checkout "
            "installed with pip install -e ."
        )
    if importlib.util.find_spec("streamlit") is None or importlib.util.find_spec("plotly") is None:
        raise LandreleaseError("the app needs Streamlit and Plotly: pip install -e .")
    if not 1 <= args.port <= 65535:
        raise LandreleaseError(f"--port {args.port}: expected a port number 1-65535")
    env = dict(os.environ)
    if args.country is not None:
        folder = args.country.expanduser().resolve()
        if not folder.is_dir():
            raise LandreleaseError(
                f"{args.country}: not a folder; a country is a folder with country.toml"
            )
        env[COUNTRY_ENV] = str(folder)
    return env


def run(args: argparse.Namespace) -> int:
    """Start Streamlit and wait for it; return its exit code."""
    env = _check(args)
    print(f"landrelease app: http://{ADDRESS}:{args.port} (Ctrl+C to stop)", flush=True)
    child = subprocess.Popen(app_command(args.port), env=env)

    def stop(signum: int, frame: FrameType | None) -> None:
        child.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.terminate()
        try:
            return child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if child.poll() is None:
            child.kill()
            child.wait()
