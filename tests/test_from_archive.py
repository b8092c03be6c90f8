"""`archiver crawl BLOG --from-archive PREFIX`: the blog read from a web archive's captures.

The middleware's answers one by one and a post rebuilt from a listing, then end to end: the
sample blog crawled twice (content changed between), its captures replayed as if taken in
2009 and 2012, with a post never captured, a post captured only as errors, a post whose latest
capture is an error and a deleted post known only by a link; served by real pywb on loopback
and by a stand-in for the Internet Archive's APIs (tests/webarchive.py). The blog's own address
is a listener counting connections (pywb) or a `.invalid` name that cannot resolve (IA). The
CDX clients and the capture choice: tests/test_cdx.py.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from scrapy.http import Headers, HtmlResponse, Request, Response
from warcio.archiveiterator import ArchiveIterator

from archiver.archive import cdx
from archiver.archive.indexing import (
    CDXJ_NAME,
    PAGES_NAME,
    collection_warcs,
    page_list,
    write_cdxj,
    write_pages,
)
from archiver.archive.replay import Wayback, prepare
from archiver.crawl.archived import ARCHIVE_META
from archiver.crawl.fromarchive import restored
from archiver.dotclear.dates import PARIS
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl, run_crawl
from tests.webarchive import (
    ConnectionRecorder,
    IAStandIn,
    Memento,
    as_error,
    moved,
    read_mementos,
    write_warc,
)


def test_captured_headers_come_back_without_their_prefix() -> None:
    sent = Headers(
        {
            "Content-Type": "text/html; charset=ISO-8859-1",
            "Content-Length": "120",
            "X-Archive-Orig-Last-Modified": "Thu, 23 Apr 2009 06:17:00 GMT",
            "X-Archive-Orig-Content-Length": "4000",
            "X-Archive-Orig-Set-Cookie": ["a=1", "b=2"],
            "Memento-Datetime": "Mon, 01 Jun 2009 00:00:00 GMT",
            "Link": "<http://b.invalid/>; rel=original",
        }
    )
    out = restored(sent)
    assert {k.decode(): [v.decode() for v in out.getlist(k)] for k in out} == {
        "Content-Type": ["text/html; charset=ISO-8859-1"],
        "Content-Length": ["120"],
        "Last-Modified": ["Thu, 23 Apr 2009 06:17:00 GMT"],
        "Set-Cookie": ["a=1", "b=2"],
    }  # the captured framing (Content-Length 4000) is not the body's: left out
    plain = Headers({"Content-Type": "text/html", "Last-Modified": "x"})
    assert restored(plain) == plain  # an archive sending the captured headers as they were


# -- end to end -----------------------------------------------------------------------------

EDITED = POSTS[10]  # edited before the 2012 captures
FALLBACK = POSTS[11]  # edited too, but its 2012 capture is a 500: the 2009 one is read
ERRORS = POSTS[12]  # captured only as errors (503 in 2009, 404 in 2012): rebuilt
NEVER = POSTS[13]  # its page never captured: rebuilt from the listings that show it
LOST = dataclasses.replace(  # a 2009 post deleted by 2012, never captured: known by a link
    POSTS[0],
    id=960,
    slug="2008/01/15/Billet-perdu",
    title="Billet perdu",
    published=datetime(2008, 1, 15, 9, 0, tzinfo=PARIS),
    comments=(),
)
ADDED = dataclasses.replace(  # a 2012 post, whose body links to LOST
    POSTS[0],
    id=950,
    slug="2009/06/15/Billet-de-juin",
    title="Billet de juin",
    published=datetime(2009, 6, 15, 10, 30, tzinfo=PARIS),
    paragraphs=('Voir <a href="/post/2008/01/15/Billet-perdu">le billet perdu</a>.',),
    comments=(),
)
REBUILT = (NEVER, ERRORS)
SECOND = datetime(2012, 3, 1, tzinfo=UTC)
INVALID = "blog.invalid"  # RFC 6761: never resolves
ARCHIVE_ONLY = {"warc", "crawls", "source", "archived_at", "archive_url", "rebuilt_from"}


def _edited(post: SamplePost) -> SamplePost:
    return dataclasses.replace(post, title=post.title + " (mis à jour)")


def path(post: SamplePost) -> str:
    return "/post/" + quote(post.slug, safe="/:")


@dataclass
class Story:
    blog: str  # the sample blog's root when it was crawled
    live: list[dict[str, dict[str, Any]]]  # the 2009 and 2012 live crawls' records by path
    mementos: list[Memento]  # what the archives hold

    def url(self, post: SamplePost) -> str:
        return self.blog.rstrip("/") + path(post)

    def chosen(self, url: str) -> Memento:
        """The latest good capture of `url`."""
        held = [m for m in self.mementos if m.url == url and m.status == 200]
        return max(held, key=lambda m: m.timestamp)


def _archive_crawl(output: Path, prefix: str, blog: str, *options: str) -> Crawl:
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", "--output", str(output)]
    cmd += ["--from-archive", prefix, *options, blog]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    posts = output / "posts.jsonl"
    lines = posts.read_text(encoding="utf-8").splitlines() if posts.exists() else []
    records = [json.loads(line) for line in lines]
    log = done.stderr + done.stdout  # the summary is on stdout
    return Crawl(None, output, records, log, done.returncode)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    live = []
    with SampleBlogServer() as server:
        server.publish([*POSTS, LOST])
        first = run_crawl(server, tmp_path_factory.mktemp("live2009"))
        posts = [_edited(p) if p in (EDITED, FALLBACK) else p for p in POSTS]
        server.publish([*posts, ADDED])
        second = run_crawl(server, tmp_path_factory.mktemp("live2012"))
        blog = server.url
    assert first.returncode == 0, first.log[-2000:]
    report = json.loads((second.output / "crawl-report.json").read_text())
    assert [e["url"] for e in report["failed"]] == [blog.rstrip("/") + path(LOST)]  # 404 then
    for crawl in (first, second):
        live.append({urlsplit(r["url"]).path: r for r in crawl.records})
    story = Story(blog, live, [])
    old = read_mementos(first.warcs, datetime(2009, 6, 1, tzinfo=UTC))
    new = read_mementos(second.warcs, SECOND)
    for n, mementos in enumerate((old, new)):
        for memento in mementos:
            if memento.url in (story.url(NEVER), story.url(LOST)):
                continue
            if memento.url == story.url(ERRORS):
                memento = as_error(memento, *((503, "Service Unavailable"), (404, "Not Found"))[n])
            if memento.url == story.url(FALLBACK) and n == 1:
                memento = as_error(memento, 500, "Internal Server Error")
            story.mementos.append(memento)
    return story


@dataclass
class PywbRun:
    crawl: Crawl
    prefix: str
    connections: int  # made to the blog's own address
    root: Path  # the pywb root holding the archive (collection blog-warc)


@pytest.fixture(scope="module")
def pywb_run(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PywbRun]:
    held = tmp_path_factory.mktemp("held")
    write_warc(story.mementos, held / "warc" / "captures.warc.gz")
    write_cdxj([held / "warc" / "captures.warc.gz"], held / "indexes" / "index.cdxj")
    root = tmp_path_factory.mktemp("pywb")
    assert prepare(held, root, "blog-") == ["blog-warc"]
    recorder = ConnectionRecorder(urlsplit(story.blog).port or 80)
    try:
        with Wayback(root) as wayback:
            prefix = f"{wayback.url}/blog-warc/"
            crawl = _archive_crawl(
                tmp_path_factory.mktemp("from-pywb"), prefix, story.blog, "--fast", "--wacz"
            )
    finally:
        recorder.close()
    yield PywbRun(crawl, prefix, recorder.connections, root)


def _expected(story: Story, post_path: str) -> dict[str, Any]:
    """The record the live crawl wrote from the page the archive crawl reads."""
    which = 0 if post_path == path(FALLBACK) else 1
    record = {k: v for k, v in story.live[which][post_path].items() if k not in ARCHIVE_ONLY}
    if which == 0:  # its page is 2009's; the listings that name it are 2012's
        record["listings"] = story.live[1][post_path]["listings"]
    if post_path in {path(p) for p in REBUILT}:  # what a listing shows of it: all but
        record["published_source"] = "feed"  # <meta name="date">; the feed's is the same time
    return record


def _moved(record: dict[str, Any], netloc: str) -> dict[str, Any]:
    return json.loads(json.dumps(record).replace(netloc, INVALID))  # type: ignore[no-any-return]


def _check_records(story: Story, records: list[dict[str, Any]], netloc: str = "") -> None:
    got = {urlsplit(r["url"]).path: r for r in records}
    assert set(got) == set(story.live[1])  # every post the 2012 blog has, two rebuilt
    for post_path, record in got.items():
        expected = _expected(story, post_path)
        if netloc:
            expected = _moved(expected, netloc)
        assert {k: v for k, v in record.items() if k not in ARCHIVE_ONLY} == expected, post_path
    assert got[path(EDITED)]["title"] == EDITED.title + " (mis à jour)"
    assert got[path(FALLBACK)]["title"] == FALLBACK.title


@pytest.mark.slow
def test_pywb_crawl_writes_every_captured_post_exactly(story: Story, pywb_run: PywbRun) -> None:
    crawl = pywb_run.crawl
    assert crawl.returncode == 0 and "Traceback" not in crawl.log, crawl.log[-3000:]
    assert pywb_run.connections == 0  # the blog's own address was never contacted
    _check_records(story, crawl.records)


def test_the_index_made_while_crawling_is_cdxj_indexers(pywb_run: PywbRun, tmp_path: Path) -> None:
    """The revisit records at the blog's own URLs are indexed as cdxj-indexer does."""
    output = pywb_run.crawl.output
    warcs = collection_warcs(output)
    write_cdxj(warcs, tmp_path / "reference.cdxj")
    write_pages(page_list(warcs, tmp_path / "reference.cdxj"), tmp_path / "pages.jsonl")
    index = (output / CDXJ_NAME).read_text(encoding="utf-8")
    assert index == (tmp_path / "reference.cdxj").read_text(encoding="utf-8")
    pages = (output / PAGES_NAME).read_text(encoding="utf-8")
    assert pages == (tmp_path / "pages.jsonl").read_text(encoding="utf-8")
    originals = [line for line in index.splitlines() if '"mime": "warc/revisit"' in line]
    assert any(path(EDITED) in line for line in originals)


