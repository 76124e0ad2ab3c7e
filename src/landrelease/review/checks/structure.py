"""Structure: the pack has the tables and columns of the request template."""

from __future__ import annotations

import pandas as pd

from landrelease.domain.schema import request_schemas
from landrelease.reports.request import LATER_TABLES, REQUEST_TABLES, RequestPack
from landrelease.review.checks.common import SHEET_TITLES
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding

__all__ = ["tables_present"]


@check("tables_present", group="structure")
def tables_present(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Every request table of the template is there with every column of its schema
    (``request.toml``): a missing table or required column is an error, a missing optional
    column, or a missing table added to the template later (``LATER_TABLES``), a warning
    (the checks that need it skip it)."""
    schemas = request_schemas()
    findings = []
    for name in REQUEST_TABLES:
        title = SHEET_TITLES.get(name, name)
        frame = pack.tables.get(name)
        if frame is None:
            findings.append(
                Finding(
                    check="tables_present",
                    severity="warning" if name in LATER_TABLES else "error",
                    message=f"The request has no {name} table.",
                    sheet=name,
                    question=f"Could the State please provide the {title} table "
                    f"({schemas[name].description.rstrip('.')})?",
                )
            )
            continue
        missing = [c for c in schemas[name].names if c not in frame.columns]
        required = [c for c in missing if c in schemas[name].required]
        for severity, columns in (("error", required), ("warning", missing)):
            columns = [c for c in columns if severity == "error" or c not in required]
            if not columns:
                continue
            findings.append(
                Finding(
                    check="tables_present",
                    severity=severity,
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
