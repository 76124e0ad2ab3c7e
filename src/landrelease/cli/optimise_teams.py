"""``landrelease optimise-teams COUNTRY_DIR --scenario S --by YEAR --out FILE.toml``: the
least-cost team mix that completes Article 5 by a year, written as a scenario file."""

from __future__ import annotations

import argparse
import tomllib
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from landrelease import __version__
from landrelease.cli.common import country_and_scenarios
from landrelease.domain.country import Country
from landrelease.engine import project
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.export.scenario_file import write_override
from landrelease.optimise import RECRUITMENT_RAMP_FACTOR, TeamMix, optimise_teams
from landrelease.optimise.teams import team_table
from landrelease.scenario import load_scenario
from landrelease.scenario.model import TEAM_KINDS


def _ramp(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 1.5)") from None
    if not value >= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is below 1; give 1 or more (e.g. 1.5)")
    return value


def register(sub: Any) -> None:
    """Add the ``optimise-teams`` command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "optimise-teams",
        help="the least-cost teams by kind that complete Article 5 by a year",
        description="The cheapest whole teams by kind and year with which Article 5 is "
        "complete by the end of a year, within the scenario's money and a recruitment ramp "
        "(total team-years grow at most --ramp-factor a year from today's): a "
        "mixed-integer program on the aggregate model, checked (and repaired) with the "
        "projection itself. Writes the teams as a scenario file (base = the scenario, only "
        "the chosen kinds of [teams] replaced) to open, edit and project; prints the cost and "
        "the completion "
        "year. Exit 1 with the limit that binds when no mix completes by the year "
        "(docs/optimise.md).",
    )
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--scenario",
        default="baseline",
        help="a scenario name in the country's scenarios/ folder, or a TOML file in it "
        "(default: baseline)",
    )
    p.add_argument(
        "--by", type=int, required=True, dest="by_year", help="Article 5 complete by this year"
    )
    p.add_argument("--out", type=Path, required=True, help="the scenario file to write (.toml)")
    ramp = p.add_mutually_exclusive_group()
    ramp.add_argument(
        "--ramp-factor",
        type=_ramp,
        default=RECRUITMENT_RAMP_FACTOR,
        help="largest yearly growth of total team-years, from today's "
        f"(default {RECRUITMENT_RAMP_FACTOR:g}, the review's ramp-up limit)",
    )
    ramp.add_argument(
        "--no-ramp-limit", action="store_true", help="no limit on recruitment (not realistic)"
    )
    p.add_argument(
        "--keep",
        action="append",
        default=[],
        choices=TEAM_KINDS,
        metavar="KIND",
        help="keep this kind's teams as the scenario gives them, not chosen (repeat for "
        f"several; kinds: {', '.join(TEAM_KINDS)})",
    )
    p.set_defaults(run=run)


def _scenario_file(spec: str, folder: Path | None) -> Path:
    """The file scenario ``spec`` was read from (as :func:`load_scenario` resolves it)."""
    path = Path(spec)
    if path.suffix.lower() == ".toml" and path.is_file():
        return path
    assert folder is not None  # a name was resolved in the scenarios folder
    return folder / (f"{spec}.toml" if path.suffix == "" else path)


def _chain(file: Path, folder: Path) -> list[Path]:
    """``file`` and the files of its ``base`` scenarios (already read once, so valid)."""
    chain = [file.resolve()]
    while True:
        base = tomllib.loads(chain[-1].read_text(encoding="utf-8")).get("base")
        if not isinstance(base, str):
            return chain
        following = (folder / f"{base.removesuffix('.toml')}.toml").resolve()
        if following in chain:
            return chain
        chain.append(following)


def _base_name(country: Country, spec: str, out: Path) -> str:
    """The name the written file gives as its ``base``: the scenario's file in the country's
    scenarios folder (a base is looked up there); ``out`` must not be in the base chain."""
    folder = country.scenarios_dir
    file = _scenario_file(spec, folder)
    if folder is None or file.resolve().parent != folder.resolve():
        raise LandreleaseError(
            f"--scenario {spec}: the written file names its scenario as its base, which must "
            f"be a scenario of the country's scenarios folder {folder}; copy {file.name} "
            "there and give its name"
        )
    if out.resolve() in _chain(file, folder):
        raise LandreleaseError(
            f"--out {out}: that is scenario {file.stem!r} or one of its bases, which the "
            "written file needs as its base; give another file name"
        )
    return file.stem


def _teams_section(mix: TeamMix, command: str | None) -> dict[str, Any]:
    section: dict[str, Any] = {k: team_table(mix.years, v) for k, v in mix.teams.items()}
    ramp = (
        "no recruitment limit"
        if mix.ramp_factor is None
        else f"total team-years growing at most {mix.ramp_factor:g}× a year from today's "
        f"{mix.today_team_years:,.1f} ({mix.today_basis})"
    )
    repaired = f", {len(mix.repairs)} repairs" if mix.repairs else ""
    section["source"] = (
        f"landrelease {__version__} optimise-teams: least-cost whole teams by kind and year "
        f"completing Article 5 by {mix.by_year} (mixed-integer program on the aggregate "
        f"model, checked with the projection{repaired}); {ramp}; the scenario's money binds; "
        f"planned cost US${mix.planned_cost_usd:,.0f}, Article 5 completion in "
        f"{mix.article5_completion_year}" + (f" ({command})" if command else "")
    )
    return section


def _table(mix: TeamMix) -> list[str]:
    """Teams by kind (rows) and year (columns), through the last year the projection pays
    teams for (a kind's teams are released once its stage has no work); kinds kept at the
    scenario's teams are marked."""
    assert mix.scenario is not None
    assert mix.result is not None
    teams = {k: mix.scenario.teams[k].over(mix.years) for k in TEAM_KINDS}
    annual = mix.result.annual
    paid = sum(annual[f"planned_team_years_{k}"].to_numpy(dtype=float) for k in TEAM_KINDS)
    used = np.flatnonzero(np.asarray(paid) > 0)
    last = min(
        int(annual["year"].iloc[used[-1]] - mix.years[0]) + 1 if len(used) else 1, len(mix.years)
    )
    years = [str(int(y)) for y in mix.years[:last]]
    width = max(5, *(len(y) for y in years))
    lines = ["kind      " + " ".join(y.rjust(width) for y in years)]
    for k in TEAM_KINDS:
        cells = (f"{n:g}".rjust(width) for n in teams[k][:last])
        kept = "" if k in mix.teams else "  (kept)"
        lines.append(f"{k:<10}" + " ".join(cells) + kept)
    if last < len(mix.years):
        lines.append(f"(no team paid from {int(mix.years[last])})")
    return lines


def run(args: argparse.Namespace) -> int:
    """Optimise, print the answer, write the scenario file; exit 1 when not reachable."""
    out: Path = args.out
    if out.suffix.lower() != ".toml":
        raise LandreleaseError(f"--out {out}: give a .toml file (a scenario file)")
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    base = _base_name(country, args.scenario, out)
    ramp = None if args.no_ramp_limit else args.ramp_factor
    mix = optimise_teams(country, scenario, args.by_year, ramp_factor=ramp, keep=args.keep)
    name = f"{country.info.name}, scenario {scenario.name}"
    if not mix.reachable:
        print(f"{name}: completion by {args.by_year} is not reachable: {mix.reason}")
        return 1
    command = getattr(args, "command_line", None)
    write_override(
        out,
        name=out.stem,
        description=f"Least-cost team mix completing Article 5 by {args.by_year}, from "
        f"scenario {scenario.name!r} (landrelease optimise-teams).",
        base=base,
        sections={"teams": _teams_section(mix, command)},
        comments=(
            f"Written by landrelease {__version__} optimise-teams. Only [teams] differs from "
            f"scenario {base!r}; edit it, then project it with",
            f"  landrelease project {args.country} --scenario {out}",
        ),
    )
    # the file as a user will open it: read back and projected (its warnings shown once)
    written = load_scenario(out, country.scenarios_dir, baseline_year=country.info.baseline_year)
    check = project(country, written)
    if check.article5_completion_year != mix.article5_completion_year:  # pragma: no cover
        raise RuntimeError(
            f"{out} projects to {check.article5_completion_year}, not "
            f"{mix.article5_completion_year}"
        )
    with warnings.catch_warnings():  # the scenario as written is context, not the answer
        warnings.simplefilter("ignore", LandreleaseWarning)
        own = project(country, scenario)
    print(f"{name}: least-cost teams with Article 5 complete by {args.by_year}")
    print(
        f"  Article 5 completion in {check.article5_completion_year}, planned cost "
        f"US${check.summary['planned_cost_usd']:,.0f} (scenario {scenario.name} as written: "
        f"{own.article5_completion_year or 'not within the horizon'}, "
        f"US${own.summary['planned_cost_usd']:,.0f})"
    )
    limit = (
        "no recruitment limit"
        if ramp is None
        else f"team-years growing at most {ramp:g}× a year from today's "
        f"{mix.today_team_years:,.1f} ({mix.today_basis})"
    )
    print(f"  limits: the scenario's money each year; {limit}")
    gap = mix.gap_frac if mix.gap_frac is not None else float("nan")
    print(f"  the program's cost is within {100 * gap:.2f}% of the least it allows")
    for i, text in enumerate(mix.repairs, 1):
        print(f"  engine check, repair {i}: {text}")
    for line in _table(mix):
        print("  " + line)
    print(f"wrote {out} (base {base!r}, [teams] replaced)")
    return 0
