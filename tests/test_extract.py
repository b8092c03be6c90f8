"""`archiver extract`: posts.jsonl rebuilt from the WARC alone equals the crawl's, field for field.

Every sample variant (themes, ISO-8859-1, feed-only times) is crawled by the session fixture;
its WARC is then extracted offline. A gzip-serving blog with pseudonymised commenters checks
Content-Encoding decoding and that the pseudonyms are reproduced with the same salt.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Headers, HtmlResponse
from scrapy.settings import Settings
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.archive import reading
from archiver.archive.warc import Capture, WarcWriter, payload_digest
from archiver.crawl.settings import accept_encoding, scrapy_decodes_br
from archiver.dataset.pseudonymise import AUTHOR_PREFIX, WEBSITE_PREFIX, pseudonym
from archiver.dotclear.dates import to_iso
from archiver.ops.extract import Extractor, expand, extract, open_record, to_response
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.faults import Faults
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl, html_exchange, run_crawl

SALT = "sel-de-guérande"


def as_set(records: list[dict[str, Any]]) -> set[str]:
    return {json.dumps(record, sort_keys=True, ensure_ascii=False) for record in records}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_extract_reproduces_the_crawl(crawl: Crawl, tmp_path: Path) -> None:
    stats, scan = extract(crawl.warcs, tmp_path)
    extracted = read_jsonl(tmp_path / "posts.jsonl")
    assert len(extracted) == len(crawl.records) == 60
    assert as_set(extracted) == as_set(crawl.records)
    assert stats["archiver/posts"] == 60
    assert scan.start_urls == [crawl.server.url]


def test_every_record_resolves_to_its_warc_record(crawl: Crawl) -> None:
    folder = crawl.output / "warc"
    for record in crawl.records:
        warc = record["warc"]
        with open_record(folder / warc["filename"], warc["offset"]) as found:
            assert found.rec_type == "response"
            assert found.header("WARC-Target-URI") == record["url"]
            assert found.header("WARC-Record-ID") == warc["record_id"]
            body = found.payload  # as served
        assert body is not None
        assert payload_digest(body) == warc["payload_digest"]
        with (folder / warc["filename"]).open("rb") as fh:
            fh.seek(warc["offset"])
            member = fh.read(warc["length"])
        assert len(member) == warc["length"]
        assert member[:2] == b"\x1f\x8b"  # one whole gzip member: the record alone


def test_listings_name_the_pages_listing_each_post(default_crawl: Crawl) -> None:
    served = set(default_crawl.server.served_bodies())
    root = default_crawl.server.url
    for record in default_crawl.records:
        assert record["listings"] == sorted(record["listings"])
        assert set(record["listings"]) <= served
    by_id = {r["dotclear_id"]: r for r in default_crawl.records}
    month = next(p for p in POSTS if p.id == 79).published.strftime("%Y/%m")
    assert f"{root}archive/{month}" in by_id[79]["listings"]
    assert all(r["listings"] for r in default_crawl.records)


def test_warcio_extract_cli_gives_the_page(default_crawl: Crawl) -> None:
    record = default_crawl.records[0]
    warcio = Path(sys.executable).with_name("warcio")
    path = default_crawl.output / "warc" / record["warc"]["filename"]
    done = subprocess.run(
        [str(warcio), "extract", "--payload", str(path), str(record["warc"]["offset"])],
        capture_output=True,
        check=True,
    )
    assert payload_digest(done.stdout) == record["warc"]["payload_digest"]
    assert record["title"].encode("utf-8") in done.stdout


@pytest.fixture(scope="module")
def gzip_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with SampleBlogServer(theme="ductile", gzip=True) as server:
        options = ("--pseudonymise-commenters", SALT)
        yield run_crawl(server, tmp_path_factory.mktemp("gzip"), options=options)


def test_gzip_bodies_are_decoded(gzip_crawl: Crawl, tmp_path: Path) -> None:
    encodings = set()
    for path in gzip_crawl.warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    encodings.add(record.http_headers.get_header("Content-Encoding"))
    assert encodings == {"gzip"}
    extract(gzip_crawl.warcs, tmp_path, salt=SALT)
    assert as_set(read_jsonl(tmp_path / "posts.jsonl")) == as_set(gzip_crawl.records)


def test_pseudonyms_in_crawl_and_extract(gzip_crawl: Crawl, tmp_path: Path) -> None:
    want = {
        (
            pseudonym(SALT, c.author, AUTHOR_PREFIX),
            pseudonym(SALT, c.website, WEBSITE_PREFIX) if c.website else None,
            to_iso(c.published),
        )
        for post in POSTS
        for c in post.comments
    }
    got = {
        (c["author"], c["website"], c["published"])
        for r in gzip_crawl.records
        for c in r["comments"]
    }
    assert got == want
    assert len(got) == 16
    # The archive keeps the pages as served: the real names are in the WARC's pages.
    commented = next(r for r in gzip_crawl.records if r["comments"])
    truth = next(p for p in POSTS if p.id == commented["dotclear_id"])
    warc = commented["warc"]
    with (gzip_crawl.output / "warc" / warc["filename"]).open("rb") as fh:
        fh.seek(warc["offset"])
        page = next(iter(ArchiveIterator(fh))).content_stream().read().decode("utf-8")
    assert truth.comments[0].author in page
    assert "commenter-" not in page


@pytest.fixture(scope="module")
def faults_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with SampleBlogServer(theme="default", faults=Faults()) as server:
        yield run_crawl(server, tmp_path_factory.mktemp("faults"))


def test_hostile_blog_extracts_as_crawled(faults_crawl: Crawl, tmp_path: Path) -> None:
    """Wrong charsets, a gzip bomb, errors, redirects: extract keeps what the crawl kept."""
    stats, _ = extract(faults_crawl.warcs, tmp_path)
    extracted = read_jsonl(tmp_path / "posts.jsonl")
    assert len(extracted) == len(faults_crawl.records) == 55
    assert as_set(extracted) == as_set(faults_crawl.records)
    assert stats["archiver/charset/corrected"] == 2
    assert stats["archiver/extract/refused/maxsize"] == 1


def test_extract_command_writes_posts_and_card(default_crawl: Crawl, tmp_path: Path) -> None:
    out = tmp_path / "rebuilt"
    done = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "extract", str(default_crawl.output / "warc")]
        + ["--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"Posts: 60 -> {out / 'posts.jsonl'} (card: {out / 'README.md'})\n")
    assert as_set(read_jsonl(out / "posts.jsonl")) == as_set(default_crawl.records)
    assert "- posts: 60\n" in (out / "README.md").read_text(encoding="utf-8")
    assert (out / "posts.svg").read_text(encoding="utf-8").startswith("<svg ")


def test_a_revisited_post_is_read_from_the_capture_it_refers_to(tmp_path: Path) -> None:
    page = (
        '<html><body><div id="p7" class="post"><h2 class="post-title">Même page</h2>'
        '<p class="post-info">Par A le dimanche 24 décembre 2006, 15:32</p>'
        '<div class="post-content"><p>Texte</p></div></div></body></html>'
    ).encode()
    root = "http://blog.example.org/"
    path = tmp_path / "a.warc.gz"
    info = {"description": f"Dotclear 2 blog archive; start URLs: {root}"}
    with WarcWriter(path, info) as writer:
        first = writer.write(html_exchange(root + "post/2006/12/24/a", page))
        earlier = Capture(root + "post/2006/12/24/a", "2026-01-02T03:04:05Z", first.record_id)
        second = writer.write(html_exchange(root + "post/2006/12/24/b", page), revisit_of=earlier)
    extract([path], tmp_path / "out")
    records = {r["url"]: r for r in read_jsonl(tmp_path / "out" / "posts.jsonl")}
    revisited = records[root + "post/2006/12/24/b"]
    assert revisited["title"] == "Même page"
    assert revisited["published"] == "2006-12-24T15:32:00+01:00"
    assert revisited["warc"] == second.as_meta()
    assert records[root + "post/2006/12/24/a"]["warc"] == first.as_meta()


def test_without_start_urls_extract_asks_for_the_blog(tmp_path: Path) -> None:
    path = tmp_path / "bare.warc.gz"
    with WarcWriter(path, {"software": "elsewhere"}) as writer:
        writer.write(html_exchange("http://blog.example.org/post/2006/12/24/a", b"<p>x</p>"))
    with pytest.raises(ValueError, match="give the blog with --url"):
        extract([path], tmp_path / "out")
    stats, _ = extract([path], tmp_path / "out", urls=["http://blog.example.org/"])
    assert stats["archiver/posts"] == 1


def test_expand_lists_a_folder_sorted(tmp_path: Path) -> None:
    for name in ("b.warc.gz", "a.warc.gz", "c.warc", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in expand([tmp_path])] == ["a.warc.gz", "b.warc.gz", "c.warc"]


def _post_page(title: str) -> bytes:
    return (
        f'<html><body><div id="p7" class="post"><h2 class="post-title">{title}</h2>'
        '<p class="post-info">Par A le dimanche 24 décembre 2006, 15:32</p>'
        '<div class="post-content"><p>Texte</p></div></div></body></html>'
    ).encode()


def test_a_post_captured_twice_is_read_from_its_latest_capture(tmp_path: Path) -> None:
    url = "http://blog.example.org/post/2006/12/24/a"
    info = {"description": "Dotclear 2 blog archive; start URLs: http://blog.example.org/"}
    locations = []
    for name, title in (("1.warc.gz", "Avant"), ("2.warc.gz", "Après")):
        with WarcWriter(tmp_path / name, info) as writer:
            locations.append(writer.write(html_exchange(url, _post_page(title))))
    stats, _ = extract(list(expand([tmp_path])), tmp_path / "out")
    [record] = read_jsonl(tmp_path / "out" / "posts.jsonl")
    assert (record["title"], record["warc"]) == ("Après", locations[1].as_meta())
    assert stats["archiver/posts"] == 1


def test_responses_keep_repeated_headers_and_come_unchunked(tmp_path: Path) -> None:
    """to_response: headers as stored, repeats kept in order; a chunked body (another tool's
    WARC) handed over de-chunked, Transfer-Encoding gone, Content-Encoding left to decode."""
    golden = Path(__file__).parent / "fixtures" / "warc" / "golden-exchange.warc"
    stored = next(r for r in reading.read(golden) if r.rec_type == "response")
    page = to_response("http://blog.example.org/", stored)
    assert page is not None and page.status == 200
    assert page.headers.getlist("Set-Cookie") == [b"dcxd=abc; path=/", b"lang=fr; path=/"]
    assert page.headers["X-Orig-Transfer-Encoding"] == b"chunked"
    chunked = b"4\r\ncaf\xc3\r\n1\r\n\xa9\r\n0\r\n\r\n"
    headers = [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")]
    path = _other_tools_warc(tmp_path, chunked, headers)
    page = to_response("http://blog.example.org/a", next(iter(reading.read(path))))
    assert page is not None
    assert page.body == "café".encode()
    assert "Transfer-Encoding" not in page.headers
    assert (
        to_response("http://blog.example.org/a", next(iter(reading.read(path))), maxsize=4) is None
    )


def _other_tools_warc(tmp_path: Path, body: bytes, headers: list[tuple[str, str]]) -> Path:
    """A WARC holding one response for http://blog.example.org/a, written by warcio."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warc_record(
            "http://blog.example.org/a",
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
        )
    )
    path = tmp_path / "other.warc.gz"
    path.write_bytes(out.getvalue())
    return path


