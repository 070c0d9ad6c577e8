"""End to end in real headless Chromium: the page, its script and the API together.

Debian's Chromium (``/usr/bin/chromium``, installed by the README's test command) is
driven by Playwright; the explorer runs in a uvicorn server on a free local port.
Screenshots are saved under ``test-artifacts/web`` (or ``$FIRTH_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

import firth
from firth.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, which a closed
# network refuses many times a second.
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(os.environ.get("FIRTH_TEST_ARTIFACTS", "test-artifacts")) / "web"


@pytest.fixture(scope="module")
def server(royal_model: Path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(firth.load(royal_model)), host="127.0.0.1", port=port,
                            log_level="warning")  # fmt: skip
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "the explorer did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), (
        "Chromium is missing: the README's test command installs it (apt-get install chromium)"
    )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    tab = context.new_page()
    tab.goto(server)
    expect(tab.locator("#info")).to_contain_text("116 words")
    yield tab
    context.close()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_typing_a_word_shows_its_neighbours(page: Page) -> None:
    page.locator("#search").press_sequentially("kin")
    expect(page.locator("#suggestions option[value='king']")).to_have_count(1)
    page.locator("#search").fill("king")
    page.locator("#search").press("Enter")
    rows = page.locator("#neighbours tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first.locator("td.score")).to_contain_text("0.")
    expect(page.locator("#strips svg rect.cell")).to_have_count(6 * 24)  # 6 words x 24 dims
    expect(page.locator("#map svg circle.point")).to_have_count(21)
    labels = page.locator("#map svg text.point-label")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert 3 <= len(boxes) <= 21  # crowded labels are left out, never drawn on each other
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a is not None
            assert b is not None
            apart_x = a["x"] + a["width"] <= b["x"] + 1 or b["x"] + b["width"] <= a["x"] + 1
            apart_y = a["y"] + a["height"] <= b["y"] + 1 or b["y"] + b["height"] <= a["y"] + 1
            assert apart_x or apart_y
    _shot(page, "neighbours")


def test_solving_man_king_woman_gives_queen(page: Page) -> None:
    page.locator("#analogy-a").fill("man")
    page.locator("#analogy-b").fill("king")
    page.locator("#analogy-c").fill("woman")
    page.locator("#analogy-go").click()
    expect(page.locator("#analogy-results li").first).to_have_attribute("data-word", "queen")
    _shot(page, "analogy")


def test_drawing_an_axis_projection(page: Page) -> None:
    page.locator("#x-from").fill("man")
    page.locator("#x-to").fill("woman")
    page.locator("#y-from").fill("boy")
    page.locator("#y-to").fill("king")
    page.locator("#project-words").fill("king queen boy girl")
    page.locator("#project-go").click()
    points = page.locator("#projection svg circle.point")
    expect(points).to_have_count(4)
    labels = page.locator("#projection svg text.point-label")
    expect(labels).to_have_text(["king", "queen", "boy", "girl"])
    x = [float(points.nth(i).get_attribute("cx") or "nan") for i in range(4)]
    assert x[1] > x[0]  # queen lies further towards "woman" than king
    assert x[3] > x[2]
    expect(page.locator("#projection svg text.axis-label").first).to_have_text("man → woman")
    _shot(page, "projection")


def test_an_unknown_word_offers_suggestions(page: Page) -> None:
    page.locator("#search").fill("kingg")
    page.locator("#search").press("Enter")
    message = page.locator("#search-message")
    expect(message).to_contain_text("'kingg'")
    page.locator("#search-message button.suggestion", has_text="king").first.click()
    expect(page.locator("#neighbours tbody tr")).to_have_count(10)
    expect(page.locator("#search")).to_have_value("king")
