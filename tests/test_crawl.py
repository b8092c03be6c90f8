"""End to end: crawl the sample blog served on 127.0.0.1 and check every record against its source.

The `crawl` fixture runs once per sample variant (theme x encoding x machine dates), so each test
here proves the same behaviour under the "default" 2009 templates, Berlin, Ductile (day only on its
pages), Ductile with no machine-readable dates (times from the feeds alone) and ISO-8859-1.
"""

from __future__ import annotations

import gc
import html
import inspect
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urlsplit

import pytest
from scrapy.utils.misc import is_generator_with_return_value
from warcio.archiveiterator import ArchiveIterator

from archiver.crawl.spider import DotclearSpider
from archiver.dotclear.dates import to_iso
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl, run_crawl

BY_SLUG = {post.slug: post for post in POSTS}
TAGS = re.compile(r"<[^>]+>")
SPACES = re.compile(r"[ \t\r\n]+")
# Page chrome that must never leak into a post's body.
CHROME = ["Aller au contenu", "Aller au menu", "Fil des", "Ajouter un commentaire", "page 2 de"]


def expected_text(paragraphs: tuple[str, ...]) -> str:
    texts = (SPACES.sub(" ", html.unescape(TAGS.sub("", p))).strip() for p in paragraphs)
    return "\n\n".join(text for text in texts if text)


def slug_of(url: str) -> str:
    return unquote(urlsplit(url).path).removeprefix("/post/")


def by_slug(crawl: Crawl) -> dict[str, dict]:
    return {slug_of(record["url"]): record for record in crawl.records}


def test_every_post_exactly_once(crawl: Crawl) -> None:
    slugs = [slug_of(record["url"]) for record in crawl.records]
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert sorted(slugs) == sorted(BY_SLUG)
    assert len(slugs) == len(set(slugs)) == 60


def test_untagged_posts_are_archived(crawl: Crawl) -> None:
    untagged = {post.slug for post in POSTS if not post.tags}
    found = {slug for slug, record in by_slug(crawl).items() if record["tags"] == []}
    assert len(untagged) == 8
    assert found == untagged


@pytest.mark.parametrize("field", ["title", "author", "category", "tags", "dotclear_id"])
def test_fields_match_source(crawl: Crawl, field: str) -> None:
    records = by_slug(crawl)
    for slug, post in BY_SLUG.items():
        expected = {
            "title": post.title,
            "author": post.author,
            "category": post.category,
            "tags": list(post.tags),
            "dotclear_id": post.id,
        }[field]
        assert records[slug][field] == expected, slug


def test_dates_to_the_minute(crawl: Crawl) -> None:
    records = by_slug(crawl)
    wrong = {
        slug: (records[slug]["published"], to_iso(post.published))
        for slug, post in BY_SLUG.items()
        if records[slug]["published"] != to_iso(post.published)
    }
    assert wrong == {}
    assert {r["published_precision"] for r in records.values()} == {"minute"}


def test_dst_day_offsets(crawl: Crawl) -> None:
    published = {r["dotclear_id"]: r["published"] for r in crawl.records}
    assert published[262] == "2007-03-25T10:15:00+02:00"
    assert published[421] == "2008-10-26T11:40:00+01:00"


def test_bodies_match_source_without_chrome(crawl: Crawl) -> None:
    records = by_slug(crawl)
    for slug, post in BY_SLUG.items():
        body = records[slug]["body_text"]
        assert body == expected_text(post.paragraphs), slug
        assert not [c for c in CHROME if c in body], slug


COMMENT_FIELDS = ("author", "website", "published", "body_text")


def test_comments_match_source(crawl: Crawl) -> None:
    records = by_slug(crawl)
    for slug, post in BY_SLUG.items():
        got = [tuple(c[k] for k in COMMENT_FIELDS) for c in records[slug]["comments"]]
        want = [
            (c.author, c.website, to_iso(c.published), expected_text(c.paragraphs))
            for c in post.comments
        ]
        assert got == want, slug
    assert sum(len(r["comments"]) for r in records.values()) == 16


