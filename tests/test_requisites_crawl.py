"""Crawls with page requisites and every same-host page (archiver/crawl/reach.py).

Two sites: the fixture site of tests/fixtures/requisites-site (every element and CSS form,
Dotclear's ?tf= and ?pf= URLs, a second host), served from its files by `FileSite`, and the
sample blog. What a crawl captured is read back from its WARC files and checked against what
its pages and stylesheets name, with the same extraction code (unit-tested apart).
"""

from __future__ import annotations

import json
import mimetypes
import re
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.archive.requisites import css_requisites, page_parts
from archiver.dotclear.dates import PARIS
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl, run_crawl

SITE = Path(__file__).parent / "fixtures" / "requisites-site"
CDN_MARK = b"{{CDN}}"


class FileSite:
    """Serves a folder as a Dotclear blog serves its URLs (see the folder's README.md)."""

    def __init__(self, root: Path, cdn: str = "") -> None:
        self.root, self.cdn = root, cdn
        self.requests: list[tuple[str, int]] = []  # (path with query, status)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - stdlib naming
                status, kind, body = site.answer(self.path)
                site.requests.append((self.path, status))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.host = f"127.0.0.1:{self.server.server_address[1]}"

    def file(self, target: str) -> Path | None:
        parts = urlsplit(target)
        path = unquote(parts.path).lstrip("/")
        query = dict(item.partition("=")[::2] for item in parts.query.split("&") if item)
        for key in ("pf", "tf"):  # /?pf=NAME, /index.php?tf=NAME
            if key in query:
                return self.root / key / query[key]
        if path in ("", "index.php"):
            return self.root / "index.html"
        for candidate in (path, f"{path}.html", f"{path}.xml"):
            if (self.root / candidate).is_file():
                return self.root / candidate
        return None

    def answer(self, target: str) -> tuple[int, str, bytes]:
        path = self.file(target)
        if path is None or not path.resolve().is_relative_to(self.root.resolve()):
            return 404, "text/html", b"<html><body>Not found</body></html>"
        body = path.read_bytes().replace(CDN_MARK, self.cdn.rstrip("/").encode())
        if path.suffix == ".xml":
            return 200, "application/atom+xml", body
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return 200, kind + ("; charset=utf-8" if kind.startswith("text/") else ""), body

    def __enter__(self) -> FileSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[FileSite, FileSite]]:
    with FileSite(SITE / "cdn") as cdn, FileSite(SITE, cdn.url) as blog:
        yield blog, cdn


# --- What a crawl left ---------------------------------------------------------------------


def captures(crawl: Crawl) -> dict[str, tuple[int, str, bytes]]:
    """URL -> (status, content type, body) of every response record."""
    found: dict[str, tuple[int, str, bytes]] = {}
    for path in crawl.warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                status = int(record.http_headers.get_statuscode())
                kind = record.http_headers.get_header("Content-Type") or ""
                found[url] = (status, kind, record.content_stream().read())
    return found


def named(crawl: Crawl) -> tuple[set[str], set[str]]:
    """The requisites and the links that the captured pages and stylesheets name."""
    requisites: set[str] = set()
    links: set[str] = set()
    for url, (status, kind, body) in captures(crawl).items():
        if not 200 <= status < 300 or not body.strip():
            continue
        if "html" in kind:
            parts = page_parts(lxml.html.document_fromstring(body), url)
            requisites.update(r.url for r in parts.requisites)
            links.update(parts.links)
        elif "css" in kind:
            requisites.update(r.url for r in css_requisites(body.decode("utf-8"), url))
    return requisites, links


def on_host(urls: set[str], host: str) -> set[str]:
    return {url for url in urls if urlsplit(url).netloc == host}


def report(crawl: Crawl) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((crawl.output / "crawl-report.json").read_text())
    return report


def dataset(crawl: Crawl) -> dict[str, dict[str, Any]]:
    """posts.jsonl by URL, without what moves between two crawls (WARC places, dates of
    capture) and with the server's port made neutral."""
    records = {}
    for record in crawl.records:
        text = re.sub(r"127\.0\.0\.1:\d+", "HOST", json.dumps(record, sort_keys=True))
        kept = {k: v for k, v in json.loads(text).items() if k not in ("warc", "crawls")}
        records[kept["url"]] = kept
    return records


