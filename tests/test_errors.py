"""Clear errors before anything is written: one `archiver: ...` line, an exit status, no files.

A start URL that is not http(s) (2), a start URL that cannot be reached, a site that is no
Dotclear blog, an output folder refused (4), each through `python -m archiver.cli crawl` and the
pure pieces under it (archiver/crawl/start.py, archiver/crawl/output.py, looks_like_dotclear).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from OpenSSL import SSL
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure
from twisted.web.client import ResponseNeverReceived
from warcio.archiveiterator import ArchiveIterator

from archiver.archive import capture
from archiver.cli import status
from archiver.crawl import start
from archiver.crawl.output import OutputExistsError, OutputRefusedError, check_output
from archiver.crawl.spider import DotclearSpider
from archiver.dataset import card
from archiver.dotclear.markup import looks_like_dotclear
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.server import SampleBlogServer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*/*/page.html"))
QUICK = ("--fast", "-s", "RETRY_TIMES=1", "-s", "ARCHIVER_RETRY_BACKOFF=0")
NOT_DOTCLEAR = (
    "no Dotclear generator meta, no link to dotclear.org, no ?pf= public files, "
    "no post/ or feed/atom URLs, no div.post blocks with id pN"
)
FORCE = "--force (spider argument force=1) crawls it anyway"
PLAIN_PAGE = "<!DOCTYPE html><html><head><title>Hello</title></head><body><p>Hi</p></body></html>"
# Start pages that are no Dotclear blog's, or only credit Dotclear, as saved pages.
START_PAGES = ROOT / "tests" / "fixtures" / "start"
WORDPRESS_PAGE = (START_PAGES / "wordpress.html").read_text(encoding="utf-8")
DOTCLEAR_CREDIT_PAGE = (START_PAGES / "dotclear-credit.html").read_text(encoding="utf-8")


def crawl(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "archiver.cli", "crawl", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=cwd, env=env)


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    """The one `archiver:` line, which ends stderr (Scrapy's log comes before it)."""
    assert [line for line in done.stderr.splitlines() if line.startswith("archiver:")] == [
        done.stderr.splitlines()[-1]
    ], done.stderr[-3000:]
    return done.stderr.splitlines()[-1]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, and every folder (as b"/")."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"/"
        for path in sorted(folder.rglob("*"))
    }


def refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed: nothing listens there


