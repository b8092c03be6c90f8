"""Outlinks of an HTML response (archiver/archive/revisits.py): links shared across pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from archiver.archive.capture import exchange_from
from archiver.archive.revisits import outlinks


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