def test_no_warnings_or_failures(crawl: Crawl) -> None:
    assert "log_count/WARNING" not in crawl.log, crawl.log[-3000:]
    assert "Warning:" not in crawl.log  # Python warnings (deprecations) printed before logging
    assert "log_count/ERROR" not in crawl.log
    assert "archiver/pages/failed" not in crawl.log


def expected_tag_posts(tag: str) -> set[str]:
    return {post.slug for post in POSTS if tag in post.tags}


def test_tag_url_walks_that_tag_only(tmp_path) -> None:
    with SampleBlogServer(theme="berlin") as server:
        crawl = run_crawl(server, tmp_path, server.url + "tag/inclusion%20num%C3%A9rique")
        paths = [unquote(r.path) for r in server.requests]
    assert {slug_of(r["url"]) for r in crawl.records} == expected_tag_posts("inclusion numérique")
    assert not [p for p in paths if p.startswith(("/tag/TIC", "/archive", "/tags"))]
    assert "/feed/tag/inclusion numérique/atom" in paths


def warc_responses(crawl: Crawl) -> list[tuple[str, bytes]]:
    """(target URI, payload as stored) of every response record, in file order."""
    found = []
    for path in crawl.warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    found.append((uri, record.raw_stream.read()))
    return found


def test_warc_holds_each_fetched_page_once_as_sent(crawl: Crawl) -> None:
    responses = warc_responses(crawl)
    uris = [uri for uri, _ in responses]
    sent = crawl.server.served_bodies()
    assert len(uris) == len(set(uris)) == len(crawl.server.requests)
    assert set(uris) == set(sent)
    assert dict(responses) == sent
    kinds = {urlsplit(uri).path.split("/")[1] for uri in uris}
    pages = {"", "robots.txt", "tags", "tag", "page", "archive", "feed", "post"}
    assert pages <= kinds
    # Beside them, page requisites and pages only a link reaches (test_requisites_crawl.py).
    extra = {"themes", "public", "category", "favicon.ico", "index.php", "rsd", "xbel"}
    assert kinds - pages <= extra


def test_warc_passes_warcio_check(crawl: Crawl) -> None:
    warcio = Path(sys.executable).with_name("warcio")
    assert len(crawl.warcs) == 1
    done = subprocess.run([str(warcio), "check", "-v", *map(str, crawl.warcs)], capture_output=True)
    assert done.returncode == 0, done.stdout[-2000:]


def test_posts_are_fetched_in_batches(tmp_path: Path) -> None:
    with SampleBlogServer() as server:
        options = ("--no-requisites", "-s", "ARCHIVER_POST_BATCH=7")  # the dataset's 116
        done = run_crawl(server, tmp_path, options=options)
        requests = len(server.requests)
    assert done.returncode == 0
    assert (len(done.records), requests) == (60, 116)  # nothing lost or asked twice
    batches = [line for line in done.log.splitlines() if "Listings walked; fetching" in line]
    assert [line.split("fetching ", 1)[1] for line in batches] == [
        f"{min(7, 60 - sent)} posts ({max(0, 53 - sent)} more waiting)" for sent in range(0, 60, 7)
    ]


def test_requests_keep_scrapys_callback_check_cached() -> None:
    """Scrapy reads and parses a generator callback's source to check its return values,
    caching the answer by callback object (weakly): each request bound anew would miss."""
    spider = DotclearSpider(url="http://blog.example.org/")
    first = spider._request("http://blog.example.org/post/a", 0)
    assert first.callback is spider._request("http://blog.example.org/b", 0).callback
    assert first.errback is spider._request("http://blog.example.org/c", 0).errback
    assert not is_generator_with_return_value(first.callback)
    del first  # the request answered and gone, as in a crawl
    gc.collect()
    with mock.patch.object(inspect, "getsource", wraps=inspect.getsource) as getsource:
        later = spider._request("http://blog.example.org/post/d", 0)
        assert not is_generator_with_return_value(later.callback)
    assert getsource.call_count == 0
