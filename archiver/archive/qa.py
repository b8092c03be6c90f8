"""Replay QA: a crawl's captured pages opened through pywb in headless Chromium.

`run_qa` lays out a pywb root for the output (replay.py, the ``warc`` collection: our WARCs
and CDXJ index), starts ``wayback`` on 127.0.0.1 and opens each chosen page, at its capture's
timestamp, in the system's Chromium driven by Playwright (``executable_path``: nothing is
downloaded). For each page it records:

* sub-requests the archive could not answer: pywb's own 404 "URL Not Found" page, told from
  a captured error answer by its lack of a ``Memento-Datetime`` header, or a request that got
  no answer (but one the browser cancelled itself, as it does leaving a page); split by the
  archived URL's host, the page's host or another;
* archived error answers (the blog itself answered 4xx/5xx when crawled): listed, not failures;
* live leaks: any request for a host other than the pywb server's (``page.route`` aborts it
  before it is sent), one Chromium's Content Security Policy stopped, or a WebSocket (never
  connected): none leaves the machine, and the host resolver maps every name but 127.0.0.1
  to nothing besides;
* console errors and uncaught exceptions, less Chromium's "Failed to load resource" lines
  (those are the failed sub-requests above);
* a screenshot, when asked for.

Pywb's own files (``/static/wombat.js``...) are not the archive's and are not counted.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archiver.archive.indexing import PAGES_NAME
from archiver.archive.replay import WARC_COLLECTION, Wayback, prepare

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        ConsoleMessage,
        Request,
        Response,
        Route,
        WebSocketRoute,
    )

logger = logging.getLogger(__name__)

REPORT_NAME = "qa-report.json"
DEFAULT_POSTS = 10
TIMEOUT = 20.0  # seconds for a page's load, then as much for its network to fall idle
INSTALL_HINT = "install it with `apt-get install chromium`, or name it with --chromium PATH"
# Belt and braces beside page.route: no name resolves but the loopback address.
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-pings",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
]
# /<collection>/[timestamp][modifier_]/<archived URL>, as pywb rewrites the URLs of a page
_REPLAY_PREFIX = re.compile(r"^(?:\d{1,14}(?:[a-z]{2}_)?|[a-z]{2}_)/")


class ChromiumNotFound(RuntimeError):
    """No Chromium (or no Playwright) to drive."""


def find_chromium(explicit: str | None = None) -> str:
    """`--chromium PATH`, else $ARCHIVER_CHROMIUM, else `chromium` on the PATH."""
    named = explicit or os.environ.get("ARCHIVER_CHROMIUM")
    found = shutil.which(named) if named else shutil.which("chromium")
    if found is None:
        where = f"{named!r} is not an executable" if named else "no `chromium` on the PATH"
        raise ChromiumNotFound(f"Chromium not found ({where}): {INSTALL_HINT}")
    return found


@dataclass(frozen=True)
class Page:
    url: str
    ts: str  # WARC-Date of the capture, as the pages list gives it

    @property
    def timestamp(self) -> str:
        """The 14-digit timestamp pywb's URLs take."""
        return "".join(c for c in self.ts if c.isdigit())[:14]


def read_pages(output: Path) -> list[Page]:
    """The pages list's entries (its header line left out), in order of first capture."""
    lines = (output / PAGES_NAME).read_text(encoding="utf-8").splitlines()[1:]
    return [Page(entry["url"], entry["ts"]) for entry in map(json.loads, lines)]


KindOf = Callable[[str], str]  # a page's kind: "home", "post", "tag", "archive_month"...


def route_kind(home: str) -> KindOf:
    """A kind from the URL's first segment after the home page's URL: a stand-in for a
    site's own URL knowledge (the CLI passes Dotclear's)."""

    def kind(url: str) -> str:
        if not url.startswith(home):
            return "other"
        first = re.split(r"[/?#]", url[len(home) :], maxsplit=1)[0]
        return "home" if first in ("", "page") else first

    return kind


