"""The CDXJ index and pages list made as the crawl writes its records equal what cdxj-indexer
(and the pages list read through its index) make from the WARC files after the crawl."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import surt  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.archive.indexing import (
    CDXJ_NAME,
    PAGES_NAME,
    build_collection,
    collection_warcs,
    page_list,
    write_cdxj,
    write_pages,
)
from archiver.archive.liveindex import LiveIndex, mime_of, urlkey
from archiver.archive.warc import WarcWriter
from archiver.sample_blog.faults import Faults
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl, html_exchange, run_crawl

QUICK = ("-s", "RETRY_TIMES=1", "-s", "ARCHIVER_RETRY_BACKOFF=0")
# Non-200 answers, a redirect, a cut page, recoded pages, a gzip body, an empty one.
FAULTS = {
    3: "http-500-once",
    7: "http-502",
    14: "truncated",
    17: "latin1-declared-utf8",
    22: "windows-1252",
    27: "empty-body",
    29: "redirect-offhost",
    33: "gzip-bomb",
}


def reference(output: Path, tmp_path: Path) -> tuple[bytes, bytes]:
    """cdxj-indexer's index of the collection, and the pages list read through it."""
    warcs = collection_warcs(output)
    index, pages = tmp_path / "reference.cdxj", tmp_path / "reference-pages.jsonl"
    write_cdxj(warcs, index)
    write_pages(page_list(warcs, index), pages)
    return index.read_bytes(), pages.read_bytes()


def made(output: Path) -> tuple[bytes, bytes]:
    return (output / CDXJ_NAME).read_bytes(), (output / PAGES_NAME).read_bytes()


def mimes(index: bytes) -> set[str]:
    return {json.loads(line.split(b" ", 2)[2]).get("mime") for line in index.splitlines()}


def statuses(index: bytes) -> set[str]:
    return {json.loads(line.split(b" ", 2)[2]).get("status") for line in index.splitlines()}


def test_each_theme_and_encoding(crawl: Crawl, tmp_path: Path) -> None:
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert made(crawl.output) == reference(crawl.output, tmp_path)
    assert b'"mime": "text/css"' in made(crawl.output)[0]  # requisites are indexed too


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SampleBlogServer, Path]]:
    """A gzip, chunked blog with faults, crawled once; the tests crawl it again in order."""
    output = tmp_path_factory.mktemp("faulty") / "out"
    with SampleBlogServer(gzip=True, chunked=True, faults=Faults(post_faults=FAULTS)) as server:
        first = run_crawl(server, output, options=("--fast", *QUICK))
        assert first.returncode == 3, first.log[-2000:]  # the 502 page failed
        yield server, output


def test_faults_redirects_and_coded_bodies(
    faulty: tuple[SampleBlogServer, Path], tmp_path: Path
) -> None:
    server, output = faulty
    index, pages = made(output)
    assert (index, pages) == reference(output, tmp_path)
    assert {"200", "302", "500", "502"} <= statuses(index)
    listed = {page["url"]: page["title"] for page in map(json.loads, pages.splitlines()[1:])}
    assert listed[server.url] == "Jean-Luc Raymond"  # its body gzip-coded, its title decoded


def test_second_crawl_writes_revisits(
    faulty: tuple[SampleBlogServer, Path], tmp_path: Path
) -> None:
    server, output = faulty
    again = run_crawl(server, output, options=("--fast", "--overwrite", *QUICK))
    assert again.returncode == 3, again.log[-2000:]
    assert len(collection_warcs(output)) == 2
    index, pages = made(output)
    assert (index, pages) == reference(output, tmp_path)
    assert "warc/revisit" in mimes(index)


def test_update_with_the_index_gone(faulty: tuple[SampleBlogServer, Path], tmp_path: Path) -> None:
    """An earlier WARC the index does not list is indexed by cdxj-indexer; 304s left out."""
    server, output = faulty
    (output / CDXJ_NAME).unlink()
    update = run_crawl(server, output, options=("--fast", "--update", *QUICK))
    assert update.returncode == 3, update.log[-2000:]
    assert len(collection_warcs(output)) == 3
    assert made(output) == reference(output, tmp_path)
    assert "304" not in statuses(made(output)[0])


