"""Tests for archiver.archive.capture.WarcCapture: unit tests, then a real crawl of a local server.

The crawl runs in a subprocess (a Twisted reactor cannot be restarted inside pytest)
against a threaded ``http.server`` on 127.0.0.1 that remembers the exact bytes it sent.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from archiver.archive.capture import PUBLISH_EVERY, WarcCapture, exchange_from, reason_phrase
from archiver.archive.revisits import BATCH, CaptureIndex, Seen, _absolute, outlinks
from archiver.archive.warc import REVISIT_PROFILE, Capture, RecordLocation
from archiver.archive.wire import _parser_conn_headers

ROOT = Path(__file__).resolve().parents[1]
HTML = (
    "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Zébu</title></head>"
    "<body><a href='other.html?x=1#top'>Zébu</a></body></html>\n"
)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
POST_PATH = "/index.php?post/2006/12/24/Z%C3%A9bu"


# --------------------------------------------------------------------------- unit tests


def test_disabled_raises_not_configured() -> None:
    crawler = get_crawler(settings_dict={"ARCHIVER_WARC_ENABLED": False})
    with pytest.raises(NotConfigured):
        WarcCapture.from_crawler(crawler)


def test_settings_read_once(tmp_path: Path) -> None:
    crawler = get_crawler(
        settings_dict={
            "ARCHIVER_OUTPUT": str(tmp_path),
            "ARCHIVER_WARC_PREFIX": "blog",
            "USER_AGENT": "ua/1",
            "ROBOTSTXT_OBEY": True,
            "ARCHIVER_OPERATOR": "Jane <jane@example.org>",
        }
    )
    ext = WarcCapture.from_crawler(crawler)
    assert (ext.output, ext.prefix, ext.user_agent) == (tmp_path, "blog", "ua/1")
    assert ext.robots_obey is True
    assert ext.operator == "Jane <jane@example.org>"
    assert (ext.index, ext.package) == (True, False)  # CDXJ and pages list; WACZ on demand
    assert ext.path is None


def test_reason_phrase() -> None:
    assert reason_phrase(200) == "OK"
    assert reason_phrase(404) == "Not Found"
    assert reason_phrase(599) == ""


def test_exchange_from_request_and_response() -> None:
    request = Request(
        "http://127.0.0.1:8000/index.php?q=%C3%A9",
        method="POST",
        body=b"a=1",
        headers={"User-Agent": "ua/1", "Accept": ["text/html", "*/*"]},
    )
    response = HtmlResponse(
        url=request.url,
        status=201,
        headers={"Set-Cookie": ["a=1", "b=2"], "X-Raw": b"caf\xe9"},
        body=b"\x1f\x8bnot really gzip",
        request=request,
        ip_address=ipaddress.ip_address("127.0.0.1"),
        protocol="HTTP/1.0",
    )
    moment = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    ex = exchange_from(request, response, moment)
    assert (ex.url, ex.method, ex.request_body) == (request.url, "POST", b"a=1")
    assert ex.request_headers == [
        ("User-Agent", "ua/1"),
        ("Accept", "text/html"),
        ("Accept", "*/*"),
        ("Content-Length", "3"),  # Twisted sends it; Scrapy's request.headers lack it
    ]
    assert (ex.protocol, ex.status, ex.reason) == ("HTTP/1.0", 201, "Created")
    assert ex.response_headers == [
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("X-Raw", "caf\xe9"),
    ]
    assert ex.body == b"\x1f\x8bnot really gzip"
    assert (ex.fetched_at, ex.ip, ex.truncated) == (moment, "127.0.0.1", None)


def test_exchange_from_get_without_ip_or_protocol() -> None:
    request = Request("http://example.org/")
    response = HtmlResponse(url=request.url, body=b"", request=request, flags=["dataloss"])
    ex = exchange_from(request, response, datetime.now(UTC))
    assert ex.request_headers == []  # no Content-Length for a bodiless GET
    assert (ex.protocol, ex.ip, ex.truncated) == ("HTTP/1.1", None, "disconnect")


def test_exchange_from_uses_what_the_wire_handler_saw() -> None:
    wire = {
        "reason": "Fine Thanks",
        "conn_headers": [("Content-Length", "12"), ("Transfer-Encoding", "chunked")],
    }
    request = Request("http://example.org/", meta={"archiver_wire": wire})
    response = HtmlResponse(
        url=request.url,
        status=200,
        headers={"Content-Length": "2", "Content-Type": "text/html"},
        body=b"hi",
        request=request,
    )
    ex = exchange_from(request, response, datetime.now(UTC))
    assert ex.reason == "Fine Thanks"
    assert ex.response_headers == [
        ("Content-Type", "text/html"),
        ("Content-Length", "12"),
        ("Transfer-Encoding", "chunked"),
    ]
    assert _parser_conn_headers(object()) == []  # no Twisted parser to read: nothing


def test_signal_handlers_without_reactor(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"ARCHIVER_OUTPUT": str(tmp_path)})
    ext = WarcCapture.from_crawler(crawler)
    spider = Spider(name="s")
    spider.start_urls_for_warcinfo = ["http://example.org/"]  # type: ignore[attr-defined]
    ext.spider_opened(spider)
    assert ext.path is not None and ext.path.parent == tmp_path / "warc"
    request = Request("http://example.org/")
    response = HtmlResponse(url=request.url, body=b"hi", request=request)
    ext.response_downloaded(response=response, request=request, spider=spider)
    data = Request("data:text/plain,hi")
    ext.response_downloaded(response=response.replace(url=data.url), request=data, spider=spider)
    ext.spider_closed(spider)
    ext.response_downloaded(response=response, request=request, spider=spider)  # ignored
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("archiver/warc/records") == 2
    assert stats.get_value("archiver/warc/responses") == 1
    assert stats.get_value("archiver/warc/bytes") > 0
    assert stats.get_value("archiver/warc/path") == str(ext.path)
    with ext.path.open("rb") as fh:
        blocks = [(rec.rec_type, rec.raw_stream.read()) for rec in ArchiveIterator(fh)]
    assert [t for t, _ in blocks] == ["warcinfo", "request", "response"]
    assert b"start URLs: http://example.org/\r\n" in blocks[0][1]
    assert blocks[2][1] == b"hi"


def _records(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    with path.open("rb") as fh:
        return [
            (rec.rec_type, dict(rec.rec_headers.headers), rec.raw_stream.read())
            for rec in ArchiveIterator(fh, check_digests="raise")
        ]


def _opened(tmp_path: Path, **settings: Any) -> tuple[WarcCapture, Spider]:
    crawler = get_crawler(
        settings_dict={"ARCHIVER_OUTPUT": str(tmp_path), "ARCHIVER_WARC_INDEX": False, **settings}
    )
    ext = WarcCapture.from_crawler(crawler)
    spider = Spider(name="s")
    ext.spider_opened(spider)
    return ext, spider


def _fetch(ext: WarcCapture, spider: Spider, url: str, body: bytes) -> Request:
    request = Request(url, meta={"body": body})
    headers = {"Content-Type": "text/html; charset=utf-8"}
    response = HtmlResponse(url=url, body=body, request=request, headers=headers)
    ext.response_downloaded(response=response, request=request, spider=spider)
    return request


def test_rollover_revisits_metadata_and_meta(tmp_path: Path) -> None:
    page = b"<html><body><a href='/b#x'>b</a><img src='i.png'></body></html>"
    ext, spider = _opened(tmp_path, ARCHIVER_WARC_MAX_SIZE=1)  # every file takes one exchange
    first = _fetch(ext, spider, "http://example.org/a", page)
    other = _fetch(ext, spider, "http://example.org/b", b"<p>other</p>")
    again = _fetch(ext, spider, "http://example.org/a", page)
    ext.spider_closed(spider)
    names = sorted(p.name for p in (tmp_path / "warc").iterdir())
    assert [n.rsplit("-", 1)[1] for n in names] == [
        "00000.warc.gz",
        "00001.warc.gz",
        "00002.warc.gz",
    ]
    assert [p.name for p in ext.paths] == names
    a0, b1, a2 = (_records(tmp_path / "warc" / n) for n in names)
    assert [r[0] for r in a0] == ["warcinfo", "request", "response", "metadata"]
    assert [r[0] for r in a2] == ["warcinfo", "request", "revisit", "metadata"]
    response, revisit = a0[2][1], a2[2][1]
    # The profile URI's exact bytes are pinned by test_warc's golden revisit record.
    assert revisit["WARC-Profile"] == REVISIT_PROFILE
    assert revisit["WARC-Refers-To"] == response["WARC-Record-ID"]
    assert revisit["WARC-Refers-To-Target-URI"] == "http://example.org/a"
    assert revisit["WARC-Refers-To-Date"] == response["WARC-Date"]
    assert revisit["WARC-Payload-Digest"] == response["WARC-Payload-Digest"]
    assert a2[2][2] == b""  # the body is not stored twice
    assert a0[3][2] == b"outlink: http://example.org/b\r\noutlink: http://example.org/i.png\r\n"
    assert a0[3][1]["WARC-Concurrent-To"] == response["WARC-Record-ID"]
    assert b1[3][2] == b""  # an HTML page without links
    for request, name, records in ((first, names[0], a0), (other, names[1], b1)):
        warc = request.meta["warc"]
        assert (warc["filename"], warc["record_id"]) == (name, records[2][1]["WARC-Record-ID"])
        data = (tmp_path / "warc" / name).read_bytes()
        record = gzip.decompress(data[warc["offset"] : warc["offset"] + warc["length"]])
        assert record.startswith(b"WARC/1.1\r\nWARC-Type: response\r\n")
        assert record.endswith(request.meta["body"] + b"\r\n\r\n")
    # a revisit has no body: meta["warc"] names the response that holds it
    assert again.meta["warc"] == first.meta["warc"]
    stats = ext.crawler.stats
    assert stats is not None
    assert (stats.get_value("archiver/warc/files"), stats.get_value("archiver/warc/revisits")) == (
        3,
        1,
    )
    assert stats.get_value("archiver/warc/responses") == 2
    assert stats.get_value("archiver/warc/metadata") == 3


def test_counts_reach_the_stats_in_batches_and_at_the_close(tmp_path: Path) -> None:
    ext, spider = _opened(tmp_path)
    stats = ext.crawler.stats
    assert stats is not None

    def counts() -> tuple[int | None, ...]:
        keys = ("responses", "records", "metadata")
        return tuple(stats.get_value(f"archiver/warc/{key}") for key in keys)

    for n in range(PUBLISH_EVERY - 1):
        _fetch(ext, spider, f"http://example.org/{n}", b"<a href='/x'>x</a>")
    assert counts() == (None, None, None)  # not yet published
    _fetch(ext, spider, "http://example.org/last", b"<p>no link</p>")
    assert counts() == (PUBLISH_EVERY, 3 * PUBLISH_EVERY, PUBLISH_EVERY)
    _fetch(ext, spider, "http://example.org/after", b"<a href='/x'>x</a>")
    ext.spider_closed(spider)
    assert counts() == (PUBLISH_EVERY + 1, 3 * PUBLISH_EVERY + 3, PUBLISH_EVERY + 1)
    assert stats.get_value("archiver/warc/bytes") == ext.paths[0].stat().st_size - warcinfo_size(
        ext.paths[0]
    )


PAGE_URL = "http://example.org/dir/page?x=1"


def _outlinks(body: bytes, headers: dict[str, str] | None = None) -> list[str] | None:
    headers = {"Content-Type": "text/html; charset=utf-8"} if headers is None else headers
    response = HtmlResponse(PAGE_URL, body=body, headers=headers)
    return outlinks(exchange_from(Request(PAGE_URL), response, datetime.now(UTC)), response)


OUTLINK_CASES = [
    pytest.param(b'<a href="a">x</a>', ["http://example.org/dir/a"], id="double"),
    pytest.param(b"<a href='b'>x</a>", ["http://example.org/dir/b"], id="single"),
    pytest.param(b"<a href=c>x</a>", ["http://example.org/dir/c"], id="unquoted"),
    pytest.param(b'<A HREF="/d">x</A>', ["http://example.org/d"], id="uppercase"),
    pytest.param(b'<a\n href = "e" >', ["http://example.org/dir/e"], id="spaces"),
    pytest.param(b"<a href='\n  f g\t'>", ["http://example.org/dir/f g"], id="trimmed"),
    pytest.param(b"<a/href='slash'>", ["http://example.org/dir/slash"], id="slash"),
    pytest.param(b"<a href='?p=1&amp;q=2'>", ["http://example.org/dir/page?p=1&q=2"], id="amp"),
    pytest.param(
        b"<a href='?p=1&#38;q=2&#x26;r'>", ["http://example.org/dir/page?p=1&q=2&r"], id="numeric"
    ),
    pytest.param(
        b"<a href='?p=1&copy=2&ampx&amp'>",
        ["http://example.org/dir/page?p=1&copy=2&ampx&"],
        id="legacy",
    ),
    pytest.param(
        b"<a href='?p=&lt;&notit;'>", ["http://example.org/dir/page?p=<&notit;"], id="named"
    ),
    pytest.param(
        b"<a href='#top'><a href=''><a href>", ["http://example.org/dir/page?x=1"], id="self"
    ),
    pytest.param(
        b"<a href='http://example.com/a#b'><a href='//example.net/c'>",
        ["http://example.com/a", "http://example.net/c"],
        id="absolute",
    ),
    pytest.param(
        b"<a href='mailto:x@example.org#k'><a href='javascript:go()'>",
        ["mailto:x@example.org#k", "javascript:go()"],
        id="schemes",
    ),
    pytest.param(
        b"<a href='b'><a href='./b'><a href='a'><a href='b#x'>",
        ["http://example.org/dir/b", "http://example.org/dir/a"],
        id="dedup",
    ),
    pytest.param(b"<a href='../up/./x'>", ["http://example.org/up/x"], id="dots"),
    pytest.param(
        b"<base href='http://example.net/sub/'><a href='x'><a href='/y'>",
        ["http://example.net/sub/x", "http://example.net/y"],
        id="base",
    ),
    pytest.param(
        b"<a href='x'><base href='/b/'><base href='/c/'>",
        ["http://example.org/b/x"],
        id="base-later",
    ),
    pytest.param(
        b"<base target='_top'><base href='/b/'><a href='x'>",
        ["http://example.org/b/x"],
        id="base-with-href",
    ),
    pytest.param(b"<base href='/b/'>", [], id="base-alone"),
    pytest.param(
        b"<link rel=stylesheet href=s.css><script src=j.js></script><img src=i.png>"
        b"<iframe src=f.html></iframe><frame src=fr.html><source src=v.webm><embed src=e.swf>"
        b"<object data=o.swf></object><form action=/post><area href=ar.html>",
        [
            *(f"http://example.org/dir/{name}" for name in ("s.css", "j.js", "i.png", "f.html")),
            *(f"http://example.org/dir/{name}" for name in ("fr.html", "v.webm", "e.swf", "o.swf")),
            "http://example.org/post",
            "http://example.org/dir/ar.html",
        ],
        id="elements",
    ),
    pytest.param(
        b"<img href='no' srcset='no 2x' src='yes'>", ["http://example.org/dir/yes"], id="img-src"
    ),
    pytest.param(
        b"<a data-href='no' data='no' href='yes'>",
        ["http://example.org/dir/yes"],
        id="link-attribute-only",
    ),
    pytest.param(
        b"<a href='first' href='second'>", ["http://example.org/dir/first"], id="first-of-a-name"
    ),
    pytest.param(
        b"<a title='x\" href=\"no' href='yes'><a title=\"<a href='no2'>\" href=ok>",
        ["http://example.org/dir/yes", "http://example.org/dir/ok"],
        id="quoted-markup",
    ),
    pytest.param(
        b"<a name='anchor'><abbr href='no'><link rel=x><img src>",
        ["http://example.org/dir/page?x=1"],
        id="no-link",
    ),
    pytest.param(
        b"<!-- <a href='c1'> --><!--><a href='k1'><script>'<a href=\"s\">'</script>"
        b"<style>a{}</style><title><a href=t></title><textarea><a href=ta></textarea>"
        b"<noscript><a href='ns'></noscript><SCRIPT src='k2'>x</script >"
        b"<![CDATA[<a href=cd>]]><?php <a href=pi> ?>",
        ["http://example.org/dir/k1", "http://example.org/dir/ns", "http://example.org/dir/k2"],
        id="not-markup",
    ),
    pytest.param(
        b"<a href='\xc3\xa9t\xc3\xa9'><a href='%C3%A9'>",
        ["http://example.org/dir/été", "http://example.org/dir/%C3%A9"],
        id="utf8",
    ),
    pytest.param(b"<a href='unclosed", [], id="eof"),
    pytest.param(b"<a href=x<a href=y>", ["http://example.org/dir/x<a"], id="lt-in-value"),
    pytest.param(b"", None, id="empty"),
]


@pytest.mark.parametrize(("body", "expected"), OUTLINK_CASES)
def test_outlinks_exact(body: bytes, expected: list[str] | None) -> None:
    """Links as a browser reads the markup. lxml (libxml2 tokenizes as HTML5) finds the same
    on each, but for "utf8": without a charset in the page, it reads UTF-8 bytes as Latin-1."""
    assert _outlinks(body) == expected


def test_outlinks_charsets_and_encodings() -> None:
    latin = "<a href='caf\u00e9'>".encode("latin-1")
    declared = {"Content-Type": "text/html; charset=iso-8859-1"}
    assert _outlinks(latin, declared) == ["http://example.org/dir/caf\u00e9"]
    assert _outlinks(b"<meta charset=latin-1>" + latin, {"Content-Type": "text/html"}) == [
        "http://example.org/dir/caf\u00e9"
    ]
    utf16 = "\ufeff<a href='\u00e9'>".encode("utf-16-le")
    assert _outlinks(utf16) == ["http://example.org/dir/\u00e9"]
    zipped = gzip.compress(b"<a href='z'>")
    gzipped = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    assert _outlinks(zipped, gzipped) == ["http://example.org/dir/z"]
    assert _outlinks(b"<a href='z'>", {"Content-Type": "text/plain"}) is None
    with pytest.raises(ValueError, match="no outlinks"):
        _outlinks(b"not gzip", gzipped)


def _lxml_outlinks(url: str, body: bytes) -> list[str]:
    """The former implementation: lxml's parser and one XPath (slower, same links)."""
    doc = lxml.html.document_fromstring(body)
    base = next(iter(doc.xpath("//base/@href")), "").strip()
    base = urljoin(url, base) if base else url
    links = doc.xpath(
        "//a/@href | //area/@href | //link/@href | //img/@src | //script/@src | //iframe/@src"
        " | //frame/@src | //source/@src | //embed/@src | //object/@data | //form/@action"
    )
    urls = (urljoin(base, str(link).strip()) for link in links)
    return list(dict.fromkeys(u.split("#", 1)[0] if u.startswith("http") else u for u in urls))