def test_response_headers_are_held_as_scrapy_holds_them(tmp_path: Path) -> None:
    """Names in any case: one title-case key each, values in order, as Headers(...) makes
    them; the response class and encoding read from them."""
    body = "<html><body><p>Zébu</p></body></html>".encode("cp1252")
    stored_headers = [
        ("content-TYPE", "text/html; charset=ISO-8859-1"),
        ("SET-COOKIE", "a=1"),
        ("set-cookie", "b=2"),
        ("transfer-encoding", "identity"),
    ]
    path = _other_tools_warc(tmp_path, body, stored_headers)
    page = to_response("http://blog.example.org/a", next(iter(reading.read(path))))
    assert isinstance(page, HtmlResponse)
    assert isinstance(page.headers, Headers)
    assert dict(page.headers) == {
        b"Content-Type": [b"text/html; charset=ISO-8859-1"],
        b"Set-Cookie": [b"a=1", b"b=2"],
    }
    assert page.headers.get("content-type") == b"text/html; charset=ISO-8859-1"
    assert (page.encoding, page.text) == ("cp1252", "<html><body><p>Zébu</p></body></html>")


def test_a_br_body_scrapy_cannot_decode_is_refused_and_counted(tmp_path: Path) -> None:
    """Where the installed `brotli` is brotlipy's, HttpCompressionMiddleware would fail on
    every br body (the crawl asks for none then): extract counts and skips it."""
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip, BR")]
    path = _other_tools_warc(tmp_path, b"\x1b\x03\x00", headers)
    settings = Settings()
    settings.setmodule("archiver.crawl.settings", priority="project")
    extractor = Extractor(settings, ["http://blog.example.org/"])
    extractor.decodes_br = False
    assert extractor.page("http://blog.example.org/a", next(iter(reading.read(path)))) is None
    assert extractor.stats.get_value("archiver/extract/refused/br") == 1


@pytest.mark.parametrize(("api", "decodes"), [({"process": None}, True), ({}, False)])
def test_scrapy_decodes_br_with_googles_brotli_only(
    monkeypatch: pytest.MonkeyPatch, api: dict[str, Any], decodes: bool
) -> None:
    fake = types.SimpleNamespace(Decompressor=type("Decompressor", (), api))
    monkeypatch.setitem(sys.modules, "brotli", fake)
    assert scrapy_decodes_br() is decodes
    offered = "gzip, deflate, br, zstd" if decodes else "gzip, deflate, zstd"
    assert accept_encoding() == offered