def sample(
    pages: list[Page], kind_of: KindOf, count: int | None = None, everything: bool = False
) -> list[Page]:
    """The home page, the first page of every other kind, `DEFAULT_POSTS` posts spread over
    the list; `count`: that many, taking the same order then the other pages."""
    if everything:
        return list(pages)
    kinds: dict[str, list[Page]] = {}
    for page in pages:
        kinds.setdefault(kind_of(page.url), []).append(page)
    posts = kinds.get("post", [])
    step = max(1, len(posts) // DEFAULT_POSTS)
    chosen = kinds.get("home", [])[:1]
    chosen += [group[0] for kind, group in kinds.items() if kind not in ("home", "post")]
    chosen += posts[::step][:DEFAULT_POSTS]
    if count is None:
        return chosen
    return (chosen + [page for page in pages if page not in chosen])[:count]


@dataclass
class PageReport:
    url: str
    ts: str
    status: int | None = None  # of the page itself, as replayed
    error: str | None = None  # the page could not be opened, or its network never fell idle
    failed_same_host: list[dict[str, Any]] = field(default_factory=list)
    failed_other_host: list[dict[str, Any]] = field(default_factory=list)
    archived_errors: list[dict[str, Any]] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    screenshot: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed_same_host and not self.leaks


@dataclass
class QaReport:
    output: str
    chromium: str
    pages: list[PageReport]

    @property
    def ok(self) -> bool:
        return all(page.ok for page in self.pages)

    def totals(self) -> dict[str, int]:
        count = {
            name: sum(len(getattr(page, name)) for page in self.pages)
            for name in ("failed_same_host", "failed_other_host", "leaks", "console_errors")
        }
        errors = sum(page.error is not None for page in self.pages)
        return {"pages": len(self.pages), "page_errors": errors, **count}

    def to_json(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "chromium": self.chromium,
            "ok": self.ok,
            "totals": self.totals(),
            "pages": [vars(page) for page in self.pages],
        }


def archived_url(replay_url: str, collection_url: str) -> str | None:
    """The archived URL a replay URL asks for; None for pywb's own files."""
    if not replay_url.startswith(collection_url):
        return None
    rest = _REPLAY_PREFIX.sub("", replay_url[len(collection_url) :], count=1)
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", rest):
        rest = "http://" + rest.lstrip("/")
    return rest


class _Watch:
    """What one page's requests, answers and console said."""

    def __init__(self, report: PageReport, wayback: Wayback) -> None:
        self.report = report
        self.server = urlsplit(wayback.url).netloc
        self.collection_url = f"{wayback.url}/{WARC_COLLECTION}/"
        self.host = urlsplit(report.url).netloc.lower()

    def _leak(self, url: str) -> None:
        if url not in self.report.leaks:
            self.report.leaks.append(url)

    def route(self, route: Route) -> None:
        if urlsplit(route.request.url).netloc != self.server:
            self._leak(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def websocket(self, ws: WebSocketRoute) -> None:
        self._leak(ws.url)  # never connected to anything
        ws.close()

    def _failed(self, replay_url: str, status: int | None, error: str) -> None:
        url = archived_url(replay_url, self.collection_url)
        if url is None:
            return
        same = urlsplit(url).netloc.lower() == self.host
        failed = self.report.failed_same_host if same else self.report.failed_other_host
        failed.append({"url": url, "status": status, "error": error})

    def response(self, response: Response) -> None:
        if _is_page(response.request) or response.status < 400:
            return
        if response.headers.get("memento-datetime"):
            url = archived_url(response.url, self.collection_url)
            self.report.archived_errors.append({"url": url, "status": response.status})
        else:
            self._failed(response.url, response.status, "not in archive")

    def request_failed(self, request: Request) -> None:
        if urlsplit(request.url).netloc != self.server:
            if request.url.startswith(("http:", "https:", "ws:", "wss:")):
                self._leak(request.url)  # stopped by the route, or by pywb's CSP
        elif request.response() is None and not _is_page(request) and not _cancelled(request):
            self._failed(request.url, None, request.failure or "failed")

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.report.console_errors.append(message.text)

    def page_error(self, error: Exception) -> None:
        self.report.console_errors.append(f"uncaught: {error}")


def _is_page(request: Request) -> bool:
    return request.is_navigation_request() and request.frame.parent_frame is None


def _cancelled(request: Request) -> bool:
    """Cancelled by the browser itself (as when the page navigates away): unanswered, not failed."""
    return request.failure == "net::ERR_ABORTED"


def _shot_name(number: int, url: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[-1]).strip("-")[:80]
    return f"{number:03d}-{slug or 'page'}.png"


def _visit(
    browser: Browser, wayback: Wayback, page: Page, shot: Path | None, timeout: float
) -> PageReport:
    report = PageReport(page.url, page.ts)
    watch = _Watch(report, wayback)
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    try:
        context.route("**/*", watch.route)
        context.route_web_socket(re.compile(".*"), watch.websocket)
        tab = context.new_page()
        tab.on("response", watch.response)
        tab.on("requestfailed", watch.request_failed)
        tab.on("console", watch.console)
        tab.on("pageerror", watch.page_error)
        _open(tab, f"{watch.collection_url}{page.timestamp}/{page.url}", report, timeout)
        if shot is not None and report.status is not None:
            tab.screenshot(path=shot)
            report.screenshot = str(shot)
    finally:
        context.close()
    return report


def _open(tab: Any, url: str, report: PageReport, timeout: float) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        answer = tab.goto(url, wait_until="load", timeout=timeout * 1000)
    except PlaywrightError as exc:
        report.error = f"not opened: {str(exc).splitlines()[0]}"
        return
    report.status = answer.status if answer is not None else None
    if report.status is None or report.status >= 400:
        report.error = f"answered {report.status}"
    try:
        tab.wait_for_load_state("networkidle", timeout=timeout * 1000)
    except PlaywrightError:
        report.error = report.error or f"network not idle after {timeout:.0f} s"


@contextmanager
def _browser(chromium: str) -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # the `qa` extra not installed
        raise ChromiumNotFound("Playwright not installed: pip install 'archiver[qa]'") from exc
    from playwright.sync_api import Error as PlaywrightError

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as exc:
            first = str(exc).splitlines()[0]
            raise ChromiumNotFound(f"Chromium ({chromium}) did not start: {first}") from exc
        try:
            yield browser
        finally:
            browser.close()


def run_qa(
    output: Path,
    pages: Iterable[Page],
    chromium: str,
    screenshots: Path | None = None,
    timeout: float = TIMEOUT,
    progress: Callable[[PageReport], None] | None = None,
) -> QaReport:
    """Open each page replayed by pywb; the report of what each asked for and got."""
    reports: list[PageReport] = []
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="archiver-qa-") as tmp:
        prepare(output, Path(tmp))
        with Wayback(Path(tmp)) as wayback, _browser(chromium) as browser:
            for number, page in enumerate(pages, 1):
                shot = screenshots / _shot_name(number, page.url) if screenshots else None
                report = _visit(browser, wayback, page, shot, timeout)
                logger.debug("qa %s: %s", page.url, report)
                reports.append(report)
                if progress is not None:
                    progress(report)
    return QaReport(str(output), chromium, reports)


def write_report(report: QaReport, dest: Path) -> None:
    dest.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