@pytest.mark.parametrize(
    "page", sorted((ROOT / "tests" / "fixtures").glob("*/*/page.html")), ids=lambda p: p.parent.name
)
def test_outlinks_agree_with_lxml_on_saved_pages(page: Path) -> None:
    url = (page.parent / "url.txt").read_text(encoding="utf-8").strip()
    body = page.read_bytes()
    response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html"})
    found = outlinks(exchange_from(Request(url), response, datetime.now(UTC)), response)
    assert found == _lxml_outlinks(url, body)
    assert len(found or []) > 10


def test_outlinks_can_be_turned_off(tmp_path: Path) -> None:
    ext, spider = _opened(tmp_path, ARCHIVER_WARC_OUTLINKS=False)
    _fetch(ext, spider, "http://example.org/a", b"<a href='b'>b</a>")
    ext.spider_closed(spider)
    [path] = ext.paths
    assert [t for t, _, _ in _records(path)] == ["warcinfo", "request", "response"]


def test_second_crawl_revisits_earlier_captures(tmp_path: Path) -> None:
    ext, spider = _opened(tmp_path)
    first_a = _fetch(ext, spider, "http://example.org/a", b"same")
    _fetch(ext, spider, "http://example.org/c", b"old")
    ext.spider_closed(spider)
    [earlier] = ext.paths
    (tmp_path / "warc" / "x-20000101000000-00000.warc.gz.open").write_bytes(b"")  # a crash
    (tmp_path / "warc" / "y-20000101000000-00000.warc.gz").write_bytes(b"\x1f\x8b\x08garbage")
    ext, spider = _opened(tmp_path)
    revisited = _fetch(ext, spider, "http://example.org/a", b"same")
    _fetch(ext, spider, "http://example.org/c", b"new")
    _fetch(ext, spider, "http://example.org/d", b"same")  # same payload, other URL
    ext.spider_closed(spider)
    [later] = ext.paths
    kinds = [
        (t, h.get("WARC-Target-URI"))
        for t, h, _ in _records(later)
        if t not in ("request", "metadata")
    ]
    assert kinds == [
        ("warcinfo", None),
        ("revisit", "http://example.org/a"),
        ("response", "http://example.org/c"),
        ("response", "http://example.org/d"),
    ]
    [revisit] = [h for t, h, _ in _records(later) if t == "revisit"]
    [original] = [h for t, h, _ in _records(earlier) if t == "response"][:1]
    assert revisit["WARC-Refers-To"] == original["WARC-Record-ID"]
    # the earlier response's place, found by scanning the earlier file
    assert revisited.meta["warc"] == first_a.meta["warc"]
    assert first_a.meta["warc"]["filename"] == earlier.name
    stats = ext.crawler.stats
    assert stats is not None
    assert stats.get_value("archiver/warc/unclosed_found") == 1
    assert stats.get_value("archiver/warc/earlier_unreadable") == 1


