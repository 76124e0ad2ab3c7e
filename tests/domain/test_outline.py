"""The request's sections as data: the 2006 outline complete and in order, the Committee's
added sections placed after the item they belong to, every table and chart known."""

from __future__ import annotations

from landrelease.domain.outline import CHARTS, outline, section_by_file, sections
from landrelease.domain.schema import request_schemas


def test_every_item_of_the_2006_outline_once_and_in_order():
    items = [s.outline for s in outline() if not s.added]
    assert items == list(range(1, 21))
    assert [s.outline for s in outline()] == sorted(s.outline for s in outline())


def test_the_committees_added_sections_sit_where_requests_put_them():
    added = {s.id: s.outline for s in outline() if s.added}
    assert added == {
        "casualties_victims": 14,
        "resource_mobilisation": 18,
        "gender_diversity": 18,
        "residual_capacity": 19,
    }


def test_ids_files_and_numbers_are_unique_and_agree():
    assert len(sections()) == len(section_by_file()) == len(outline())
    for s in outline():
        assert s.file == f"{s.number:0>2}_{s.id}.md"
        assert s.number.rstrip("ab") == str(s.outline)
        assert s.guidance
        assert s.title
        assert s.heading.startswith(f"{s.number}. ")
    files = [s.file for s in outline()]
    assert files == sorted(files)  # a file browser lists them in the request's order


def test_tables_and_charts_named_by_sections_exist_and_appear_once():
    shown = [t for s in outline() for t in s.tables]
    assert len(shown) == len(set(shown))
    assert set(shown) <= set(request_schemas())
    assert {c for s in outline() for c in s.charts} <= set(CHARTS)
    assert set(request_schemas()) - set(shown) == {"metadata", "narrative"}
