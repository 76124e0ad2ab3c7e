"""End-to-end: the app started by ``landrelease app``, driven in headless Chromium.

Uses Debian's chromium (``apt-get install -y chromium``) through Playwright's Python package,
never ``playwright install``. Skipped only when /usr/bin/chromium is absent. Screenshots of
every page go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from apptest_support import ROOT, SAMPLES
from forecasts import FORECAST_DRAWS, FORECAST_SEED

import landrelease as lr
from landrelease.engine import project
from landrelease.engine.funding import with_international_funding
from landrelease.forecast import forecast
from landrelease.forecast.result import percent
from landrelease.reports.request import REQUEST_TABLES
from landrelease.scenario import load_scenario

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
SHOTS = ARTIFACTS / "screenshots"
START_TIMEOUT_S = 90
WAIT_MS = 30_000
RUN_TIMEOUT_MS = 120_000
"""The Portfolio page's first run on the three samples (a few seconds here; slack for a
busy machine)."""
PAGES = (
    ("Country", "Country"),
    ("Baseline", "Baseline"),
    ("Scenario", "Scenario"),
    ("Projection", "Projection"),
    ("Compare", "Compare scenarios"),
    ("Request pack", "Request pack"),
    ("Committee review", "Committee review"),
    ("Donor view", "Donor view"),
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent: apt-get install -y chromium (CI installs it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the app and Streamlit under it: the process group this test started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``landrelease app`` on a free port, started from an unrelated folder."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("cwd")
    env = {k: v for k, v in os.environ.items() if k != "LANDRELEASE_APP_COUNTRY"}
    log = (folder / "app.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "landrelease", "app", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped with everything under it
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"landrelease app exited: {(folder / 'app.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.25)
        yield url
    finally:
        _stop(process)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)  # Streamlit reruns and charts can take a few seconds
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    outside: list[str] = []

    def offline(route) -> None:
        url = route.request.url
        if url.startswith((server, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", offline)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    tab.goto(server, wait_until="domcontentloaded")
    tab.get_by_role("heading", name="Country", exact=True).wait_for()
    try:
        yield tab
    finally:
        context.close()
    assert not outside, f"the app asked for something outside 127.0.0.1: {sorted(set(outside))}"


def _go(tab, link: str, heading: str) -> None:
    tab.get_by_test_id("stSidebarNavItems").get_by_role("link", name=link, exact=True).click()
    tab.get_by_role("heading", name=heading, exact=True).wait_for()
    _settle(tab)


def _settle(tab) -> None:
    """Wait until Streamlit has finished running the script: no running indicator, and the
    page's elements unchanged for a second (bounded by ``WAIT_MS``)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    elements = tab.get_by_test_id("stElementContainer")
    last, stable = -1, 0
    while stable < 4 and time.monotonic() < deadline:
        tab.wait_for_timeout(250)
        running = tab.get_by_test_id("stStatusWidget").count() > 0
        count = elements.count()
        stable = stable + 1 if count == last and not running else 0
        last = count


def _metric(tab, label: str):
    return (
        tab.get_by_test_id("stMetric")
        .filter(has=tab.get_by_test_id("stMetricLabel").filter(has_text=label))
        .first.get_by_test_id("stMetricValue")
    )


def _no_exception(tab) -> None:
    assert tab.get_by_test_id("stException").count() == 0


def _completion(country: lr.Country, scenario) -> str:
    return str(project(country, scenario).article5_completion_year)


def test_every_page_renders_and_is_photographed(page):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    for n, (link, heading) in enumerate(PAGES, start=1):
        _go(page, link, heading)
        _no_exception(page)
        if link == "Baseline":
            expect(page.locator(".js-plotly-plot").first).to_be_visible()
        if link == "Projection":  # the tour shows the cases side by side, plan first
            cases = page.get_by_role("heading", name="Cases side by side")
            expect(cases).to_be_visible()
            table = page.get_by_test_id("stDataFrame").first
            expect(table).to_be_visible()
            assert table.bounding_box()["y"] < page.viewport_size["height"]  # in the picture
        page.screenshot(path=str(SHOTS / f"{n:02d}_{link.lower().replace(' ', '_')}.png"))