@pytest.mark.slow
def test_every_record_names_its_capture(story: Story, pywb_run: PywbRun) -> None:
    for record in pywb_run.crawl.records:
        assert (record["source"], record["schema_version"]) == ("archive", "1.2")
        if record["rebuilt_from"] is not None:  # read from a listing's memento
            stamp = record["rebuilt_from"].removeprefix(pywb_run.prefix).split("id_/")[0]
            assert record["archived_at"] == cdx.timestamp_iso(stamp)
            continue
        memento = story.chosen(record["url"])
        assert record["archived_at"] == cdx.timestamp_iso(memento.timestamp)
        assert record["archive_url"] == f"{pywb_run.prefix}{memento.timestamp}id_/{memento.url}"
    by_path = {urlsplit(r["url"]).path: r for r in pywb_run.crawl.records}
    assert by_path[path(FALLBACK)]["archived_at"].startswith("2009-06-01T")
    assert by_path[path(EDITED)]["archived_at"].startswith("2012-03-01T")


@pytest.mark.slow
def test_report_archive_section(story: Story, pywb_run: PywbRun) -> None:
    report = json.loads((pywb_run.crawl.output / "crawl-report.json").read_text())
    archive = report["archive"]
    assert archive["prefix"] == pywb_run.prefix and archive["api"] == "pywb"
    assert archive["captures_listed"] == len(story.mementos)
    assert archive["fallen_back"] == [story.url(FALLBACK)]
    assert archive["error_only"] == [story.url(ERRORS)]
    assert archive["posts_known_only_by_link"] == [story.url(LOST)]
    assert {story.url(NEVER), story.url(LOST)} <= set(archive["never_captured"])
    rebuilt = {entry["url"]: entry["from"] for entry in archive["rebuilt"]}
    assert sorted(rebuilt) == sorted(story.url(post) for post in REBUILT)
    records = {r["url"]: r for r in pywb_run.crawl.records}
    for url, memento in rebuilt.items():  # a listing's 2012 capture, named by the record
        assert memento.startswith(pywb_run.prefix + "2012") and "id_/" in memento
        assert records[url]["rebuilt_from"] == records[url]["archive_url"] == memento
        assert memento.split("id_/", 1)[1] in records[url]["listings"]
    assert archive["chosen_by_outcome"]["fallen_back"] == 1
    assert (archive["refused"], archive["stopped_refusing"], archive["listing_error"]) == (
        0,
        False,
        None,
    )
    assert report["failed"] == []


