"""`archiver qa`: captured pages replayed by real pywb in real headless Chromium (Debian's).

Tiny collections are written here with warcio and indexed as a crawl's end does
(`build_collection`): a page with its stylesheet and picture, then the same with a piece
missing, an off-host picture, a page trying to leave the archive. A plain HTTP server on
127.0.0.1 stands for "outside": it must see no request at all.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.archive.indexing import build_collection
from archiver.archive.qa import Page, archived_url, route_kind, sample
from archiver.cli.qa import dotclear_kinds
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl, run_crawl

BLOG = "http://blog.example.org/"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
CSS = b"body { background: url(pic.png) } h1 { color: #036 }"


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail("these tests drive Debian's Chromium: apt-get install chromium")
    return found


class Outside:
    """An HTTP server on 127.0.0.1 standing for the live web: it counts what reaches it."""

    def __init__(self) -> None:
        hits = self.hits = []  # type: list[str]

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def outside() -> Iterator[Outside]:
    server = Outside()
    yield server
    server.server.shutdown()
    server.server.server_close()


def page_html(body: str) -> bytes:
    head = '<title>Home</title><link rel="stylesheet" href="index.php?tf=style.css">'
    return f"<!DOCTYPE html><html><head>{head}</head><body><h1>Hi</h1>{body}</body></html>".encode()


def collection(output: Path, body: str, resources: dict[str, tuple[str, bytes]]) -> Path:
    """A crawl's output: the home page (`body` in it) and `resources` (URL -> type, bytes)
    captured in a WARC, then indexed, listed and packaged as a crawl's end does."""
    (output / "warc").mkdir(parents=True)
    captures = {BLOG: ("text/html; charset=utf-8", page_html(body)), **resources}
    with (output / "warc" / "qa-00000.warc.gz").open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record("qa-00000.warc.gz", {"software": "t"}))
        for url, (ctype, payload) in captures.items():
            status = "404 Not Found" if url.endswith("gone.png") else "200 OK"
            headers = [("Content-Type", ctype), ("Content-Length", str(len(payload)))]
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(  # length given: no temporary file
                url, "response", io.BytesIO(payload), length=len(payload), http_headers=http
            )
            writer.write_record(record)
    build_collection(output)
    return output


COMPLETE = {
    BLOG + "index.php?tf=style.css": ("text/css", CSS),
    BLOG + "pic.png": ("image/png", PNG),
    BLOG + "gone.png": ("text/html", b"<p>no such picture</p>"),  # captured as a 404
}


def qa(output: Path, *options: str, env: dict[str, str] | None = None) -> tuple[int, str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "qa", str(output), *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )
    assert "Traceback" not in done.stderr, done.stderr
    report = output / "qa-report.json"
    return done.returncode, done.stdout, json.loads(report.read_text()) if report.exists() else None


