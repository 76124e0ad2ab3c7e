"""Write the generated parts of docs/review.md: the thresholds table and the action-plan
mapping, from ``src/landrelease/review/thresholds.toml`` and ``action_plans.toml``.

Run ``python scripts/make_review_reference.py`` after editing either table;
``tests/review/test_docs.py`` fails while docs/review.md is stale. Only the text between the
``<!-- generated: NAME -->`` and ``<!-- end: NAME -->`` markers is rewritten.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from landrelease.review.action_plans import action_plans, links
from landrelease.review.thresholds import default_rules

DOC = Path(__file__).resolve().parent.parent / "docs" / "review.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def thresholds() -> str:
    """Every row of thresholds.toml as a Markdown table."""
    lines = [
        "| check | parameter | value | unit | severity | reason | source |",
        "| --- | --- | ---: | --- | --- | --- | --- |",
    ]
    for r in default_rules().values():
        value = "" if r.value is None else f"{r.value:g}"
        if r.value is not None and math.isclose(r.value, round(r.value)):
            value = str(round(r.value))
        reason = ("**Reserved.** " if r.reserved else "") + r.reason
        lines.append(
            f"| `{r.check}` | `{r.parameter}` | {value} | {r.unit} | {r.severity or ''} | "
            f"{_cell(reason)} | {_cell(r.source)} |"
        )
    return "\n".join(lines)


def mapping() -> str:
    """The actions each check and each request section serves, per plan."""
    plans = action_plans()
    head = "| kind | id | " + " | ".join(p.name for p in plans) + " |"
    lines = [head, "| --- | --- | " + " | ".join("---" for _ in plans) + " |"]
    for (kind, ident), mapped in links().items():
        cells = [", ".join(f"#{n}" for n in mapped[p.id]) or "—" for p in plans]
        lines.append(f"| {kind} | `{ident}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


PARTS = {"thresholds": thresholds, "mapping": mapping}


def render(text: str) -> str:
    """``text`` with each generated part replaced by its current rendering."""
    for name, make in PARTS.items():
        pattern = re.compile(
            rf"(<!-- generated: {name} -->\n)(?:.*?\n)?(<!-- end: {name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"docs/review.md has no '<!-- generated: {name} -->' section")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


if __name__ == "__main__":
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {DOC}")