# --- The fixture site ----------------------------------------------------------------------

REQUISITES = [
    "/?pf=jquery.js",
    "/?pf=post.js",
    "/favicon.ico",
    "/index.php?tf=img/bg.png",
    "/index.php?tf=reset.css",
    "/index.php?tf=style.css",
    "/public/.photo_m.jpg",
    "/public/.photo_s.jpg",
    "/public/.photo_sq.jpg",
    "/public/anim.svg",
    "/public/carte.html",
    "/public/carte.png",
    "/public/clip.jpg",
    "/public/clip.mp4",
    "/public/photo.jpg",
    "/public/photo.webp",
    "/public/photo@2.webp",
    "/public/son.mp3",
    "/themes/blue/fonts/b.woff",
    "/themes/blue/fonts/b.woff2",
    "/themes/blue/img/paper.png",
    "/themes/blue/img/search.png",
    "/themes/blue/img/side.png",
    "/themes/blue/img/side@2x.png",
    "/themes/blue/img/top.png",
    "/themes/blue/img/touch.png",
    "/themes/blue/layout.css",
    "/themes/blue/print.css",
    "/themes/blue/style.css",
]
PAGES = [  # the dataset crawl's, then the ones reached by a link
    "/",
    "/feed/atom",
    "/feed/rss2",  # linked by the home page: the walk reads it, as before
    "/post/2020/01/02/Premier",
    "/post/2020/01/04/Second",
    "/robots.txt",
    "/tags",
]
LINKED = [
    "/category/Vie",
    "/feed/atom/comments/1",
    "/feed/category/Vie/atom",
    "/public/document.pdf",
    "/rsd",
]


