"""``landrelease app [COUNTRY_DIR] [--port N]``: start the Streamlit app on this computer.

The app (the package ``landrelease_app``: ``app/`` of the source tree, shipped in the wheel)
runs on 127.0.0.1 only, headless, without usage statistics, and needs no internet. Streamlit
runs as a child process; stopping this command (Ctrl+C or SIGTERM) stops it.

Without a country, the app opens the sample country aurelia: from the source tree's
``sample_countries/`` when there is one, else written once by the sample generator into the
user's cache folder (``$XDG_CACHE_HOME/landrelease/samples-<version>``).
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

from landrelease import __version__
from landrelease.errors import LandreleaseError

__all__ = [
    "APP_MAIN",
    "COUNTRY_ENV",
    "SAMPLES_ENV",
    "app_command",
    "find_app_main",
    "register",
    "run",
    "sample_folder",
]


def find_app_main() -> Path | None:
    """The app's entry script (``main.py`` of the package ``landrelease_app``), or ``None``
    when the app is not installed."""
    spec = importlib.util.find_spec("landrelease_app")
    if spec is None or not spec.submodule_search_locations:
        return None
    main = Path(next(iter(spec.submodule_search_locations))) / "main.py"
    return main.resolve() if main.is_file() else None


APP_MAIN = find_app_main() or Path(__file__).resolve().parents[3] / "app" / "main.py"
"""The app's entry script (``app/main.py`` in the source tree, ``landrelease_app/main.py``
in an installed wheel)."""
COUNTRY_ENV = "LANDRELEASE_APP_COUNTRY"
"""Environment variable telling the app which country folder to open first."""
SAMPLES_ENV = "LANDRELEASE_SAMPLES_DIR"
"""Environment variable telling the app where the sample countries are."""
SOURCE_SAMPLES = Path(__file__).resolve().parents[3] / "sample_countries"
"""The sample countries of a source checkout (absent in an installed wheel)."""
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


def sample_folder(cache: Path | None = None) -> Path:
    """The folder holding the sample countries: the source tree's ``sample_countries/``, else
    a folder in the user's cache, written by the sample generator the first time (a few
    seconds) and reused after."""
    if (SOURCE_SAMPLES / "aurelia" / "country.toml").is_file():
        return SOURCE_SAMPLES
    if cache is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        cache = Path(base) / "landrelease"
    folder = cache / f"samples-{__version__}"
    if (folder / "aurelia" / "country.toml").is_file():
        return folder
    from landrelease.samples import write_samples  # a few seconds; only when needed

    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".samples-", dir=cache))
    try:
        write_samples(staging)
        try:
            staging.rename(folder)
        except OSError:  # another start wrote it meanwhile: keep theirs
            if not (folder / "aurelia" / "country.toml").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _port_free(port: int) -> bool:
    """True if nothing listens on ``127.0.0.1:port`` (so Streamlit can bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((ADDRESS, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def _check(args: argparse.Namespace) -> dict[str, str]:
    """The child's environment; raises for what would stop the app from starting."""
    if find_app_main() is None:
        raise LandreleaseError(
            "the app is not installed (package landrelease_app not found); reinstall "
            "landrelease: pip install landrelease (or pip install -e . in a source checkout)"
        )
    if importlib.util.find_spec("streamlit") is None or importlib.util.find_spec("plotly") is None:
        raise LandreleaseError("the app needs Streamlit and Plotly: pip install landrelease")
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
    if not _port_free(args.port):
        raise LandreleaseError(
            f"port {args.port} on {ADDRESS} is in use (another landrelease app, or another "
            f"program); choose another with --port, e.g. --port {_next_free(args.port)}"
        )
    env[SAMPLES_ENV] = str(sample_folder())
    return env


def _next_free(port: int) -> int:
    """The first free port after ``port`` (for the message), or ``port + 1``."""
    for candidate in range(port + 1, min(port + 50, 65536)):
        if _port_free(candidate):
            return candidate
    return port + 1


def run(args: argparse.Namespace) -> int:
    """Start Streamlit and wait for it; return its exit code."""
    env = _check(args)
    print(f"landrelease app: http://{ADDRESS}:{args.port} (Ctrl+C to stop)", flush=True)
    main = find_app_main()
    assert main is not None  # checked above
    child = subprocess.Popen(app_command(args.port, main), env=env)

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