def test_several_files_of_one_crawl(tmp_path: Path) -> None:
    with SampleBlogServer(theme="berlin") as server:
        done = run_crawl(
            server, tmp_path / "out", options=("--fast", "-s", "ARCHIVER_WARC_MAX_SIZE=200000")
        )
    assert done.returncode == 0, done.log[-2000:]
    assert len(collection_warcs(tmp_path / "out")) > 3
    assert made(tmp_path / "out") == reference(tmp_path / "out", tmp_path)


def write_exchanges(folder: Path, live: LiveIndex, protocol: str) -> None:
    moment = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    body = b"<html><head><title>Zipped &amp; served</title></head></html>"
    zipped = html_exchange("http://example.org/", gzip.compress(body, mtime=0), moment)
    coded = [*zipped.response_headers, ("Content-Encoding", "gzip")]
    odd = html_exchange("http://example.org/odd", b"<title>Odd</title>", moment)
    with WarcWriter(folder / "one.warc.gz", {"software": "test"}, on_record=live.add) as writer:
        writer.write(replace(zipped, response_headers=coded))
        writer.write(replace(odd, protocol=protocol))


@pytest.mark.parametrize("protocol", ["HTTP/1.1", "HTTP 1.1"], ids=["plain", "odd-status-line"])
def test_written_records_equal_the_reference(protocol: str, tmp_path: Path) -> None:
    """A status line warcio would read otherwise makes the crawl's lines unused."""
    (tmp_path / "warc").mkdir()
    live = LiveIndex()
    write_exchanges(tmp_path / "warc", live, protocol)
    assert live.exact is (protocol == "HTTP/1.1")
    built = build_collection(tmp_path, live=live)
    live.close()
    assert built.pages == (2 if live.exact else 1) and built.wacz is None  # "1.1" is no 200
    assert made(tmp_path) == reference(tmp_path, tmp_path)
    assert json.loads(made(tmp_path)[1].splitlines()[1])["title"] == "Zipped & served"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", ""), ("text/html", "text/html"), (" Text/HTML ; charset=x", "Text/HTML")],
)
def test_mime_as_cdxj_indexer_writes_it(value: str | None, expected: str | None) -> None:
    assert mime_of(value) == expected


SCHEMES = st.sampled_from(["http", "https", "HTTP", "ftp"])
HOSTS = st.sampled_from(
    ["127.0.0.1:8080", "blog.example.org", "WWW.Example.COM", "www2.example.com:80", "a-b.c."]
    + ["example.com:443", "12345", "0777.1", "user@example.com", "[::1]:8080", "exa_mple.com"]
)
# Mostly what the fast path takes (surt's key made apart from surt), and what it leaves to surt.
PLAIN = list("aZ09_.~!$&'*+,:=@-") + ["/"] * 4 + ["%C3%A9", "%20", "%e9", "%7f", "%00", ".."]
ODD = list("()/;?# é") + ["%2F", "%25", "%41", "%zz", "%2e", ".aspx", "?b=A&a=1", "//", "/./"]
PIECES = st.sampled_from(PLAIN * 3 + ODD + ["(s(abcdefghijklmnopqrstuvwx))/"])


@settings(max_examples=1000, deadline=None)
@given(scheme=SCHEMES, host=HOSTS, path=st.lists(PIECES, max_size=12).map("".join))
def test_urlkey_is_surts(scheme: str, host: str, path: str) -> None:
    """Plain URLs keyed without surt's canonicalisation (its host's key, cached) keep its key."""
    url = f"{scheme}://{host}/{path}"
    try:
        expected = surt.surt(url)
    except Exception:  # as cdxj-indexer does
        expected = url
    assert urlkey(url) == expected


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (
            "http://127.0.0.1:8080/post/2006/06/21/Billet-1-:-%C3%A0-l",
            "1,0,0,127:8080)/post/2006/06/21/billet-1-:-%c3%a0-l",
        ),
        ("https://WWW.Example.com/Tag/", "com,example)/tag"),
        ("http://example.com", "com,example)/"),
    ],
    ids=["escapes", "www-and-trailing-slash", "no-path"],
)
def test_urlkey_examples(url: str, key: str) -> None:
    assert urlkey(url) == key
