"""Every sample country's baseline request reviews without errors, except the one the
Convention's ten-year limit gives to a request for more than ten years (reported, not
weakened): the rule is derived from each header here, not from a run of the review."""

from __future__ import annotations

import json

import pytest

from landrelease.review import REGISTRY, review_json, review_markdown, review_pack
from landrelease.review.checks.duration import MAX_EXTENSION_YEARS

COUNTRIES = ("aurelia", "borealis", "cascadia")


def requested_years(pack):
    header = pack["header"].set_index("item")["value"]
    return int(header["duration_requested_years"])


@pytest.mark.parametrize("with_history", [False, True])
@pytest.mark.parametrize("name", COUNTRIES)
def test_sample_baseline_has_no_error_but_the_ten_year_limit(sample, name, with_history):
    country, pack = sample(name)
    review = review_pack(pack, history=country.releases if with_history else None)
    errors = review.of("error")
    assert [f for f in errors if f.check != "article5_limit"] == []
    too_long = requested_years(pack) > MAX_EXTENSION_YEARS
    assert [f.check for f in errors] == (["article5_limit"] if too_long else [])
    assert review.ok is (not too_long)
    assert set(review.checks) == set(REGISTRY)


def test_cascadia_asks_at_most_ten_years_and_reviews_clean(sample):
    _, pack = sample("cascadia")
    assert requested_years(pack) <= MAX_EXTENSION_YEARS
    review = review_pack(pack)
    assert review.counts["error"] == 0
    assert review.verdict.startswith("No errors")


@pytest.mark.parametrize("name", COUNTRIES)
def test_every_finding_is_located_worded_and_asks_a_question(sample, name):
    country, pack = sample(name)
    review = review_pack(pack, history=country.releases)
    for f in review.findings:
        assert f.check in REGISTRY
        assert f.sheet is None or f.sheet in pack.tables
        if f.row is not None:
            assert 2 <= f.row <= len(pack.tables[f.sheet]) + 1
        assert f.question.endswith("?")
        assert any(ch.isdigit() for ch in f.message)
    json.dumps(review_json(review))
    text = review_markdown(review)
    assert review.verdict in text
    assert all(f.question in text for f in review.findings)


def test_review_of_a_pack_read_back_from_xlsx_is_the_same(sample, tmp_path):
    from landrelease.export.request_write import write_request
    from landrelease.io.request_read import read_request

    _, pack = sample("cascadia")
    back = read_request(write_request(pack, tmp_path / "request.xlsx"))

    def key(review):
        return [(f.check, f.severity, f.sheet, f.row, f.column) for f in review.findings]

    assert key(review_pack(back)) == key(review_pack(pack))