def test_switch_scenario_change_funding_download_workbook(page, tmp_path):
    from playwright.sync_api import expect

    country = lr.load_country(SAMPLES / "aurelia")
    by = country.info.baseline_year
    cut = load_scenario("funding_cut", country.scenarios_dir, baseline_year=by)

    # switch scenario in the sidebar
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="funding_cut", exact=True).click()
    _settle(page)
    _go(page, "Donor view", "Donor view")
    label = "Article 5 completion with this funding"
    expect(_metric(page, label)).to_have_text(_completion(country, cut))

    # change a funding value: international funding -20%
    box = page.get_by_role("spinbutton", name="Change of international funding (%)")
    box.fill("-20")
    box.press("Enter")
    expected = _completion(country, with_international_funding(cut, "scale", 0.7 * 0.8))
    assert expected != _completion(country, cut)
    expect(_metric(page, label)).to_have_text(expected)
    page.screenshot(path=str(SHOTS / "09_donor_view_minus_20_percent.png"))

    # the request workbook of the scenario, opened with openpyxl
    _go(page, "Request pack", "Request pack")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Excel workbook (XLSX)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"Aurelia_funding_cut_{cut.hash[:8]}_request.xlsx"
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[: len(REQUEST_TABLES)] == list(REQUEST_TABLES)
    meta = {row[0]: row[1] for row in book["metadata"].iter_rows(min_row=2, values_only=True)}
    book.close()
    assert meta["scenario"] == "funding_cut"
    assert meta["scenario_hash"] == cut.hash


def test_an_edit_reprojects_and_reports_server_time(page):
    from playwright.sync_api import expect

    country = lr.load_country(SAMPLES / "aurelia")
    _go(page, "Scenario", "Scenario")
    page.get_by_role("tab", name="Funding").click()
    box = page.get_by_role("spinbutton", name="International scale (0.7 = a 30% cut)")
    box.fill("0.6")
    box.press("Enter")
    _settle(page)
    base = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    edited = with_international_funding(base, "scale", 0.6)
    expect(_metric(page, "Article 5 completion")).to_have_text(_completion(country, edited))
    _go(page, "Projection", "Projection")
    expect(_metric(page, "Article 5 completion")).to_have_text(_completion(country, edited))
    caption = page.get_by_text(re.compile(r"Re-projection server time")).inner_text()
    total = re.search(r"= (\d+) ms", caption)
    assert total, caption
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reprojection_ms.txt").write_text(caption + "\n", encoding="utf-8")
    page.screenshot(path=str(SHOTS / "10_projection_after_edit.png"))


def test_a_bad_upload_shows_its_row_and_column(page, tmp_path):
    from playwright.sync_api import expect

    bad = tmp_path / "my_hazards.csv"
    bad.write_text(
        "hazard_id,region,status,contamination_type,area_m2\n"
        "H-1,North,sha,ap_mine,1000\n"
        "H-2,North,cha,ap_mine,-50\n",
        encoding="utf-8",
    )
    page.get_by_text("My own files", exact=True).click()
    uploader = page.get_by_test_id("stFileUploader").first
    uploader.locator("input[type=file]").set_input_files(bad)
    # the upload reruns the script; a click during that rerun is lost on a loaded machine
    expect(uploader).to_contain_text("my_hazards.csv")
    _settle(page)
    page.get_by_role("button", name="Check and open").click()
    _settle(page)
    table = page.get_by_test_id("stTable")
    expect(table).to_contain_text("my_hazards.csv")
    expect(table).to_contain_text("area_m2 must be positive")
    row = table.locator("tr", has_text="area_m2 must be positive")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("area_m2")
    _no_exception(page)
    page.screenshot(path=str(SHOTS / "11_country_bad_upload.png"))