class _Pages(BaseHTTPRequestHandler):
    pages = {"/": PLAIN_PAGE, "/wp/": WORDPRESS_PAGE}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        page = self.pages.get(self.path)
        body = (page or "not found").encode("utf-8")
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A tiny site that is no Dotclear blog, on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A crawl of the sample blog, whose server is stopped since: its URL is refused."""
    output = tmp_path_factory.mktemp("collection") / "out"
    with SampleBlogServer(POSTS[:3]) as server:
        done = crawl(*QUICK, "--output", str(output), server.url)
    assert done.returncode == status.COMPLETE, done.stderr[-3000:]
    assert "archiver:" not in done.stderr  # the sample blog looks like Dotclear: no problem
    assert (output / "posts.jsonl").read_text(encoding="utf-8").count("\n") == 3
    return output, server.url


# --- Exit statuses, one place ---------------------------------------------------------------


def test_exit_statuses_and_the_close_reason_shared_by_the_writers() -> None:
    assert (status.COMPLETE, status.UNEXPECTED, status.USAGE) == (0, 1, 2)
    assert (status.INCOMPLETE, status.COULD_NOT_START) == (3, 4)
    assert start.COULD_NOT_START == capture.COULD_NOT_START == card.COULD_NOT_START
    assert start.COULD_NOT_START == "could_not_start"


# --- Not an http(s) URL: a usage error, before anything -------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("not-a-url", "'not-a-url' is not an http:// or https:// URL"),
        ("ftp://example.com/", "'ftp://example.com/' is not an http:// or https:// URL"),
        ("http://", "'http://' is not an http:// or https:// URL"),
        ("file:///etc/passwd", "'file:///etc/passwd' is not an http:// or https:// URL"),
        ("http://example.com/", None),
        ("HTTPS://example.com/blog/index.php?", None),
    ],
)
def test_start_url_problem(url: str, problem: str | None) -> None:
    assert start.start_url_problem(url) == problem


def test_cli_refuses_a_url_that_is_not_http_and_creates_no_folder(tmp_path: Path) -> None:
    done = crawl("not-a-url", cwd=tmp_path)  # the default --output, "output", in tmp_path
    assert done.returncode == status.USAGE == 2
    assert done.stderr == "archiver: error: 'not-a-url' is not an http:// or https:// URL\n"
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_spider_refuses_a_url_that_is_not_http() -> None:
    with pytest.raises(ValueError, match=r"^'not-a-url' is not an http:// or https:// URL$"):
        DotclearSpider(url="not-a-url")
    with pytest.raises(ValueError, match=r"^'ftp://h.invalid/' is not an http:// or https:// URL$"):
        DotclearSpider(urls="http://h.invalid/ ftp://h.invalid/")


def test_cli_usage_errors_say_so_in_one_line(tmp_path: Path) -> None:
    done = crawl("--full", "--output", str(tmp_path / "out"), "http://127.0.0.1:1/")
    assert (done.returncode, done.stderr) == (2, "archiver: error: --full goes with --update\n")
    assert not (tmp_path / "out").exists()


# --- Unreachable start URL: exit 4, nothing left behind -------------------------------------


def _failure(error: Exception, request: Request | None = None) -> Failure:
    failure = Failure(error)
    failure.request = request or Request("http://127.0.0.1:1/")  # type: ignore[attr-defined]
    return failure


def _http_error(status_code: int) -> HttpError:
    response = HtmlResponse(
        "http://h.invalid/", status=status_code, request=Request("http://h.invalid/")
    )
    return HttpError(response, "Ignoring non-200 response")


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (DownloadConnectionRefusedError("Connection was refused"), "connection refused"),
        (CannotResolveHostError("no such host"), "no such host (DNS lookup failed)"),
        (DNSLookupError("nowhere.invalid"), "no such host (DNS lookup failed)"),
        (DownloadTimeoutError("took longer than 1 seconds"), "timed out"),
        (
            ResponseNeverReceived([Failure(SSL.Error([("SSL routines", "", "wrong version")]))]),
            "TLS handshake failed (wrong version)",
        ),
        (_http_error(404), "it answered HTTP 404"),
        (IgnoreRequest("Forbidden by robots.txt"), "Forbidden by robots.txt"),
        (ValueError("odd"), "ValueError: odd"),
    ],
    ids=["refused", "dns", "dns-twisted", "timeout", "tls", "http-404", "robots", "other"],
)
def test_unreachable_reason_in_words(error: Exception, words: str) -> None:
    assert start.unreachable_reason(_failure(error)) == words


def _answer(url: str, html: str, start_url: str) -> HtmlResponse:
    request = Request(url, meta={start.START_META: start_url})
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=request)


def test_start_watch_gives_up_only_when_no_start_page_is_left() -> None:
    watch = start.StartWatch(force=False)
    watch.expect("http://a.invalid/")
    watch.expect("http://b.invalid/")
    watch.failed("http://a.invalid/", _failure(DownloadConnectionRefusedError()))
    assert not watch.could_not_start()  # http://b.invalid/ is still awaited
    assert watch.answered(_answer("http://b.invalid/", PLAIN_PAGE, "http://b.invalid/")) == (
        f"http://b.invalid/ does not look like a Dotclear blog ({NOT_DOTCLEAR}); {FORCE}"
    )
    assert watch.could_not_start()
    assert watch.message() == (
        "could not reach http://a.invalid/: connection refused; "
        f"http://b.invalid/ does not look like a Dotclear blog ({NOT_DOTCLEAR}); {FORCE}"
    )


def test_start_watch_goes_on_from_one_good_start_page() -> None:
    watch = start.StartWatch(force=False)
    watch.expect("http://a.invalid/")
    watch.expect("http://b.invalid/")
    watch.failed("http://a.invalid/", _failure(_http_error(503)))
    assert watch.problems == {
        "http://a.invalid/": "could not archive http://a.invalid/: it answered HTTP 503"
    }
    page = DOTCLEAR_CREDIT_PAGE
    assert watch.answered(_answer("http://b.invalid/", page, "http://b.invalid/")) is None
    assert not watch.could_not_start()
    forced = start.StartWatch(force=True)
    forced.expect("http://c.invalid/")
    assert forced.answered(_answer("http://c.invalid/", PLAIN_PAGE, "http://c.invalid/")) is None


@pytest.mark.parametrize("existed", [False, True], ids=["new-folder", "existing-folder"])
def test_cli_unreachable_start_url_leaves_nothing(tmp_path: Path, existed: bool) -> None:
    output = tmp_path / "out"
    if existed:
        output.mkdir()
        (output / ".gitkeep").write_bytes(b"")
    url = f"http://127.0.0.1:{refused_port()}/"
    done = crawl(*QUICK, "--output", str(output), url)
    assert done.returncode == status.COULD_NOT_START == 4
    assert last_line(done) == f"archiver: could not reach {url}: connection refused"
    assert done.stdout == ""  # no summary of a crawl that did not happen
    assert "Spider closed (could_not_start)" in done.stderr
    if existed:
        assert tree(output) == {".gitkeep": b""}
    else:
        assert not output.exists()


def test_cli_start_url_timing_out(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # connects, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        done = crawl(
            *QUICK, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=0", "--output",
            str(tmp_path / "out"), url,
        )  # fmt: skip
    assert done.returncode == 4
    assert last_line(done) == f"archiver: could not reach {url}: timed out"
    assert not (tmp_path / "out").exists()


def test_cli_tls_to_a_plain_http_server(tmp_path: Path, site: str) -> None:
    url = site.replace("http://", "https://")
    done = crawl(*QUICK, "--output", str(tmp_path / "out"), url)
    assert done.returncode == 4
    assert last_line(done).startswith(f"archiver: could not reach {url}: TLS handshake failed (")
    assert not (tmp_path / "out").exists()


def test_cli_start_page_answering_404(tmp_path: Path, site: str) -> None:
    done = crawl(*QUICK, "--output", str(tmp_path / "out"), site + "missing/")
    assert done.returncode == 4
    assert last_line(done) == f"archiver: could not archive {site}missing/: it answered HTTP 404"
    assert not (tmp_path / "out").exists()  # robots.txt (404) was fetched: no WARC left either


@pytest.mark.parametrize("option", ["--overwrite", "--update"])
def test_cli_unreachable_leaves_an_earlier_collection_as_it_was(
    tmp_path: Path, collection: tuple[Path, str], option: str
) -> None:
    earlier, url = collection
    output = tmp_path / "out"
    shutil.copytree(earlier, output)
    before = tree(output)
    assert {"posts.jsonl", "crawl-report.json", "README.md"} <= set(before)
    done = crawl(*QUICK, option, "--output", str(output), url)
    assert done.returncode == 4, done.stderr[-3000:]
    assert last_line(done) == f"archiver: could not reach {url}: connection refused"
    assert tree(output) == before


def test_scrapy_crawl_could_not_start_writes_nothing(tmp_path: Path) -> None:
    """The spider and the components alone (`scrapy crawl`, as Scrapyd runs it)."""
    url = f"http://127.0.0.1:{refused_port()}/"
    command = [sys.executable, "-m", "scrapy", "crawl", "dotclear", "-a", f"url={url}"]
    command += ["-a", f"output={tmp_path / 'out'}", "-s", "RETRY_TIMES=0"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert f"ERROR: could not reach {url}: connection refused" in done.stderr
    assert "'finish_reason': 'could_not_start'" in done.stderr
    assert not (tmp_path / "out").exists()


# --- Not a Dotclear blog --------------------------------------------------------------------

# What is found first on each fixture page, then once its "Powered by Dotclear" link is gone.
SIGNS = {
    "berlin": ("link to dotclear.org", "?pf= public files"),
    "ductile": ("link to dotclear.org", "?pf= public files"),
    "default": ("link to dotclear.org", "post/ or feed/atom URLs"),
}


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: f"{p.parent.parent.name}-{p.parent.name}")
def test_fixture_pages_look_like_dotclear(page: Path) -> None:
    url = (page.parent / "url.txt").read_text(encoding="utf-8").strip()
    html = page.read_bytes().decode("utf-8", errors="replace")
    first, second = SIGNS[page.parent.name.split("-")[0]]
    assert looks_like_dotclear(url, html) == (True, first)
    unsigned = html.replace("dotclear.org", "example.org")
    assert looks_like_dotclear(url, unsigned) == (True, second)


@pytest.mark.parametrize(
    ("html", "verdict"),
    [
        (PLAIN_PAGE, (False, NOT_DOTCLEAR)),
        (WORDPRESS_PAGE, (False, "its generator meta names 'WordPress 6.5', not Dotclear")),
        (WORDPRESS_PAGE.replace('name="generator"', 'name="x"'), (False, NOT_DOTCLEAR)),
        ("", (False, "an empty page")),
        ('<meta name="Generator" content="Dotclear 2.25">', (True, "Dotclear generator meta")),
        ('<script src="/index.php?pf=util.js"></script>', (True, "?pf= public files")),
        ('<a href="/post/2006/12/24/Noel">Noël</a>', (True, "post/ or feed/atom URLs")),
        ('<a href="https://example.com/post/2006/12/24/x">x</a>', (False, NOT_DOTCLEAR)),
        ('<div class="post odd" id="p42">x</div>', (True, "div.post blocks with id pN")),
    ],
    ids=[
        "plain",
        "wordpress",
        "wordpress-no-generator",
        "empty",
        "generator",
        "public-file",
        "post-url",
        "post-url-elsewhere",
        "post-markup",
    ],
)
def test_looks_like_dotclear(html: str, verdict: tuple[bool, str]) -> None:
    assert looks_like_dotclear("http://127.0.0.1:8000/", html) == verdict


@pytest.mark.parametrize(
    ("path", "looked_for"),
    [("", NOT_DOTCLEAR), ("wp/", "its generator meta names 'WordPress 6.5', not Dotclear")],
    ids=["plain", "wordpress"],
)
def test_cli_not_a_dotclear_blog(tmp_path: Path, site: str, path: str, looked_for: str) -> None:
    done = crawl(*QUICK, "--output", str(tmp_path / "out"), site + path)
    assert done.returncode == 4
    assert last_line(done) == (
        f"archiver: {site}{path} does not look like a Dotclear blog ({looked_for}); {FORCE}"
    )
    assert not (tmp_path / "out").exists()


def test_cli_force_crawls_it_anyway(tmp_path: Path, site: str) -> None:
    output = tmp_path / "out"
    done = crawl(*QUICK, "--force", "--output", str(output), site)
    assert done.returncode == status.INCOMPLETE == 3, done.stderr[-3000:]  # its /tags is a 404
    assert (output / "posts.jsonl").read_bytes() == b""
    [warc] = sorted((output / "warc").glob("*.warc.gz"))
    with warc.open("rb") as fh:
        records = [(r.rec_type, r.rec_headers["WARC-Target-URI"]) for r in ArchiveIterator(fh)]
    responses = sorted(uri for kind, uri in records if kind == "response")
    assert responses == [site, site + "robots.txt", site + "tags"]


# --- Output refused -------------------------------------------------------------------------


def test_check_output_refusals(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    with pytest.raises(OutputRefusedError) as error:
        check_output(afile, overwrite=True)
    assert str(error.value) == (
        f"{afile} is a file, not a folder: choose a new or empty folder for --output"
    )
    with pytest.raises(OutputRefusedError) as error:
        check_output(afile / "out", overwrite=False)
    assert str(error.value) == (
        f"{afile / 'out'} cannot be created: {afile} is a file: "
        "choose a new or empty folder for --output"
    )
    with pytest.raises(OutputRefusedError) as error:
        check_output(tmp_path, overwrite=True)
    assert not isinstance(error.value, OutputExistsError)
    assert str(error.value) == (
        f"{tmp_path} holds other things than an archiver collection (notes.txt): "
        "choose a new or empty folder for --output"
    )


def test_check_output_accepts_a_collection_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / ".gitkeep").write_bytes(b"")
    check_output(tmp_path, overwrite=False)
    for name in ("posts.jsonl", "crawl-report.json", "README.md", "posts.png", "archive.wacz"):
        (tmp_path / name).write_text("x")
    for name in ("warc", "indexes", "pages"):
        (tmp_path / name).mkdir()
    (tmp_path / "notes.txt").write_text("x")  # a collection's reader may add their own files
    check_output(tmp_path, overwrite=True)
    with pytest.raises(OutputExistsError):
        check_output(tmp_path, overwrite=False)


def test_a_folder_without_a_crawl_is_no_collection(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("my notes")  # the dataset card would replace it
    (tmp_path / "indexes").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b.txt").write_text("x")
    with pytest.raises(OutputRefusedError, match=r"collection \(README.md, a/, b.txt, \.\.\.\): "):
        check_output(tmp_path, overwrite=True)


@pytest.mark.parametrize("kind", ["file", "other-things"])
def test_cli_refuses_the_output_before_any_request(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    if kind == "file":
        target.write_text("mine")
        expected = f"{target} is a file, not a folder"
    else:
        target.mkdir()
        (target / "thesis.pdf").write_text("mine")
        expected = f"{target} holds other things than an archiver collection (thesis.pdf)"
    before = tree(tmp_path)
    with SampleBlogServer(POSTS[:1]) as server:
        done = crawl("--fast", "--overwrite", "--output", str(target), server.url)
        assert server.requests == []
    assert done.returncode == 4
    assert done.stderr == f"archiver: {expected}: choose a new or empty folder for --output\n"
    assert tree(tmp_path) == before
