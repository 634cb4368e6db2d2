"""The pages of ``munikg serve`` in a real headless browser: Debian's chromium and chromedriver,
driven by selenium (`.ci/run` installs both)."""

from __future__ import annotations

import io
import shutil
import urllib.request

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from munikg import site
from test_site import MITO, TSUKUBAMIRAI, indicator, served

pytestmark = pytest.mark.integration

# Flags known to work in a container without a display, a GPU or a network to call home to.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1600",
)
POINTS = "return document.querySelectorAll('figure.chart g[id^=\"series-\"] use').length"


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    with served(built / "store", tmp_path_factory.mktemp("serve") / "stderr.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    yield driver
    driver.quit()


def url_of(server: str, iri: str) -> str:
    return f"{server}/{site.page_path(iri)}"


def test_the_home_page_leads_to_a_city_and_its_dashboard(server, browser):
    browser.get(server + "/")
    assert browser.title.endswith("munikg")
    browser.find_element(By.LINK_TEXT, "水戸市").click()
    assert browser.current_url == url_of(server, MITO)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("水戸市")
    rows = browser.find_elements(By.CSS_SELECTOR, "#dashboard tbody tr")
    behind = browser.find_elements(By.CSS_SELECTOR, "#dashboard tbody tr.behind")
    assert (len(rows), len(behind)) == (31, 10)


def test_every_link_on_a_kpi_page_resolves(server, browser, store):
    browser.get(url_of(server, indicator(store, TSUKUBAMIRAI, "市内の法人数")))
    hrefs = {
        a.get_attribute("href").partition("#")[0]
        for a in browser.find_elements(By.CSS_SELECTOR, "a[href]")
    }
    internal = sorted(h for h in hrefs if h.startswith(server))
    assert len(internal) >= 15 and url_of(server, TSUKUBAMIRAI) in internal
    for href in internal:
        with urllib.request.urlopen(href, timeout=60) as response:
            assert response.status == 200, href


def test_a_kpi_chart_shows_a_point_per_observation(server, browser, store):
    # 市内の法人数: actuals 1,137社 and 1,254社, target 1,050社 revised to 1,100, 1,150, 1,300社
    browser.get(url_of(server, indicator(store, TSUKUBAMIRAI, "市内の法人数")))
    assert browser.execute_script(POINTS) == 6
    chart = browser.find_element(By.CSS_SELECTOR, "figure.chart svg")
    assert chart.size["width"] > 300 and chart.size["height"] > 150
    browser.get(url_of(server, indicator(store, MITO, "福祉ボランティアの活動件数(年間)")))
    assert browser.execute_script(POINTS) == 7  # baseline, 3 expected, 2 actual, target


def test_a_screenshot_of_a_page_is_not_blank(server, browser, store):
    browser.get(url_of(server, indicator(store, MITO, "福祉ボランティアの活動件数(年間)")))
    image = Image.open(io.BytesIO(browser.get_screenshot_as_png()))
    assert image.format == "PNG" and image.size[0] >= 1000
    colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    assert len(colours) > 20  # text, links, the chart's series: far more than one colour


def test_the_catalogue_runs_a_query_from_its_form(server, browser):
    browser.get(server + "/queries.html")
    form = browser.find_element(By.CSS_SELECTOR, "#kpi-observations form")
    field = form.find_element(By.NAME, "city")
    field.clear()
    field.send_keys("つくばみらい市")
    form.find_element(By.TAG_NAME, "button").click()
    # the click starts the navigation; the test waits for it (up to 30 s) instead of racing it
    WebDriverWait(browser, 30).until(lambda b: "/queries/kpi-observations?city=" in b.current_url)
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.result td")]
    assert "1,300社" in cells and "水戸市" not in cells