def test_a_file_over_the_upload_limit_is_named_with_the_limit(page, tmp_path):
    from lrapp.uploads import MAX_UPLOAD_MB
    from playwright.sync_api import expect

    big = tmp_path / "survey 2024.csv"
    with big.open("wb") as file:
        file.truncate((MAX_UPLOAD_MB + 10) * 1_000_000)  # 60 MB: over the app's limit
    page.get_by_text("My own files", exact=True).click()
    page.get_by_test_id("stFileUploader").first.locator("input[type=file]").set_input_files(big)
    page.get_by_role("button", name="Check and open").click()
    _settle(page)
    alert = page.get_by_test_id("stAlertContentError")
    expect(alert).to_contain_text(
        f"survey 2024.csv is {MAX_UPLOAD_MB + 10:.1f} MB, over the {MAX_UPLOAD_MB} MB limit"
    )
    expect(page.get_by_text("No hazard file was received")).to_have_count(0)
    expect(page.get_by_text("Open now")).to_have_count(0)
    _no_exception(page)
    page.screenshot(path=str(SHOTS / "12_country_upload_over_the_limit.png"))


FORECAST_TIMEOUT_MS = 180_000
"""A forecast on a busy two-core machine: 500 draws of the Projection page, the Donor view's
response curve (six amounts of 200 draws; measured: seconds each; generous for shared CI)."""


def test_the_forecast_fan_chart_and_the_donor_response_curve_are_photographed(page):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    country = lr.load_country(SAMPLES / "aurelia")
    base = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    expected = forecast(country, base, draws=FORECAST_DRAWS, seed=FORECAST_SEED).case("plan")

    _go(page, "Projection", "Projection")
    page.get_by_role("button", name="Forecast how likely the dates are").click()
    value = _metric(page, "P(within ten years of the deadline)")
    expect(value).to_have_text(percent(expected["p_within_10_years"]), timeout=FORECAST_TIMEOUT_MS)
    _settle(page)
    _no_exception(page)
    fan = page.locator(".js-plotly-plot").filter(has_text="How likely: remaining")
    expect(fan).to_be_visible()
    fan.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "15_projection_forecast_fan.png"))
    fan.screenshot(path=str(SHOTS / "15b_fan_chart.png"))
    timing = page.get_by_text(re.compile(r"draws, seed 0; forecast server time")).inner_text()

    _go(page, "Donor view", "Donor view")
    page.get_by_role("button", name="Draw the response curve").click()
    curve = page.get_by_text(re.compile(r"^Response-curve server time: \d+ amounts"))
    expect(curve).to_be_visible(timeout=FORECAST_TIMEOUT_MS)
    _settle(page)
    _no_exception(page)
    chart = page.locator(".js-plotly-plot").filter(has_text="by additional money")
    expect(chart).to_have_count(2)  # the probabilities and the completion years
    chart.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "16_donor_response_curve.png"))
    (ARTIFACTS / "forecast_ms.txt").write_text(
        f"Projection: {timing}\nDonor view: {curve.inner_text()}\n", encoding="utf-8"
    )


def test_portfolio_runs_on_the_samples_and_reports_server_time(page):
    from playwright.sync_api import expect

    _go(page, "Portfolio", "Portfolio")
    chosen = page.get_by_test_id("stMultiSelect")
    for sample in ("Aurelia (sample)", "Borealis (sample)", "Cascadia (sample)"):
        expect(chosen).to_contain_text(sample)
    page.get_by_role("button", name="Run the allocation").click()
    heading = page.get_by_role("heading", name="Completion year", exact=True)
    expect(heading).to_be_visible(timeout=RUN_TIMEOUT_MS)  # a cold run: seconds, not more
    _settle(page)
    _no_exception(page)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(3)  # allocation, marginal, bands
    expect(_metric(page, "With the allocation")).to_be_visible()
    caption = page.get_by_text(re.compile(r"Portfolio server time")).inner_text()
    total = re.search(r"= (\d+) ms", caption)
    assert total, caption
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "portfolio_ms.txt").write_text(caption + "\n", encoding="utf-8")
    page.screenshot(path=str(SHOTS / "13_portfolio.png"))
    page.locator(".js-plotly-plot").nth(2).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "14_portfolio_completion_years.png"))