def test_complete_page_replays_with_nothing_failed(tmp_path: Path) -> None:
    output = collection(tmp_path / "out", '<img src="/pic.png"><img src="gone.png">', COMPLETE)
    code, stdout, report = qa(output, "--screenshots", str(tmp_path / "shots"))
    assert code == 0, stdout
    [page] = report["pages"]
    assert page["url"] == BLOG and page["status"] == 200 and page["error"] is None
    assert page["failed_same_host"] == page["failed_other_host"] == page["leaks"] == []
    # the blog's own 404, captured: answered by the archive, listed, not a failure
    assert page["archived_errors"] == [{"url": BLOG + "gone.png", "status": 404}]
    assert page["console_errors"] == []
    shot = tmp_path / "shots" / "001-blog-example-org.png"
    assert page["screenshot"] == str(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert report["ok"] is True
    assert report["totals"] == {
        "pages": 1,
        "page_errors": 0,
        "failed_same_host": 0,
        "failed_other_host": 0,
        "leaks": 0,
        "console_errors": 0,
    }
    assert stdout.splitlines() == [
        "status  same-host  other-host  leaks  console  page",
        f"   200          0           0      0        0  {BLOG}",
        "1 pages: 0 failed same-host sub-requests, 0 failed other-host, 0 leaks, "
        "0 console errors, 0 pages not opened",
        f"complete: report in {output / 'qa-report.json'}",
    ]


def test_missing_stylesheet_is_a_failed_same_host_request(tmp_path: Path) -> None:
    resources = {BLOG + "pic.png": COMPLETE[BLOG + "pic.png"]}
    output = collection(tmp_path / "out", '<img src="/pic.png">', resources)
    code, stdout, report = qa(output)
    assert code == 3, stdout
    [page] = report["pages"]
    missing = {"url": BLOG + "index.php?tf=style.css", "status": 404, "error": "not in archive"}
    assert page["failed_same_host"] == [missing]
    assert page["failed_other_host"] == page["leaks"] == []
    assert stdout.splitlines()[-1].startswith("INCOMPLETE: report in ")


def test_off_host_picture_is_a_failed_other_host_request_never_fetched(
    tmp_path: Path, outside: Outside
) -> None:
    """pywb rewrites an off-host picture into the archive, which lacks it: a failure on
    another host (not a leak: nothing tried to leave), and the page still passes."""
    body = f'<img src="http://example.com/x.png"><img src="{outside.url}/y.png">'
    output = collection(tmp_path / "out", body, COMPLETE)
    code, stdout, report = qa(output)
    assert code == 0, stdout
    [page] = report["pages"]
    assert page["failed_same_host"] == page["leaks"] == []
    assert sorted(f["url"] for f in page["failed_other_host"]) == [
        outside.url + "/y.png",
        "http://example.com/x.png",
    ]
    assert outside.hits == []


LEAKY = """<script>
var frame = document.createElement("iframe");  // a blob: frame escapes pywb's rewriting
var inner = '<img src="OUT/csp.png"><script>new WebSocket("WS/socket");'
  + 'top.location.href = "OUT/away";<' + '/script>';
frame.src = URL.createObjectURL(new Blob([inner], {type: "text/html"}));
document.body.appendChild(frame);
</script>"""


def test_requests_leaving_the_archive_are_leaks_and_never_sent(
    tmp_path: Path, outside: Outside
) -> None:
    body = LEAKY.replace("OUT", outside.url).replace("WS", outside.url.replace("http", "ws"))
    output = collection(tmp_path / "out", body, COMPLETE)
    code, stdout, report = qa(output)
    assert code == 3, stdout
    [page] = report["pages"]
    assert sorted(page["leaks"]) == [
        outside.url + "/away",  # a navigation: stopped by page.route
        outside.url + "/csp.png",  # a picture: stopped by pywb's Content-Security-Policy
        outside.url.replace("http", "ws") + "/socket",  # a WebSocket: never connected
    ]
    assert page["failed_same_host"] == []
    assert outside.hits == []


def test_no_chromium_is_a_clear_error(tmp_path: Path) -> None:
    output = collection(tmp_path / "out", "", COMPLETE)
    code, stdout, report = qa(output, "--chromium", str(tmp_path / "nowhere"))
    assert code == 4
    assert stdout == (
        f"archiver qa: Chromium not found ('{tmp_path / 'nowhere'}' is not an executable): "
        "install it with `apt-get install chromium`, or name it with --chromium PATH\n"
    )
    assert report is None


def test_no_crawl_is_a_usage_error(tmp_path: Path) -> None:
    code, stdout, report = qa(tmp_path)
    assert (code, stdout, report) == (
        2,
        f"archiver qa: {tmp_path / 'pages' / 'pages.jsonl'}: no pages list: crawl first\n",
        None,
    )


def test_validate_replays_in_chromium_or_says_it_cannot(tmp_path: Path) -> None:
    output = collection(tmp_path / "out", '<img src="/pic.png">', COMPLETE)
    command = [sys.executable, "-m", "archiver.cli", "validate", str(output)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "PASS  replay in headless Chromium (archiver qa, 1 pages)" in done.stdout.splitlines()
    env = {"PATH": "/usr/bin:/bin", "ARCHIVER_CHROMIUM": str(tmp_path / "nowhere")}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    skip = [line for line in done.stdout.splitlines() if line.startswith("SKIP")]
    assert skip == [
        "SKIP  replay in headless Chromium (archiver qa): Chromium not found "
        f"('{tmp_path / 'nowhere'}' is not an executable): install it with "
        "`apt-get install chromium`, or name it with --chromium PATH"
    ]
    assert not any("Chromium" in line for line in done.stdout.splitlines() if "PASS" in line)


def test_archived_url_of_replay_urls() -> None:
    coll = "http://127.0.0.1:8080/warc/"
    cases = {
        coll + "20260102030405/http://h.invalid/": "http://h.invalid/",
        coll + "cs_/http://h.invalid/a.css": "http://h.invalid/a.css",
        coll + "20260102030405im_/https://h.invalid/p.png?x=1": "https://h.invalid/p.png?x=1",
        coll + "http://h.invalid/index.php?tf=s.css": "http://h.invalid/index.php?tf=s.css",
        coll + "js_///cdn.example.org/x.js": "http://cdn.example.org/x.js",
        "http://127.0.0.1:8080/static/wombat.js": None,
    }
    assert {url: archived_url(url, coll) for url in cases} == cases


DOTCLEAR_PAGES = [
    "http://h.invalid/",
    *(f"http://h.invalid/post/2024/01/{n:02d}/p{n}" for n in range(1, 25)),
    "http://h.invalid/page/2",
    "http://h.invalid/tag/a",
    "http://h.invalid/tag/b",
    "http://h.invalid/archive",
    "http://h.invalid/archive/2024/01",
    "http://h.invalid/tags",
    "http://h.invalid/category/c",
]


DEFAULT = ["", "tag/a", "archive", "archive/2024/01", "tags", "category/c"]
DEFAULT += [f"post/2024/01/{n:02d}/p{n}" for n in range(1, 21, 2)]  # 10 of 24: every second
REST = [f"post/2024/01/{n:02d}/p{n}" for n in [*range(2, 21, 2), 21, 22, 23, 24]]


@pytest.mark.parametrize(
    ("count", "everything", "expected"),
    [
        (None, False, DEFAULT),
        (3, False, DEFAULT[:3]),
        (40, False, DEFAULT + REST + ["page/2", "tag/b"]),  # then the others, in list order
        (None, True, [url[len("http://h.invalid/") :] for url in DOTCLEAR_PAGES]),
    ],
    ids=["default", "three", "more-than-default", "all"],
)
def test_sample_takes_home_each_listing_kind_and_posts(
    count: int | None, everything: bool, expected: list[str]
) -> None:
    pages = [Page(url, "2026-01-01T00:00:00Z") for url in DOTCLEAR_PAGES]
    chosen = sample(pages, dotclear_kinds("http://h.invalid/"), count, everything)
    assert [page.url[len("http://h.invalid/") :] for page in chosen] == expected


def test_route_kind_without_site_knowledge() -> None:
    kind = route_kind("http://h.invalid/index.php?")
    urls = [
        "http://h.invalid/index.php?",
        "http://h.invalid/index.php?post/x",
        "http://h.invalid/index.php?page/2",
    ]
    assert [kind(u) for u in [*urls, "http://h.invalid/index.php?tag/a", "http://o.invalid/"]] == [
        "home",
        "post",
        "home",
        "tag",
        "other",
    ]


# The sample blog crawled end to end (tests/conftest.py): every theme, both encodings.
SAMPLE_KINDS = ["home", "tags", "archive", "tag", "category", "archive_month"] + ["post"] * 10


def qa_copy(output: Path, dest: Path, *options: str) -> tuple[int, str, Any]:
    """`qa` on a copy of a crawl's output: the session's crawl stays as the crawl left it."""
    shutil.copytree(output, dest)
    return qa(dest, *options)


@pytest.mark.slow
def test_sample_blog_replays_complete_in_every_theme(crawl: Crawl, tmp_path: Path) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    shots = tmp_path / "shots"
    code, stdout, report = qa_copy(crawl.output, tmp_path / "out", "--screenshots", str(shots))
    assert code == 0, stdout
    kinds = dotclear_kinds(crawl.server.url)
    assert sorted(kinds(page["url"]) for page in report["pages"]) == sorted(SAMPLE_KINDS)
    assert report["totals"] == {
        "pages": 16,
        "page_errors": 0,
        "failed_same_host": 0,
        "failed_other_host": 0,
        "leaks": 0,
        "console_errors": 0,
    }
    assert len(list(shots.glob("*.png"))) == 16


@pytest.mark.slow
def test_dataset_only_crawl_fails_qa(tmp_path: Path) -> None:
    with SampleBlogServer(theme="berlin") as server:
        crawled = run_crawl(server, tmp_path / "out", options=("--no-requisites",))
        assets = {server.url.rstrip("/") + path for path in server.site.asset_paths()}
    assert crawled.returncode == 0, crawled.log[-3000:]
    code, stdout, report = qa(crawled.output)
    assert code == 3, stdout
    assert report["totals"]["leaks"] == report["totals"]["page_errors"] == 0
    for page in report["pages"]:  # every page lacks its theme; only requisites are missing
        failed = {f["url"] for f in page["failed_same_host"]}
        assert server.url + "themes/berlin/style.css" in failed, page["url"]
        assert failed <= assets, page["url"]