@pytest.fixture(scope="module")
def site_crawl(sites: tuple[FileSite, FileSite], tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    blog, _ = sites
    blog.requests.clear()
    return run_crawl(blog, tmp_path_factory.mktemp("requisites-site"))  # type: ignore[arg-type]


def test_site_every_requisite_and_page_fetched_once(
    site_crawl: Crawl, sites: tuple[FileSite, FileSite]
) -> None:
    blog, cdn = sites
    assert site_crawl.returncode == 0, site_crawl.log[-3000:]
    asked = Counter(path for path, _ in blog.requests)
    assert sorted(asked) == sorted(PAGES + LINKED + REQUISITES)
    assert [path for path, count in asked.items() if count > 1] == []
    assert cdn.requests == []  # another host: not opted in


def test_site_named_resources_all_captured(
    site_crawl: Crawl, sites: tuple[FileSite, FileSite]
) -> None:
    blog, cdn = sites
    held = set(captures(site_crawl))
    requisites, links = named(site_crawl)
    assert on_host(requisites, blog.host) - held == set()
    assert on_host(links, blog.host) - held == {
        f"{blog.url}?q=velo",  # search
        f"{blog.url}archive/2020/01/02",  # calendar
        f"{blog.url}private/notes",  # robots.txt
    }
    assert on_host(requisites, cdn.host) == {f"{cdn.url}cdn.css", f"{cdn.url}badge.png"}


def test_site_report(site_crawl: Crawl, sites: tuple[FileSite, FileSite]) -> None:
    blog, cdn = sites
    found = report(site_crawl)
    assert found["requisites"]["by_kind"] == {  # by the kind each was first named as
        "css-import": 3,  # print.css (in a <style> block first), reset.css, layout.css
        "font": 2,
        "frame": 1,
        "icon": 2,
        "image": 14,
        "media": 2,
        "object": 1,
        "script": 2,
        "stylesheet": 2,
    }
    assert found["requisites"]["fetched"] == len(REQUISITES)
    assert found["requisites"]["failed"] == 0
    assert found["requisites"]["offhost_skipped"] == {cdn.host: 2}
    assert found["linked_pages"]["fetched"] == len(LINKED) - 1  # the category: a listing
    assert found["linked_pages"]["categories"] == 1
    assert found["linked_pages"]["excluded"] == {
        "search": 1,
        "calendar": 1,
        "beyond_walk": 0,
        "out_of_scope": 0,
    }
    assert found["skipped_by_robots"] == [f"{blog.url}private/notes"]
    assert found["failed"] == []


def test_site_other_host_opted_in(sites: tuple[FileSite, FileSite], tmp_path: Path) -> None:
    blog, cdn = sites
    cdn.requests.clear()
    crawl = run_crawl(blog, tmp_path, options=("--requisites-hosts", cdn.host))  # type: ignore[arg-type]
    assert crawl.returncode == 0, crawl.log[-3000:]
    asked = sorted(path for path, _ in cdn.requests)
    assert asked == ["/badge.png", "/cdn-font.woff2", "/cdn.css", "/robots.txt"]  # robots: obeyed
    assert report(crawl)["requisites"]["offhost_skipped"] == {}
    assert {f"{cdn.url}cdn.css", f"{cdn.url}cdn-font.woff2"} <= set(captures(crawl))


def test_site_no_requisites_is_the_dataset_crawl(
    site_crawl: Crawl, sites: tuple[FileSite, FileSite], tmp_path: Path
) -> None:
    blog, _ = sites
    blog.requests.clear()
    crawl = run_crawl(blog, tmp_path, options=("--no-requisites",))  # type: ignore[arg-type]
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert sorted(path for path, _ in blog.requests) == PAGES
    assert dataset(crawl) == dataset(site_crawl)
    assert len(crawl.records) == 2


# --- The sample blog -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["default", "berlin", "ductile"])
def test_sample_blog_copy_is_whole(theme: str, tmp_path: Path) -> None:
    with SampleBlogServer(theme=theme) as server:
        crawl = run_crawl(server, tmp_path / "with")
        served = len(server.requests)
        bare = run_crawl(server, tmp_path / "without", options=("--no-requisites",))
        host = urlsplit(server.url).netloc
        asked = Counter(r.path for r in server.requests[:served])
    assert crawl.returncode == bare.returncode == 0, crawl.log[-3000:]
    assert [path for path, count in asked.items() if count > 1] == []
    held = set(captures(crawl))
    requisites, links = named(crawl)
    assert on_host(requisites, host) - held == set()
    excluded = report(crawl)["linked_pages"]["excluded"]
    assert len(on_host(links, host) - held) == sum(excluded.values())
    assert dataset(crawl) == dataset(bare)
    assert len(crawl.records) == 60


# --- Update crawls --------------------------------------------------------------------------

NEW_POST = SamplePost(
    id=990,
    slug="2009/05/02/Un-billet-neuf",
    title="Un billet neuf",
    published=datetime(2009, 5, 2, 10, 0, tzinfo=PARIS),
    author="Jean-Luc Raymond",
    category="Economie sociale",
    tags=("TIC",),
    paragraphs=("Texte du billet neuf.",),
)


@pytest.mark.slow
def test_update_asks_only_for_what_the_collection_lacks(tmp_path: Path) -> None:
    """A new post: its page, its comment feed and the listings' heads are asked for; the
    requisites and linked pages held are not, unless --full (then conditionally: 304s)."""
    output = tmp_path / "out"
    with SampleBlogServer() as server:
        first = run_crawl(server, output)
        held = {r.path for r in server.requests}
        requisites = {
            urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
            for url in named(first)[0]
        }
        server.publish([*POSTS, NEW_POST])
        since = len(server.requests)
        update = run_crawl(server, output, options=("--update",))
        asked = [r.path for r in server.requests[since:]]
        since = len(server.requests)
        full = run_crawl(server, output, options=("--update", "--full"))
        again = Counter((r.path, r.status) for r in server.requests[since:])
    assert first.returncode == update.returncode == full.returncode == 0, update.log[-3000:]
    assert requisites and requisites <= held
    assert set(asked) & requisites == set()  # all held: none asked again
    assert "/post/2009/05/02/Un-billet-neuf" in asked
    assert "/feed/atom/comments/990" in asked  # the new post's comment feed, a linked page
    new = {path for path in set(asked) - held if "990" not in path and "2009/05" not in path}
    assert new == set()  # nothing new but the new post's page, feed and month
    held_now = set(captures(update)) | set(captures(first))
    requisites_now, _ = named(update)
    assert on_host(requisites_now, urlsplit(server.url).netloc) - held_now == set()
    # --full: each requisite asked once more, conditionally, and answered 304.
    assert {path for (path, status) in again if path in requisites} == requisites
    assert all(again[(path, 304)] == 1 for path in requisites)
