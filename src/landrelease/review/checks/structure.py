"""Structure: the pack has the tables and columns of the request template, and text in every
section of the request's outline."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.domain.schema import request_schemas
from landrelease.reports.request import LATER_TABLES, REQUEST_TABLES, RequestPack
from landrelease.review.action_plans import in_force, in_force_note, label
from landrelease.review.checks.common import SHEET_TITLES, table, text
from landrelease.review.checks.registry import NotChecked, check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import severity

__all__ = ["narrative_sections", "tables_present"]


@check("tables_present", group="structure")
def tables_present(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Every request table of the template is there with every column of its schema
    (``request.toml``): a missing table or required column is an error, a missing optional
    column, or a missing table added to the template later (``LATER_TABLES``), a warning
    (the checks that need it skip it); severities in ``thresholds.toml``."""
    schemas = request_schemas()
    findings = []
    for name in REQUEST_TABLES:
        title = SHEET_TITLES.get(name, name)
        frame = pack.tables.get(name)
        if frame is None:
            findings.append(
                Finding(
                    check="tables_present",
                    severity=severity(
                        "tables_present",
                        "missing_later_table" if name in LATER_TABLES else "missing_table",
                    ),
                    message=f"The request has no {name} table.",
                    sheet=name,
                    question=f"Could the State please provide the {title} table "
                    f"({schemas[name].description.rstrip('.')})?",
                )
            )
            continue
        missing = [c for c in schemas[name].names if c not in frame.columns]
        required = [c for c in missing if c in schemas[name].required]
        for kind, columns in (
            ("missing_required_column", required),
            ("missing_optional_column", [c for c in missing if c not in required]),
        ):
            if not columns:
                continue
            findings.append(
                Finding(
                    check="tables_present",
                    severity=severity("tables_present", kind),
                    message=f"The {name} table lacks the column(s) {', '.join(columns)}"
                    f" ({len(columns)} of {len(schemas[name].names)}).",
                    sheet=name,
                    column=columns[0],
                    figures={"missing": ", ".join(columns)},
                    question=f"Could the State please complete the {title} table with "
                    f"{', '.join(columns)}, as in the request template?",
                )
            )
    return findings


def _empty(frame: pd.DataFrame) -> np.ndarray:
    """Sections without text: the ``empty`` flag where given, else a blank ``text``."""
    blank = (
        text(frame, "text") == "" if "text" in frame.columns else np.ones(len(frame), dtype=bool)
    )
    if "empty" not in frame.columns:
        return blank
    flags = frame["empty"].astype("object")
    stated = np.asarray([str(v).strip().lower() in {"true", "1", "yes"} for v in flags])
    missing = np.asarray([v is None or (not isinstance(v, str) and pd.isna(v)) for v in flags])
    return np.where(missing, blank, stated)


@check("narrative_sections", group="structure")
def narrative_sections(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Every section of the request's text (the 2006 outline and the sections the Committee
    asks for beside it: the ``narrative`` table) has text: the empty ones ("to be completed"
    in the DOCX) are one warning, each named with the actions of the action plan in force it
    serves. Not checked for a pack without the narrative table."""
    frame = table(pack, "narrative", "section_id")
    if frame is None or frame.empty:
        raise NotChecked(
            "the request's text, section by section",
            "the pack has no narrative table (packs made before it was added)",
        )
    empty = np.flatnonzero(_empty(frame))
    if len(empty) == 0:
        return []
    plan = in_force(pack)
    ids = text(frame, "section_id")
    titles = text(frame, "title") if "title" in frame.columns else ids
    numbers = text(frame, "number") if "number" in frame.columns else np.full(len(frame), "")
    named = []
    earlier = False
    for pos in empty:
        served = label("section", str(ids[pos]), plan, say_in_force=False)
        earlier |= bool(served) and plan.plan is not None and not served.startswith(plan.plan.name)
        head = f"{numbers[pos]}. {titles[pos]}" if numbers[pos] else str(titles[pos] or ids[pos])
        named.append(head + (f" ({served})" if served else ""))
    return [
        Finding(
            check="narrative_sections",
            severity=severity("narrative_sections", "empty_section"),
            message=f"{len(empty)} of {len(frame)} section(s) of the request have no text: "
            f"{'; '.join(named)}." + (f" ({in_force_note(plan)}.)" if earlier else ""),
            sheet="narrative",
            row=int(empty[0]) + 2,
            column="text",
            figures={"empty_sections": len(empty), "sections": len(frame)},
            question=f"The request leaves {len(empty)} section(s) of the agreed outline empty "
            f"({'; '.join(named)}). Could the State please complete them, in particular "
            "those the action plan in force asks of a request?",
        )
    ]
