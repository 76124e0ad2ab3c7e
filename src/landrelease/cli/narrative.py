"""``landrelease narrative init COUNTRY_DIR``: write the skeleton of the request's text, one
Markdown file per section in ``COUNTRY_DIR/narrative/``, the guidance and the Committee's
usual questions as comments. An existing file is never overwritten."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from typing import IO, Any

from landrelease.domain.outline import NARRATIVE_FOLDER, outline
from landrelease.errors import CountryError
from landrelease.export.writers import atomic_write
from landrelease.io.country import COUNTRY_FILE


def register(sub: Any) -> None:
    """Add the ``narrative`` command and its ``init`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser(
        "narrative",
        help="the request's text: write its skeleton (narrative init)",
        description="The text of the extension request is one Markdown file per section in "
        f"the country's {NARRATIVE_FOLDER}/ folder; figures in it are placeholders filled "
        "from the request's tables ({{ remaining_area_m2 | km2 }}; docs/placeholders.md).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="write one Markdown file per section, with its guidance as comments",
        description=f"Write {NARRATIVE_FOLDER}/NN_section.md for every section of the "
        "request (the 2006 outline and the sections the Committee asks for beside it), each "
        "with the guidance and the questions the Committee usually asks as a comment. An "
        "existing file is never overwritten.",
    )
    init.add_argument("country", type=Path, help="a country folder")
    init.set_defaults(run=run_init)


def _write_text(text: str, handle: IO[str]) -> None:
    handle.write(text)


def run_init(args: argparse.Namespace) -> int:
    """Write the missing section files; print what was written and what was kept."""
    folder: Path = args.country
    if not (folder / COUNTRY_FILE).is_file():
        raise CountryError(f"{folder}: not a country folder; it has no {COUNTRY_FILE}")
    target = folder / NARRATIVE_FOLDER
    target.mkdir(exist_ok=True)
    written, kept = [], []
    for section in outline():
        path = target / section.file
        if path.exists():
            kept.append(section.file)
            continue
        atomic_write(path, partial(_write_text, section.skeleton()))
        written.append(section.file)
    print(f"wrote {len(written)} section file(s) in {target}" + (":" if written else ""))
    for name in written:
        print(f"  {name}")
    if kept:
        print(f"kept {len(kept)} existing file(s), unchanged: {', '.join(kept)}")
    return 0