@pytest.mark.slow
def test_warc_holds_the_exchanges_with_the_archive_only(pywb_run: PywbRun) -> None:
    archive_host = urlsplit(pywb_run.prefix).netloc
    targets, originals = [], {}
    for warc in sorted((pywb_run.crawl.output / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                get = record.rec_headers.get_header
                if record.rec_type == "request":
                    targets.append(get("WARC-Target-URI"))
                elif record.rec_type == "revisit":
                    target, refers = get("WARC-Target-URI"), get("WARC-Refers-To-Target-URI")
                    if urlsplit(target).netloc == archive_host:  # a memento fetched again
                        assert refers == target
                    else:  # a memento recorded at the blog's own URL
                        originals[target] = (get("WARC-Date"), refers)
    for post in pywb_run.crawl.records:
        if post["rebuilt_from"] is None:  # a post read from its own page's memento
            assert originals[post["url"]] == (post["archived_at"], post["archive_url"])
    assert targets and {urlsplit(t).netloc for t in targets} == {archive_host}
    assert sum("/cdx?" in t for t in targets) == 1  # one listing query, then mementos
    assert all("id_/" in t for t in targets if "/cdx?" not in t)


def _get(port: int, target: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", target)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("source", ["warc", "wacz"])
def test_the_blog_replays_at_its_own_urls_and_capture_dates(
    story: Story, pywb_run: PywbRun, tmp_path: Path, source: str
) -> None:
    assert prepare(pywb_run.crawl.output, tmp_path, "out-") == ["out-warc", "out-wacz"]
    with Wayback(tmp_path) as wayback:
        for post in (EDITED, FALLBACK, ADDED):
            memento = story.chosen(story.url(post))
            target = f"/out-{source}/{memento.timestamp}id_/{memento.url}"
            status, headers, body = _get(wayback.port, target)
            assert (status, body) == (200, memento.body), target
            captured = dict(memento.headers)
            assert headers["X-Archive-Orig-Last-Modified"] == captured["Last-Modified"]
            moment = datetime.strptime(memento.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            assert headers["Memento-Datetime"] == format_datetime(moment, usegmt=True)


# -- the Internet Archive's API -------------------------------------------------------------


@dataclass
class IARun:
    crawl: Crawl
    standin: IAStandIn
    prefix: str


@pytest.fixture(scope="module")
def ia_run(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IARun]:
    netloc = urlsplit(story.blog).netloc
    mementos = [moved(m, netloc, INVALID) for m in story.mementos]
    home = f"http://{INVALID}/"
    standin = IAStandIn(mementos, page_size=40, refuse_every=40, shifted=frozenset([home]))
    try:
        prefix = f"{standin.url}/web/"
        output = tmp_path_factory.mktemp("from-ia")
        yield IARun(_archive_crawl(output, prefix, home, "--fast"), standin, prefix)
    finally:
        standin.close()


@pytest.mark.slow
def test_ia_crawl_pages_resumes_redirects_and_waits(story: Story, ia_run: IARun) -> None:
    crawl = ia_run.crawl
    assert crawl.returncode == 0 and "Traceback" not in crawl.log, crawl.log[-3000:]
    assert "DNSLookupError" not in crawl.log and "CannotResolveHost" not in crawl.log
    _check_records(story, crawl.records, urlsplit(story.blog).netloc)
    served = ia_run.standin.served
    cdx_pages = [p for p, _ in served if p.startswith("/cdx/")]
    assert len(cdx_pages) == -(-len(story.mementos) // 40)  # every page, by resumeKey
    assert all("resumeKey=" in p for p in cdx_pages[1:])
    refused = sum(1 for _, status in served if status == 429)
    assert refused >= 1
    archive = json.loads((crawl.output / "crawl-report.json").read_text())["archive"]
    assert (archive["api"], archive["refused_429"], archive["retry_after_seconds"]) == (
        "ia",
        refused,
        refused * 1.0,
    )
    assert archive["redirected_to_closest"] == 1  # the home page, listed a second early
    line = re.search(r"^Archive: .*$", crawl.log, flags=re.M)
    assert line is not None and re.fullmatch(
        rf"Archive: +{len(story.mementos)} captures listed, \d+ read \(1 fallen back\), "
        rf"2 never captured, 1 errors only, 2 posts rebuilt from listings; "
        rf"{refused} refused \(429/503\), {float(refused)} s asked to wait",
        line.group(0),
    ), line
    assert archive["error_only"] == [f"http://{INVALID}{path(ERRORS)}"]
    assert archive["posts_known_only_by_link"] == [f"http://{INVALID}{path(LOST)}"]
    rebuilt = sorted(entry["url"] for entry in archive["rebuilt"])
    assert rebuilt == sorted(f"http://{INVALID}{path(post)}" for post in REBUILT)


@pytest.mark.slow
def test_archive_that_keeps_refusing_stops_the_crawl(story: Story, tmp_path: Path) -> None:
    netloc = urlsplit(story.blog).netloc
    standin = IAStandIn([moved(m, netloc, INVALID) for m in story.mementos], refuse_every=1)
    try:
        options = ("--fast", "--set", "ARCHIVER_ARCHIVE_MAX_REFUSALS=3")
        crawl = _archive_crawl(tmp_path, f"{standin.url}/web/", f"http://{INVALID}/", *options)
    finally:
        standin.close()
    report = json.loads((tmp_path / "crawl-report.json").read_text())
    assert crawl.returncode == 3, crawl.log[-3000:]
    assert report["finish_reason"] == "archive_refusing"
    assert report["archive"]["stopped_refusing"] is True
    assert report["archive"]["refused_429"] >= 3  # then it stopped (requests in flight end)
    assert "continue later with --resume" in crawl.log


# -- posts rebuilt from a listing -----------------------------------------------------------

LISTING = """<html><head><meta name="author" content="Le blog"><title>Tag - Blog</title></head>
<body><div id="content">
<p class="day-date">mercredi 22 avril 2009</p>
<div id="p478" class="post">
  <h2 class="post-title"><a href="/post/2009/04/22/Micro-credit">Micro-crédit</a></h2>
  <p class="post-info">Par Jean-Luc Raymond
  le mercredi 22 avril 2009, 21:14 - <a href="/category/Economie-sociale">Economie sociale</a></p>
  <ul class="post-tags"><li><a href="/tag/tic">TIC</a></li></ul>
  <div class="post-content"><p>Un <a href="http://example.org/">lien</a>.</p></div>
</div>
<div id="p479" class="post">
  <h2 class="post-title"><a href="/post/2009/04/21/Autre">Autre</a></h2>
</div>
</div></body></html>"""


def test_a_post_rebuilt_from_a_listing_has_what_the_listing_shows() -> None:
    from archiver.dotclear.rebuild import listing_entry

    base = "http://blog.example.org"
    post = listing_entry(base + "/tag/tic", LISTING, base + "/post/2009/04/22/Micro-credit")
    assert post is not None
    assert (post.url, post.dotclear_id, post.title) == (
        base + "/post/2009/04/22/Micro-credit",
        478,
        "Micro-crédit",
    )
    # the byline's author, not the listing's <meta name="author"> nor the category link
    assert (post.author, post.category, post.tags) == (
        "Jean-Luc Raymond",
        "Economie sociale",
        ["TIC"],
    )
    assert (post.body_text, post.links, post.comments) == ("Un lien.", ["http://example.org/"], [])
    assert post.dates.machine is None  # nothing of the listing page's head
    assert (
        post.dates.text
        == "Par Jean-Luc Raymond le mercredi 22 avril 2009, 21:14 - Economie sociale"
    )
    assert post.dates.day == "mercredi 22 avril 2009"  # the day heading before the entry
    assert listing_entry(base + "/tag/tic", LISTING, base + "/post/2009/04/20/Absent") is None


@pytest.mark.slow
def test_the_archive_is_asked_one_request_at_a_time(story: Story, tmp_path: Path) -> None:
    """Without --fast: one request at a time (the delay shortened to keep this short; at 0,
    Scrapy's downloader hands a slot's whole queue over at once)."""
    netloc = urlsplit(story.blog).netloc
    standin = IAStandIn([moved(m, netloc, INVALID) for m in story.mementos])
    try:
        options = ("-s", "DOWNLOAD_DELAY=0.01", "-s", "DOWNLOAD_DELAY_JITTER=0")
        options += ("-s", "AUTOTHROTTLE_ENABLED=0")
        crawl = _archive_crawl(tmp_path, f"{standin.url}/web/", f"http://{INVALID}/", *options)
    finally:
        standin.close()
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(standin.served) > 200 and standin.most_in_flight == 1


@pytest.mark.slow
def test_at_chooses_the_captures_closest_to_a_date(story: Story, tmp_path: Path) -> None:
    netloc = urlsplit(story.blog).netloc
    standin = IAStandIn([moved(m, netloc, INVALID) for m in story.mementos])
    try:
        crawl = _archive_crawl(
            tmp_path, f"{standin.url}/web/", f"http://{INVALID}/", "--fast", "--at", "2010"
        )
    finally:
        standin.close()
    assert crawl.returncode == 0, crawl.log[-3000:]
    got = {urlsplit(r["url"]).path: r for r in crawl.records}
    # the 2009 blog: no 2012 edit, no June post; the post deleted later, never captured,
    # rebuilt from the 2009 listings that show it
    assert set(got) == set(story.live[0])
    assert got[path(EDITED)]["title"] == EDITED.title
    assert got[path(LOST)]["rebuilt_from"] is not None
    assert {r["archived_at"][:4] for r in got.values()} == {"2009"}


def test_archive_options_need_from_archive(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", "--output", str(tmp_path / "x")]
    done = subprocess.run([*cmd, "--at", "2009", "http://blog.invalid/"], capture_output=True)
    assert done.returncode == 2
    assert b"--archive-api, --at, --from and --to go with --from-archive" in done.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_kill_9_then_resume(story: Story, pywb_run: PywbRun, tmp_path: Path) -> None:
    """An archive crawl killed mid-way continues with --resume: each post once, none lost."""
    with Wayback(pywb_run.root) as wayback:
        prefix = f"{wayback.url}/blog-warc/"
        cmd = [sys.executable, "-m", "archiver.cli", "crawl", "--output", str(tmp_path)]
        cmd += ["--from-archive", prefix, "-s", "DOWNLOAD_DELAY=0.03"]
        cmd += ["-s", "AUTOTHROTTLE_ENABLED=0"]
        child = subprocess.Popen(
            [*cmd, story.blog], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        posts = tmp_path / "posts.jsonl"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            if posts.exists() and len(posts.read_bytes().splitlines()) >= 10:
                break
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
        before = len(posts.read_bytes().splitlines())
        assert 10 <= before < len(story.live[1])  # killed mid-way
        done = subprocess.run(
            [*cmd, "--fast", "--resume", story.blog], capture_output=True, text=True, timeout=600
        )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    records = [json.loads(line) for line in posts.read_text(encoding="utf-8").splitlines()]
    paths = [urlsplit(r["url"]).path for r in records]
    assert sorted(paths) == sorted(story.live[1])  # each post once
    for record in records:  # the pages read back from the WARC name their memento too
        assert record["source"] == "archive" and record["archive_url"].startswith(prefix)
        stamp = record["archive_url"].removeprefix(prefix).split("id_/")[0]
        assert record["archived_at"] == cdx.timestamp_iso(stamp)


# -- the middleware's answers, one by one ---------------------------------------------------

PREFIX = "http://127.0.0.1:9/coll/"


def _middleware() -> Any:
    from scrapy.utils.test import get_crawler

    from archiver.crawl.fromarchive import FromArchiveMiddleware

    crawler = get_crawler(settings_dict={"ARCHIVER_FROM_ARCHIVE": PREFIX})
    return FromArchiveMiddleware.from_crawler(crawler)


def _memento_request(url: str, stamp: str) -> Request:
    memento = cdx.memento_url(PREFIX, stamp, url)
    return Request(memento, meta={ARCHIVE_META: {"original": url, "archive_url": memento}})


def test_a_capture_comes_back_as_the_blog_page() -> None:
    mw, url = _middleware(), "http://b.example.org/post/x"
    request = _memento_request(url, "20090601000000")
    headers = {
        "Memento-Datetime": "Mon, 01 Jun 2009 00:00:00 GMT",
        "Content-Type": "text/html; charset=ISO-8859-1",
        "X-Archive-Orig-Last-Modified": "Sun, 31 May 2009 10:00:00 GMT",
    }
    response = HtmlResponse(request.url, headers=headers, body=b"<p>\xe9</p>", request=request)
    out = mw.process_response(request, response)
    assert (out.url, out.text, out.headers[b"Last-Modified"]) == (
        url,
        "<p>é</p>",
        b"Sun, 31 May 2009 10:00:00 GMT",
    )
    assert request.meta[ARCHIVE_META] == {
        "original": url,
        "archive_url": request.url,
        "archived_at": "2009-06-01T00:00:00Z",
    }


def test_a_redirect_capture_is_followed_at_the_blog_url() -> None:
    mw, url = _middleware(), "http://b.example.org/post/old"
    request = _memento_request(url, "20090601000000")
    target = cdx.memento_url(PREFIX, "20090601000000", "http://b.example.org/post/new")
    headers = {"Memento-Datetime": "Mon, 01 Jun 2009 00:00:00 GMT", "Location": target}
    out = mw.process_response(request, Response(request.url, status=301, headers=headers))
    assert (out.url, out.status) == (url, 301)
    assert out.headers[b"Location"] == b"http://b.example.org/post/new"  # asked again, archived
    assert mw.stats.get_value("archiver/archive/redirects_followed") == 1


def test_the_archive_own_answers_pass_unchanged() -> None:
    mw, url = _middleware(), "http://b.example.org/post/x"
    request = _memento_request(url, "2009")
    closest = cdx.memento_url(PREFIX, "20090601000000", url)
    redirect = Response(request.url, status=302, headers={"Location": closest})
    assert mw.process_response(request, redirect) is redirect  # to the closest capture
    refused = Response(request.url, status=429, headers={"Retry-After": "5"})
    assert mw.process_response(request, refused) is refused  # to the back-off retry
    stats = mw.stats.get_stats()
    assert (stats["archiver/archive/redirected_to_closest"], mw.refusals, mw.waited) == (1, 1, 5.0)


@pytest.mark.parametrize(
    ("api", "problem"),
    [
        ("pywb", "could not list the archive's captures: HTTP 404 from http://127.0.0.1:"),
        ("ia", "never captured in the archive"),
    ],
    ids=["no-cdx-api", "blog-not-archived"],
)
def test_a_crawl_with_nothing_to_read_could_not_start(
    api: str, problem: str, tmp_path: Path
) -> None:
    standin = IAStandIn([])  # an empty archive; its CDX API is not where pywb's would be
    try:
        output = tmp_path / "out"
        prefix = f"{standin.url}/web/"
        crawl = _archive_crawl(output, prefix, f"http://{INVALID}/", "--archive-api", api)
    finally:
        standin.close()
    assert crawl.returncode == 4, crawl.log[-3000:]
    assert f"could not archive http://{INVALID}/: " in crawl.log and problem in crawl.log
    assert not output.exists()  # nothing written


@pytest.mark.slow
def test_extract_reads_an_archive_crawl_back_with_its_provenance(
    pywb_run: PywbRun, tmp_path: Path
) -> None:
    from archiver.ops.extract import extract

    extract(sorted((pywb_run.crawl.output / "warc").glob("*.warc.gz")), tmp_path)
    lines = (tmp_path / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    got = {r["url"]: r for r in map(json.loads, lines)}
    # the posts read from their own page's memento; the rebuilt ones have no page in the WARC
    crawled = {r["url"]: r for r in pywb_run.crawl.records if r["rebuilt_from"] is None}
    assert set(got) == set(crawled)
    fields = ("title", "published", "body_html", "comments", "source", "archived_at")
    fields += ("archive_url", "rebuilt_from")
    for url, record in crawled.items():
        assert {f: got[url][f] for f in fields} == {f: record[f] for f in fields}, url


@pytest.mark.slow
def test_a_gzip_latin1_blog_reads_the_same_from_pywb(tmp_path: Path) -> None:
    """The charset and the content coding as captured: records identical to the live crawl's."""
    with SampleBlogServer(gzip=True, encoding="iso-8859-1") as server:
        live = run_crawl(server, tmp_path / "live", options=("--no-requisites", "--wacz"))
        blog = server.url
    assert live.returncode == 0, live.log[-2000:]
    assert prepare(live.output, tmp_path / "pywb", "gz-") == ["gz-warc", "gz-wacz"]
    with Wayback(tmp_path / "pywb") as wayback:
        prefix = f"{wayback.url}/gz-warc/"
        crawl = _archive_crawl(tmp_path / "arch", prefix, blog, "--fast", "--no-requisites")
    assert crawl.returncode == 0, crawl.log[-3000:]

    def fields(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {r["url"]: {k: v for k, v in r.items() if k not in ARCHIVE_ONLY} for r in records}

    assert len(live.records) == 60 and fields(crawl.records) == fields(live.records)
