"""Every page renders without an exception (AppTest smoke tests), on each sample country."""

from __future__ import annotations

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


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app, page):
    at = open_page(app(), page)
    assert at.title, f"{page}: no title"
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("sample", ["borealis", "cascadia"])
def test_other_samples_render_every_page(app, sample):
    at = app()
    at.selectbox(key="sample_name").set_value(sample).run()
    assert not at.exception
    assert at.sidebar.markdown[0].value.startswith(f"**{sample.capitalize()}**")
    for page in PAGES[1:]:
        open_page(at, page)
        errors = [e.value for e in at.error]
        assert not errors, (page, errors)


def test_a_country_given_to_the_app_opens_first(monkeypatch):
    monkeypatch.setenv("LANDRELEASE_APP_COUNTRY", str(SAMPLES / "cascadia"))
    at = AppTest.from_file(str(APP_MAIN), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    assert at.sidebar.markdown[0].value.startswith("**Cascadia**")
