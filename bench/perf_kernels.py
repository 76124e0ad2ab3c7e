"""Where a forecast's draw spends its time, by compiled (numba) function, with Linux ``perf``.

Software sampling (``cpu-clock``: this VM exposes no hardware counters) of the draws of a
forecast, each sample put in the compiled function it fell in. numba's code has no symbols
perf can see, so the kernels are compiled afresh in a private cache directory (numba then
keeps their object code), and ``/tmp/perf-<pid>.map`` names them (perf's JIT interface).
Functions LLVM inlined count in their caller. Needs ``perf`` and ``objdump`` (binutils).

Run from the repository root (the first run compiles every kernel, 1–2 minutes)::

    .venv/bin/python bench/perf_kernels.py                          # 100,000 areas
    .venv/bin/python bench/perf_kernels.py --aurelia --draws 600
    .venv/bin/python bench/perf_kernels.py --annotate _walk --top 40

Prints milliseconds a draw and the share of samples per function; with ``--annotate NAME``
the hottest instructions of the functions whose name contains ``NAME`` (offset in the
function, share of its samples, disassembly).
"""

from __future__ import annotations

import argparse
import bisect
import collections
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

os.environ.setdefault("NUMBA_CACHE_DIR", tempfile.mkdtemp(prefix="nbprof_"))

ROOT = Path(__file__).resolve().parents[1]
Symbols = dict[int, tuple[int, str, Path]]
"""Start address → (size, mangled name, object file)."""


def short(name: str) -> str:
    """``module.function`` of a numba symbol (``_ZN11landrelease8forecast6totals...``)."""
    prefix = "cfunc." if name.startswith("cfunc.") else ""
    s = name.removeprefix("cfunc.")
    if not s.startswith("_ZN"):
        return name
    i, parts = 3, []
    while i < len(s) and s[i].isdigit():
        j = i
        while s[j].isdigit():
            j += 1
        parts.append(s[j : j + int(s[i:j])])
        i = j + int(s[i:j])
    keep = [p for p in parts if p not in ("landrelease", "forecast")]
    return prefix + ".".join(keep[-2:]) if keep else name


def _case(aurelia: bool, hazards: int) -> tuple[Any, Any]:
    """The country and scenario to forecast."""
    if aurelia:
        from landrelease.io.country import load_country
        from landrelease.scenario import load_scenario

        country = load_country(ROOT / "sample_countries" / "aurelia")
        return country, load_scenario(
            "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
        )
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_projection import synthetic_country, synthetic_scenario

    country = synthetic_country(hazards)
    return country, synthetic_scenario(country)


def _symbols(into: Path) -> Symbols:
    """Every compiled landrelease function loaded in this process, its object code written
    to ``into`` (for objdump)."""
    from numba.core.registry import CPUDispatcher

    found: Symbols = {}
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("landrelease"):
            continue
        for obj in list(vars(module).values()):
            if not isinstance(obj, CPUDispatcher):
                continue
            for cres in obj.overloads.values():
                lib = cres.library
                if id(lib) in seen:
                    continue
                seen.add(id(lib))
                try:
                    blob = lib._get_compiled_object()
                except RuntimeError:  # loaded from a cache: no object code kept
                    print(f"no object code for {lib}: use a new NUMBA_CACHE_DIR", file=sys.stderr)
                    continue
                path = into / f"lib{len(seen)}.o"
                path.write_bytes(blob)
                listing = subprocess.run(
                    ["nm", "-S", "--defined-only", str(path)], capture_output=True, text=True
                ).stdout
                for line in listing.splitlines():
                    parts = line.split()
                    if len(parts) == 4 and parts[2] in "tT":
                        address = lib.get_pointer_to_function(parts[3])
                        if address:
                            found[address] = (int(parts[1], 16), parts[3], path)
    return found


def _annotate(symbols: Symbols, hot: collections.Counter, name: str, top: int) -> None:
    """Print the hottest instructions of the functions whose short name contains ``name``."""
    for start in sorted(symbols):
        _, mangled, path = symbols[start]
        if name not in short(mangled):
            continue
        listing = subprocess.run(
            ["objdump", "-d", "--no-show-raw-insn", f"--disassemble={mangled}", str(path)],
            capture_output=True,
            text=True,
        ).stdout
        code: dict[int, str] = {}
        base = None
        for line in listing.splitlines():
            match = re.match(r"\s*([0-9a-f]+):\s+(.*)", line)
            if match:
                offset = int(match.group(1), 16)
                base = offset if base is None else base
                code[offset - base] = match.group(2)
        mine = {offset: k for (s, offset), k in hot.items() if s == start}
        total = sum(mine.values()) or 1
        print(f"\n== {short(mangled)}: {total} samples (offset: share, instruction)")
        for offset, k in sorted(mine.items(), key=lambda kv: -kv[1])[:top]:
            print(f"  +{offset:#06x}: {100 * k / total:5.1f}%  {code.get(offset, '?')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hazards", type=int, default=100_000, help="synthetic country size")
    parser.add_argument("--aurelia", action="store_true", help="the aurelia sample instead")
    parser.add_argument("--draws", type=int, default=150)
    parser.add_argument("--annotate", default=None, help="part of a function's name")
    parser.add_argument("--top", type=int, default=30, help="instructions to show")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from landrelease.forecast import forecast

    country, scenario = _case(args.aurelia, args.hazards)
    forecast(country, scenario, draws=3, seed=1)  # compiles every kernel
    work = Path(tempfile.mkdtemp(prefix="perfobj_"))
    symbols = _symbols(work)
    with open(f"/tmp/perf-{os.getpid()}.map", "w", encoding="ascii") as fh:
        for address, (size, mangled, _) in sorted(symbols.items()):
            fh.write(f"{address:x} {size:x} {mangled}\n")
    data = work / "perf.data"
    recorder = subprocess.Popen(
        ["perf", "record", "-F", "2000", "-p", str(os.getpid()), "-o", str(data)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # perf attached
    start = time.perf_counter()
    forecast(country, scenario, draws=args.draws, seed=0)
    took = time.perf_counter() - start
    recorder.send_signal(signal.SIGINT)
    recorder.wait()
    print(f"{1e3 * took / args.draws:.2f} ms a draw ({args.draws} draws)")
    ips = subprocess.run(
        ["perf", "script", "-i", str(data), "-F", "ip"], capture_output=True, text=True
    ).stdout.split()
    starts = sorted(symbols)
    per: collections.Counter = collections.Counter()
    hot: collections.Counter = collections.Counter()
    for ip in (int(x, 16) for x in ips if re.fullmatch(r"[0-9a-f]+", x)):
        j = bisect.bisect_right(starts, ip) - 1
        if j >= 0 and ip < starts[j] + symbols[starts[j]][0]:
            per[short(symbols[starts[j]][1])] += 1
            hot[(starts[j], ip - starts[j])] += 1
        else:
            per["(not a kernel: Python, numpy, malloc, the OS)"] += 1
    total = sum(per.values()) or 1
    for name, k in per.most_common(25):
        print(f"{100 * k / total:6.2f}%  {name}")
    if args.annotate:
        _annotate(symbols, hot, args.annotate, args.top)


if __name__ == "__main__":
    main()
