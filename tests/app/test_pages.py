"""Every page renders without an exception (AppTest smoke tests), on each sample country."""

from __future__ import annotations

import re

import pytest
from apptest_support import APP_MAIN, PAGES, SAMPLES, TIMEOUT_S, open_page
from streamlit.testing.v1 import AppTest


def test_main_opens_aurelia_on_the_country_page(app):
    at = app()
    assert [t.value for t in at.title] == ["Country"]
    assert at.metric[0].label == "Hazardous areas"
    assert at.metric[0].value == "6,000"
    assert not at.error
    assert at.sidebar.selectbox[0].value == "baseline"


VERDICT_WITH_ERRORS = re.compile(r"^\d+ errors?: the request is inconsistent or incomplete")
"""The review page shows a verdict with errors as an error box: aurelia's and cascadia's
baseline plans outrun their records (forecast_probability; tests/review/test_samples.py)."""


def page_errors(at, page: str) -> list[str]:
    """Error boxes of a page, but the review's own verdict on the Committee review page."""
    errors = [e.value for e in at.error]
    return [e for e in errors if not (page == "review" and VERDICT_WITH_ERRORS.match(e))]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app, page):
    at = open_page(app(), page)
    assert at.title, f"{page}: no title"
    assert not page_errors(at, page)


@pytest.mark.parametrize("sample", ["borealis", "cascadia"])
def test_other_samples_render_every_page(app, sample):
    at = app()
    at.selectbox(key="sample_name").set_value(sample).run()
    assert not at.exception
    assert at.sidebar.markdown[0].value.startswith(f"**{sample.capitalize()}**")
    for page in PAGES[1:]:
        open_page(at, page)
        errors = page_errors(at, page)
        assert not errors, (page, errors)


def test_a_country_given_to_the_app_opens_first(monkeypatch):
    monkeypatch.setenv("LANDRELEASE_APP_COUNTRY", str(SAMPLES / "cascadia"))
    at = AppTest.from_file(str(APP_MAIN), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    assert at.sidebar.markdown[0].value.startswith("**Cascadia**")
