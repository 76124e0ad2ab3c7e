"""docs/review.md lists the thresholds table and the action-plan mapping as they are."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from landrelease.review.thresholds import default_rules

ROOT = Path(__file__).resolve().parents[2]


def test_review_doc_is_fresh():
    script = ROOT / "scripts" / "make_review_reference.py"
    spec = importlib.util.spec_from_file_location("make_review_reference", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    stale = "docs/review.md is stale: run scripts/make_review_reference.py"
    assert doc == module.render(doc), stale


def test_review_doc_gives_every_row_with_its_reason():
    doc = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    for r in default_rules().values():
        assert f"| `{r.check}` | `{r.parameter}` |" in doc
        assert r.reason.replace("|", "\\|") in doc
