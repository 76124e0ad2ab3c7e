"""Time the forecast's draws of two versions of landrelease side by side, in one process.

This virtual machine's speed drifts by a quarter to a half between runs a few minutes apart,
so two benchmark runs one after the other cannot tell a 5% gain from the drift. Here each
version (a git ref, or ``WORKTREE`` for the files as they are) is copied under a name of its
own (``lr_a``, ``lr_b``: every ``landrelease`` import renamed, each with its own numba
cache), both are imported into one process, and each round times ``forecast`` of the same
draws with one then the other (the order alternating): both see the same machine at the
same moment. Prints each round's milliseconds a draw, the median of the per-round ratios
(b / a) and whether both gave the same summary (they should when a change is meant to
leave the draws as they were).

Run from the repository root (the first rounds compile each copy's kernels, untimed)::

    .venv/bin/python bench/compare_versions.py HEAD~3 WORKTREE               # aurelia
    .venv/bin/python bench/compare_versions.py main WORKTREE --hazards 100000 --draws 30
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORKTREE = "WORKTREE"
_IMPORT = re.compile(r"\blandrelease(?=\.|\s+import\b|\s*$)", re.MULTILINE)


def _copy(ref: str, name: str, into: Path) -> None:
    """The package at ``ref`` (and the bench helpers) under ``into``, renamed ``name``."""
    package = into / name
    if ref == WORKTREE:
        shutil.copytree(ROOT / "src" / "landrelease", package)
        bench = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "bench").glob("*.py")}
    else:
        archive = subprocess.run(
            ["git", "archive", ref, "src/landrelease", "bench"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        unpacked = into / f"{name}_tree"
        unpacked.mkdir()
        subprocess.run(["tar", "-x", "-C", str(unpacked)], input=archive, check=True)
        shutil.move(unpacked / "src" / "landrelease", package)
        bench = {p.name: p.read_text(encoding="utf-8") for p in (unpacked / "bench").glob("*.py")}
    for cache in package.rglob("__pycache__"):
        shutil.rmtree(cache)
    for path in package.rglob("*.py"):
        path.write_text(_IMPORT.sub(name, path.read_text(encoding="utf-8")), encoding="utf-8")
    for file in ("bench_projection.py", "reference_loop.py"):  # the synthetic countries
        text = _IMPORT.sub(name, bench[file]).replace(
            "from reference_loop import", f"from reference_loop_{name} import"
        )
        (into / f"{file.removesuffix('.py')}_{name}.py").write_text(text, encoding="utf-8")


def _case(name: str, hazards: int | None) -> tuple[Any, Any, Any]:
    """``forecast`` of package ``name`` and the country and scenario it times."""
    forecast = importlib.import_module(f"{name}.forecast").forecast
    if hazards is None:
        country = importlib.import_module(f"{name}.io.country").load_country(
            ROOT / "sample_countries" / "aurelia"
        )
        scenario = importlib.import_module(f"{name}.scenario").load_scenario(
            "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
        )
    else:
        made = importlib.import_module(f"bench_projection_{name}")
        country = made.synthetic_country(hazards)
        scenario = made.synthetic_scenario(country)
    return forecast, country, scenario


def _digest(summary: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(summary, sort_keys=True, default=str).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="git ref of the first version, or WORKTREE")
    parser.add_argument("b", help="git ref of the second version, or WORKTREE")
    parser.add_argument("--hazards", type=int, default=None, help="synthetic (default aurelia)")
    parser.add_argument("--draws", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        into = Path(tmp)
        names = {"lr_a": args.a, "lr_b": args.b}
        for name, ref in names.items():
            _copy(ref, name, into)
        sys.path.insert(0, str(into))
        cases = {name: _case(name, args.hazards) for name in names}
        for forecast, country, scenario in cases.values():
            forecast(country, scenario, draws=min(args.draws, 20), seed=1)  # compile, load
        ms: dict[str, list[float]] = {name: [] for name in names}
        digests: dict[str, str] = {}
        for r in range(args.rounds):
            order = list(names) if r % 2 == 0 else list(reversed(names))
            for name in order:
                forecast, country, scenario = cases[name]
                start = time.perf_counter()
                result = forecast(country, scenario, draws=args.draws, seed=0)
                ms[name].append(1000 * (time.perf_counter() - start) / args.draws)
                digests[name] = _digest(result.summary)
            print(f"round {r + 1}: " + ", ".join(f"{n} {ms[n][-1]:.3f} ms" for n in names))
    a, b = ms["lr_a"], ms["lr_b"]
    ratio = statistics.median(y / x for x, y in zip(a, b, strict=True))
    print(
        f"{args.a}: median {statistics.median(a):.3f} ms a draw; {args.b}: "
        f"{statistics.median(b):.3f} ms; median ratio b/a {ratio:.3f} over {args.rounds} "
        f"rounds; same summary: {digests['lr_a'] == digests['lr_b']}"
    )
    print(json.dumps({"compare": {"a": args.a, "b": args.b, "ratio": round(ratio, 4)}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