# --------------------------------------------------------------------------- the server


@dataclass
class Served:
    base: str
    sent: dict[str, bytes] = field(default_factory=dict)  # path -> body bytes (de-chunked)
    headers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    request_lines: list[str] = field(default_factory=list)


def make_handler(served: Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def send_header(self, keyword: str, value: str) -> None:
            served.headers.setdefault(self.path, []).append((keyword, value))
            super().send_header(keyword, value)

        def reply(
            self, status: int, body: bytes, *headers: tuple[str, str], phrase: str | None = None
        ) -> None:
            self.send_response(status, phrase)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            served.sent[self.path] = body

        def do_GET(self) -> None:
            served.request_lines.append(self.requestline)
            html = ("Content-Type", "text/html; charset=utf-8")
            if self.path == "/robots.txt":
                self.reply(200, ROBOTS, ("Content-Type", "text/plain"))
            elif self.path in ("/page.html", POST_PATH):
                cookies = ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")
                self.reply(200, HTML.encode(), html, *cookies, phrase="Fine Thanks")
            elif self.path == "/gzip.html":
                body = gzip.compress(HTML.encode(), mtime=0)
                self.reply(200, body, html, ("Content-Encoding", "gzip"))
            elif self.path == "/chunked.html":
                self.send_response(200)
                self.send_header(*html)
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Keep-Alive", "timeout=5")
                self.end_headers()
                chunks = [HTML.encode()[:20], HTML.encode()[20:], b"<!-- end -->\n"]
                for chunk in chunks:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    time.sleep(0.02)
                self.wfile.write(b"0\r\n\r\n")
                served.sent[self.path] = b"".join(chunks)
            else:
                self.reply(404, b"<h1>Not found</h1>\n", html, phrase="Nothing Here")

    return Handler


@pytest.fixture
def server() -> Iterator[Served]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    served = Served(base=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = make_handler(served)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


# --------------------------------------------------------------------------- the crawl

CRAWL = """
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from archiver.archive.capture import WarcCapture

urls, out, result = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]

class TestSpider(scrapy.Spider):
    name = "warc-test"
    start_urls_for_warcinfo = urls[:1]

    async def start(self):
        for url in urls:
            yield scrapy.Request(url, dont_filter=True, meta={"handle_httpstatus_all": True})

    def parse(self, response):
        metas[response.url] = response.meta.get("warc")

metas = {}

process = CrawlerProcess({
    "EXTENSIONS": {"archiver.archive.capture.WarcCapture": 500},
    "DOWNLOAD_HANDLERS": {"http": "archiver.archive.wire.WireHTTP11DownloadHandler"},
    "ARCHIVER_OUTPUT": out,
    "ARCHIVER_OPERATOR": "test operator",
    "ARCHIVER_WACZ_ENABLED": True,  # packaged too (not by default)
    "ROBOTSTXT_OBEY": True,
    "USER_AGENT": "archiver-test/1.0",
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "DOWNLOAD_TIMEOUT": 30,
    "COOKIES_ENABLED": False,  # its tldextract would try to fetch the suffix list
    "REMOTE_CONTROL_ENABLED": False,
    # Scrapy 2.19 bug: requests that wait for robots.txt beyond the first waiter get
    # None instead of the parser (Deferred.asFuture swallows the result), so they are
    # not checked. One request at a time keeps robots.txt effective here.
    "CONCURRENT_REQUESTS": 1,
})
crawler = process.create_crawler(TestSpider)
process.crawl(crawler)
process.start()
[ext] = [m for m in crawler.extensions.middlewares if isinstance(m, WarcCapture)]
with open(result, "w") as fh:
    json.dump(
        {"path": str(ext.path), "stats": crawler.stats.get_stats(), "metas": metas},
        fh,
        default=str,
    )
"""


def test_crawl_writes_a_valid_warc(server: Served, tmp_path: Path) -> None:
    fetched = ["/page.html", "/gzip.html", "/chunked.html", "/missing.html", POST_PATH]
    urls = [server.base + p for p in fetched] + [server.base + "/private/secret.html"]
    script = tmp_path / "crawl.py"
    script.write_text(textwrap.dedent(CRAWL))
    result_file = tmp_path / "result.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [sys.executable, str(script), json.dumps(urls), str(tmp_path / "out"), str(result_file)],
        cwd=tmp_path,  # keep the project's scrapy.cfg / settings out of the way
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    log = proc.stderr
    (tmp_path / "crawl.log").write_text(log)  # for a look after a failure
    assert proc.returncode == 0, log
    assert "Traceback" not in log and "ERROR" not in log, log
    result = json.loads(result_file.read_text())
    path = Path(result["path"])
    assert path.parent == tmp_path / "out" / "warc"
    assert path.name.startswith("archiver-") and path.name.endswith("-00000.warc.gz")
    assert f"Writing WARC to {path}" in log

    # robots.txt was obeyed: the private page was never asked for
    assert not any("/private/" in line for line in server.request_lines)
    fetched.append("/robots.txt")

    records = []
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh, check_digests="raise"):
            records.append((rec, rec.raw_stream.read()))
    metadata = [(r, p) for r, p in records if r.rec_type == "metadata"]
    records = [(r, p) for r, p in records if r.rec_type != "metadata"]
    warcinfo, _ = records[0]
    assert warcinfo.rec_type == "warcinfo"
    warcinfo_id = warcinfo.rec_headers.get_header("WARC-Record-ID")
    requests = {r.rec_headers.get_header("WARC-Record-ID"): (r, p) for r, p in records[1::2]}
    responses = {r.rec_headers.get_header("WARC-Record-ID"): (r, p) for r, p in records[2::2]}
    assert {r.rec_type for r, _ in requests.values()} == {"request"}
    assert {r.rec_type for r, _ in responses.values()} == {"response"}
    assert len(records) == 1 + 2 * len(fetched)
    assert all(r.rec_headers.get_header("WARC-Warcinfo-ID") == warcinfo_id for r, _ in records[1:])

    by_path: dict[str, tuple[Any, bytes]] = {}
    for i in range(1, len(records), 2):
        (req, _), (resp, payload) = records[i], records[i + 1]
        assert req.rec_headers.get_header("WARC-Concurrent-To") == resp.rec_headers.get_header(
            "WARC-Record-ID"
        )
        uri = resp.rec_headers.get_header("WARC-Target-URI")
        assert req.rec_headers.get_header("WARC-Target-URI") == uri
        assert resp.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
        target = uri.removeprefix(server.base)
        assert target not in by_path, f"{target} archived twice"
        by_path[target] = (resp, payload)
        # what Scrapy sent, as the server saw it
        assert f"GET {target} HTTP/1.1" in server.request_lines
        assert req.http_headers.statusline == f"{target} HTTP/1.1"
        assert req.http_headers.get_header("Host") == server.base.removeprefix("http://")
        assert req.http_headers.get_header("User-Agent") == "archiver-test/1.0"
        assert "gzip" in req.http_headers.get_header("Accept-Encoding")
    assert sorted(by_path) == sorted(fetched)

    for target, (resp, payload) in by_path.items():
        assert payload == server.sent[target], target  # the exact bytes the server sent
        http = resp.http_headers
        assert http.get_header("Content-Length") in (None, str(len(payload)))

    gz_resp, gz_payload = by_path["/gzip.html"]
    assert gz_payload.startswith(b"\x1f\x8b")
    assert gz_resp.http_headers.get_header("Content-Encoding") == "gzip"
    assert gzip.decompress(gz_payload) == HTML.encode()

    # Twisted consumes Transfer-Encoding and Keep-Alive; the wire handler reads them from
    # its parser, and the writer renames the first since the body is stored de-chunked.
    chunked, chunked_payload = by_path["/chunked.html"]
    assert ("Transfer-Encoding", "chunked") in server.headers["/chunked.html"]
    assert chunked.http_headers.headers == [
        ("Server", server.headers["/chunked.html"][0][1]),
        ("Date", server.headers["/chunked.html"][1][1]),
        ("Content-Type", "text/html; charset=utf-8"),
        ("X-Orig-Transfer-Encoding", "chunked"),
        ("Content-Length", str(len(chunked_payload))),
        ("Keep-Alive", "timeout=5"),
    ]
    assert chunked_payload.endswith(b"<!-- end -->\n")

    # the reason phrases as sent, not rebuilt from the status code
    missing, _ = by_path["/missing.html"]
    assert missing.http_headers.statusline == "404 Nothing Here"
    page, _ = by_path[POST_PATH]
    assert page.http_headers.statusline == "200 Fine Thanks"
    assert by_path["/page.html"][0].http_headers.statusline == "200 Fine Thanks"
    cookies = [v for k, v in page.http_headers.headers if k == "Set-Cookie"]
    assert cookies == ["a=1", "b=2"]

    info = records[0][1].decode()
    assert "http-header-user-agent: archiver-test/1.0\r\n" in info
    assert "robots: obey\r\n" in info
    assert "operator: test operator\r\n" in info
    assert f"start URLs: {urls[0]}" in info

    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", "-v", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == len(records) + len(metadata)

    # one metadata record per HTML response, linked to it, listing its outlinks
    html_paths = sorted(set(fetched) - {"/robots.txt"})
    outlinks = {
        target: f"outlink: {server.base}/other.html?x=1\r\n".encode()
        for target in html_paths
        if target != "/missing.html"
    } | {"/missing.html": b""}
    assert len(metadata) == len(html_paths)
    for meta, block in metadata:
        target = meta.rec_headers.get_header("WARC-Target-URI").removeprefix(server.base)
        resp, _ = by_path[target]
        response_id = resp.rec_headers.get_header("WARC-Record-ID")
        assert meta.rec_headers.get_header("WARC-Concurrent-To") == response_id
        assert meta.rec_headers.get_header("Content-Type") == "application/warc-fields"
        assert block == outlinks.pop(target)
    assert outlinks == {}

    # each response's place in the file, as the spider saw it in response.meta["warc"]
    data = path.read_bytes()
    assert sorted(result["metas"]) == sorted(server.base + t for t in fetched if t != "/robots.txt")
    for url, warc in result["metas"].items():
        resp, payload = by_path[url.removeprefix(server.base)]
        assert warc == {
            "filename": path.name,
            "offset": warc["offset"],
            "length": warc["length"],
            "record_id": resp.rec_headers.get_header("WARC-Record-ID"),
            "payload_digest": resp.rec_headers.get_header("WARC-Payload-Digest"),
        }
        member = gzip.decompress(data[warc["offset"] : warc["offset"] + warc["length"]])
        assert member.startswith(b"WARC/1.1\r\nWARC-Type: response\r\n")
        assert f"WARC-Record-ID: {warc['record_id']}\r\n".encode() in member
        assert member.endswith(payload + b"\r\n\r\n")

    # indexed and packaged at the end
    out = tmp_path / "out"
    pages = [json.loads(line) for line in (out / "pages" / "pages.jsonl").read_text().splitlines()]
    assert pages[0] == {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    assert sorted((p["url"], p["title"]) for p in pages[1:]) == sorted(
        (server.base + t, "Zébu") for t in html_paths if t != "/missing.html"
    )
    cdxj = (out / "indexes" / "index.cdxj").read_text().splitlines()
    index = {e["url"]: e for e in (json.loads(line.split(" ", 2)[2]) for line in cdxj)}
    assert sorted(index) == sorted(server.base + t for t in fetched)  # responses only
    for url, warc in result["metas"].items():
        entry = index[url]
        assert (entry["filename"], int(entry["offset"])) == (path.name, warc["offset"])
        assert int(entry["length"]) == warc["length"]
    assert (out / "archive.wacz").stat().st_size > path.stat().st_size
    assert sorted(p.name for p in out.iterdir()) == ["archive.wacz", "indexes", "pages", "warc"]

    stats = result["stats"]
    assert stats["archiver/warc/records"] == 2 * len(fetched) + len(metadata)
    assert stats["archiver/warc/metadata"] == len(metadata)
    assert stats["archiver/warc/responses"] == len(fetched)
    assert stats["archiver/warc/bytes"] == path.stat().st_size - warcinfo_size(path)
    assert stats["archiver/warc/path"] == str(path)
    assert "archiver/warc/errors" not in stats


def warcinfo_size(path: Path) -> int:
    """Compressed size of the first gzip member (the warcinfo record)."""
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        next(iterator)
        next(iterator)
        return int(iterator.get_record_offset())


def test_capture_index_keeps_the_first_capture_of_each_url_and_payload() -> None:
    url, other = "http://blog.example.org/post/a", "http://blog.example.org/post/b"
    where = RecordLocation("a-00000.warc.gz", 1993, 4202, "<urn:uuid:1>", "sha1:AAA")
    first = Capture(url, "2026-11-27T10:49:28Z", "<urn:uuid:1>", where)
    index = CaptureIndex()
    index.add(url, "sha1:AAA", first)
    later = RecordLocation("b-00000.warc.gz", 7, 9, "<urn:uuid:2>", "sha1:AAA")
    index.add(url, "sha1:AAA", Capture(url, "2026-11-28T00:00:00Z", "<urn:uuid:2>", later))
    index.add(url, "sha1:BBB", Capture(url, "2026-11-28T00:00:00Z", "<urn:uuid:3>"))
    assert len(index) == 2
    assert index.get(url, "sha1:AAA") == first  # the first stays
    assert index.get(url, "sha1:BBB") == Capture(url, "2026-11-28T00:00:00Z", "<urn:uuid:3>")
    assert index.get(other, "sha1:AAA") is None
    assert index.get(url, "sha1:CCC") is None
    index.close()


def test_capture_index_in_batches_answers_as_one_at_a_time() -> None:
    """Captures past one batch (revisits.BATCH): each key's first capture found, whether its
    rows were inserted yet or not; a key never added answered None without SQLite."""
    index = CaptureIndex()
    urls = [f"http://blog.example.org/post/{n}" for n in range(BATCH * 2 + 7)]
    for n, url in enumerate(urls):
        index.add(url, "sha1:AAA", Capture(url, f"2026-11-27T10:{n % 60:02d}:00Z", f"<{n}>"))
    index.add(urls[3], "sha1:AAA", Capture(urls[3], "2026-11-28T00:00:00Z", "<later>"))
    assert index.get(urls[3], "sha1:AAA") == Capture(urls[3], "2026-11-27T10:03:00Z", "<3>")
    last, n = urls[-1], len(urls) - 1  # still pending: flushed before it is looked up
    expected = Capture(last, f"2026-11-27T10:{n % 60:02d}:00Z", f"<{n}>")
    assert index.get(last, "sha1:AAA") == expected
    assert index.get(last, "sha1:BBB") is None
    assert len(index) == len(urls)
    index.close()


def test_bloom_filter_holds_what_was_added() -> None:
    seen = Seen()
    keys = [(f"http://blog.example.org/{n}", f"sha1:{n}") for n in range(5000)]
    for key in keys:
        seen.add(key)
    assert all(seen.may_hold(key) for key in keys)
    others = [(f"http://blog.example.org/{n}", "sha1:other") for n in range(5000)]
    assert sum(seen.may_hold(key) for key in others) <= 5  # false positives: rare


PAGE = "http://blog.example.org/post/2006/12/24/x"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("http://example.com/p", "http://example.com/p"),  # given back as it is (no urljoin)
        ("https://user@example.com:8080/a/../b%20c", "https://user@example.com:8080/a/../b%20c"),
        ("http://example.com", "http://example.com"),
        ("http://example.com/p?", "http://example.com/p"),  # urljoin drops an empty query...
        ("http://example.com/p;", "http://example.com/p"),  # ...and empty parameters
        ("HTTP://example.com/p", "http://example.com/p"),  # and lowers the scheme
        ("http://example.com/p#top", "http://example.com/p"),  # the fragment is never kept
        ("http://example.com/p?q=1", "http://example.com/p?q=1"),
        ("http://example.com/é", "http://example.com/é"),
        ("http:///p", "http://blog.example.org/p"),  # no host: the page's
        ("//www.example.net/x", "http://www.example.net/x"),
        ("/tag/a", "http://blog.example.org/tag/a"),
        ("?page=2", PAGE + "?page=2"),
        ("#comments", PAGE),
        ("mailto:a@example.org", "mailto:a@example.org"),
    ],
)
def test_outlinks_resolve_each_href_as_urljoin_does(href: str, expected: str) -> None:
    assert _absolute(PAGE, "http://blog.example.org/", href) == expected
