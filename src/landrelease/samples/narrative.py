"""The SYNTHETIC narrative of a sample country: one Markdown file per section of the request
(package data ``narrative.toml``), marked as synthetic, with placeholders that an export
fills from the request's tables."""

from __future__ import annotations

import tomllib
from importlib import resources
from string import Template

from landrelease.domain.outline import outline
from landrelease.samples.params import SCRIPT, SEED

__all__ = ["MARK", "sample_narrative"]

MARK = "*Synthetic sample text: {name} is an invented country.*"
"""First line of every section's text, so that nobody reads it as a real request."""


def sample_narrative(key: str, name: str) -> dict[str, str]:
    """File name → Markdown text of every section, for sample ``key`` called ``name``."""
    data = tomllib.loads(
        resources.files("landrelease.samples").joinpath("narrative.toml").read_text("utf-8")
    )
    words = {"name": name, **data["country"][key]}
    files = {}
    for section in outline():
        body = Template(data["section"][section.id].strip()).substitute(words)
        files[section.file] = (
            f"<!-- SYNTHETIC sample text written by {SCRIPT} (seed {SEED}); section "
            f"{section.heading}. -->\n{MARK.format(name=name)}\n\n{body}\n"
        )
    return files
