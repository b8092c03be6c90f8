"""archiver/archive/revisits.py: outlinks of an HTML response (links shared across pages), and
the capture index's scan of earlier WARCs."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from archiver.archive.capture import exchange_from
from archiver.archive.revisits import CaptureIndex, outlinks
from tests.test_parsers import EMPTY_HOSTS
from tests.test_reading import build_warc, warcio_places


def _outlinks(url: str, body: bytes, charset: str) -> list[str] | None:
    headers = {"Content-Type": f"text/html; charset={charset}"}
    response = HtmlResponse(url, body=body, headers=headers)
    return outlinks(exchange_from(Request(url), response, datetime.now(UTC)), response)


# The same bytes, rooted or absolute (resolved once per host), on pages of other charsets:
# UTF-8 bytes read as UTF-8 everywhere, other bytes in each page's own charset.
E = "http://example.org"
SHARED_CASES = [
    pytest.param(b"/tag/caf\xc3\xa9", "windows-1251", f"{E}/tag/caf\u00e9", None, id="utf8"),
    pytest.param(
        b"/tag/caf\xe9", "iso-8859-1", f"{E}/tag/caf\u00e9", f"{E}/tag/caf\ufffd", id="latin1"
    ),
    pytest.param(
        b"/tag/caf\xe9", "windows-1251", f"{E}/tag/caf\u0439", f"{E}/tag/caf\ufffd", id="cp1251"
    ),
    pytest.param(b"/t/\xc3\xa9&amp;x", "iso-8859-1", f"{E}/t/\u00e9&x", None, id="ref"),
    pytest.param(
        b" http://example.net/\xc3\xa9#top",
        "iso-8859-1",
        "http://example.net/\u00e9",
        None,
        id="abs",
    ),
]


@pytest.mark.parametrize(("href", "charset", "expected", "on_utf8"), SHARED_CASES)
def test_shared_links_read_in_each_pages_charset(
    href: bytes, charset: str, expected: str, on_utf8: str | None
) -> None:
    body = b"<a href='" + href + b"'>x</a>"
    for page in (f"{E}/a", f"{E}/dir/b", f"{E}/a"):  # the second time from the shared cache
        assert _outlinks(page, body, charset) == [expected]
        assert _outlinks(page, body, "utf-8") == [on_utf8 or expected]


def test_absolute_links_with_fragments_as_urljoin_reads_them() -> None:
    """The part before the first "#" of a plain absolute URL is its link; others, urljoin's."""
    hrefs = [
        "http://example.org/post/x#comments",
        "http://example.org/post/x#pr",
        "http://example.org/p?#x",
        "http://example.org#top",
        "http://example.org/a b#c",
        "HTTP://example.org/Z#c",
        "http://example.org/s;p#c",
        "http://example.org/q?a=1#c#d",
    ]
    body = "".join(f"<a href='{href}'>x</a>" for href in hrefs).encode()
    assert _outlinks(f"{E}/dir/page", body, "utf-8") == [
        "http://example.org/post/x",
        "http://example.org/p",
        "http://example.org",
        "http://example.org/a b",
        "http://example.org/Z",
        "http://example.org/s;p",
        "http://example.org/q?a=1",
    ]


# --------------------------------------------------------------------------- earlier WARCs
# CaptureIndex.scan on damaged earlier files, as warcio's reader (its former reader) left
# them: the records before the damage are kept, a damaged file counted as unreadable.
PAGE, STYLE = "http://blog.example.org/post/1", "http://blog.example.org/style.css"
Places = list[tuple[str, int, int]]  # warcio's (type, offset, length) of each record


def _damaged(data: bytes, places: Places, case: str) -> bytes:
    _, _, (_, page, page_length), (_, style_request, _), (_, style, style_length) = places
    return {
        "whole": data,
        "garbage after the page": data[:style_request] + b"garbage!" + data[style_request:],
        "garbage at the end": data + b"garbage!",
        "page's body damaged": data[: page + 200] + b"\x00" * 8 + data[page + 208 :],
        "cut in the last response": data[: style + style_length - 10],
        "cut in the header after the page": data[: style_request + 5],
        # what a file cut inside a record's WARC headers reads as (warcio's scan raised
        # AttributeError on it, out of its except: the capture extension failed to open)
        "WARC headers cut short": data + gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"),
        "gzip header only": b"\x1f\x8b\x08garbage",
        "not gzip": b"not a WARC\r\n",
        "empty": b"",
    }[case]


SCAN_CASES = [  # the case; (offset, length) of the page's and the stylesheet's capture; unreadable
    ("whole", "page", "style", False),
    ("garbage after the page", "page", None, True),
    ("garbage at the end", "page", "style", True),
    ("page's body damaged", None, None, True),
    ("cut in the last response", "page", "style cut", False),
    ("cut in the header after the page", "page", None, False),
    ("WARC headers cut short", "page", "style", False),
    ("gzip header only", None, None, True),
    ("not gzip", None, None, True),
    ("empty", None, None, False),
]


@pytest.mark.parametrize(("case", "page", "style", "unreadable"), SCAN_CASES, ids=lambda c: c)
def test_scan_of_a_damaged_earlier_warc(
    tmp_path: Path, case: str, page: str | None, style: str | None, unreadable: bool
) -> None:
    data = build_warc(gzip=True)
    (tmp_path / "whole.warc.gz").write_bytes(data)
    places = warcio_places(tmp_path / "whole.warc.gz")
    digests = _digests(tmp_path / "whole.warc.gz")
    (tmp_path / "whole.warc.gz").unlink()
    folder = tmp_path / "warc"
    folder.mkdir()
    (folder / "a-00000.warc.gz").write_bytes(_damaged(data, places, case))
    (folder / "b-00000.warc.gz.open").write_bytes(data)  # a killed crawl's: not read
    index = CaptureIndex.scan(folder)
    found = {url: index.get(url, digests[url]) for url in (PAGE, STYLE)}
    expected = {
        "page": places[2][1:],
        "style": places[4][1:],
        "style cut": (places[4][1], places[4][2] - 10),
    }
    for url, wanted in ((PAGE, page), (STYLE, style)):
        capture = found[url]
        if wanted is None:
            assert capture is None
            continue
        assert capture is not None and capture.location is not None
        where = capture.location
        assert (where.filename, where.offset, where.length) == (
            "a-00000.warc.gz",
            *expected[wanted],
        )
        assert (where.record_id, where.payload_digest) == (capture.record_id, digests[url])
    assert index.unreadable == (["a-00000.warc.gz"] if unreadable else [])
    assert len(index) == (page is not None) + (style is not None)
    index.close()


def _digests(path: Path) -> dict[str, str]:
    """Each response's payload digest, as warcio reads the file."""
    with path.open("rb") as fh:
        return {
            record.rec_headers.get_header("WARC-Target-URI"): record.rec_headers.get_header(
                "WARC-Payload-Digest"
            )
            for record in ArchiveIterator(fh)
            if record.rec_type == "response"
        }


@pytest.mark.parametrize(("href", "url"), EMPTY_HOSTS.items(), ids=EMPTY_HOSTS.keys())
def test_outlinks_of_an_empty_host_are_the_pages(href: str, url: str) -> None:
    body = f'<html><body><a href="{href}">x</a></body></html>'.encode()
    assert _outlinks("http://blog.example.com/post/a?x=1", body, "utf-8") == [url]
