"""What the capture extension needs besides the writer: earlier captures and outlinks.

:class:`CaptureIndex` maps (URL, payload digest) to the first capture of that payload in
the collection (every closed ``*.warc.gz`` in the output's ``warc/`` folder, read at
spider open with reading.py, bodies left unread, plus what this crawl writes), so an unchanged
page is written as a revisit record rather than stored twice. Only 2xx responses with a body
are candidates. It lives in a temporary SQLite file, so it does not grow the crawl's memory
with the blog.

:func:`outlinks` lists the links of an HTML response for its metadata record. Parsing the
page a second time with lxml (the spider parses it too) cost as much as all the spider's
parsing, so the links come from one compiled regular expression over the bytes, which reads
tags as an HTML5 tokenizer does, and each distinct link is resolved once. lxml (libxml2
tokenizes as HTML5) finds the same lists on the saved pages of tests/fixtures, which
tests/test_capture.py compares, and on every page of the benchmark's blog. Not followed: a
script's escaped states (`<!-- document.write("<script>...</script>") -->` inside a script).
The body is decompressed only when the server gzip- or deflate-encoded it.
"""

from __future__ import annotations

import html
import logging
import re
import sqlite3
import zlib
from functools import lru_cache
from html.entities import html5
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy.utils.gz import gunzip
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from archiver.archive import reading
from archiver.archive.reading import Record
from archiver.archive.warc import Capture, Exchange, RecordLocation

if TYPE_CHECKING:
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class CaptureIndex:
    """First capture of each (URL, payload digest) in a collection.

    Kept in a private temporary SQLite database (SQLite's page cache, 2 MB, in memory; the
    rest in a temporary file deleted when it is closed) rather than in a dict: a capture a
    page, held to the end of the crawl, was the largest part of what grew with the blog
    (about 0.8 KB a page). New captures are inserted in batches, and a Bloom filter of the
    keys held (:class:`Seen`, 1 MB) answers most lookups, a URL met with a new payload, without
    asking SQLite: two statements an exchange were 0.05 ms a page of a crawl.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "": private, deleted at close
        self._db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE first (url TEXT, digest TEXT, uri TEXT, date TEXT, record_id TEXT,"
            " filename TEXT, offset INTEGER, length INTEGER, location_digest TEXT,"
            " PRIMARY KEY (url, digest)) WITHOUT ROWID"
        )
        self._count = 0
        self._pending: list[tuple[Any, ...]] = []  # rows not inserted yet
        self._seen = Seen()
        self.unreadable: list[str] = []  # earlier WARC files that could not be read through

    def __len__(self) -> int:
        self._flush()
        return self._count

    def _flush(self) -> None:
        if self._pending:
            before = self._db.total_changes
            self._db.executemany(_ADD, self._pending)
            self._count += self._db.total_changes - before
            self._pending.clear()

    def get(self, url: str, digest: str) -> Capture | None:
        if not self._seen.may_hold((url, digest)):
            return None
        self._flush()
        row = self._db.execute(_GET, (url, digest)).fetchone()
        if row is None:
            return None
        uri, date, record_id, filename, offset, length, location_digest = row
        location = (
            RecordLocation(filename, offset, length, record_id, location_digest)
            if filename is not None
            else None
        )
        return Capture(uri, date, record_id, location)

    def add(self, url: str, digest: str, capture: Capture) -> None:
        """Note `capture` unless (url, digest) has one already: the first one stays."""
        where = capture.location
        place = (
            (where.filename, where.offset, where.length, where.payload_digest)
            if where is not None
            else (None, None, None, None)
        )
        self._pending.append((url, digest, capture.uri, capture.date, capture.record_id, *place))
        self._seen.add((url, digest))
        if len(self._pending) >= BATCH:
            self._flush()

    def close(self) -> None:
        self._pending.clear()
        self._db.close()

    @classmethod
    def scan(cls, folder: Path) -> CaptureIndex:
        """Read the response records of every closed WARC in ``folder``, oldest name first."""
        index = cls()
        for path in sorted(folder.glob("*.warc.gz")):
            try:
                index._scan_file(path)
            except (OSError, ValueError) as exc:  # FastWARC's OSError at the damage
                index.unreadable.append(path.name)  # what was read before stays usable
                logger.warning("Earlier WARC %s unreadable, partly used: %s", path, exc)
        logger.info("%d earlier captures found in %s", len(index), folder)
        return index

    def _scan_file(self, path: Path) -> None:
        """Each 2xx response with a payload digest, its body left unread. `salvage`: the
        last whole record before a damaged part is kept, as warcio's reader kept it."""
        for record in reading.read(path, _no_body, reading.RESPONSE, salvage=True):
            digest = record.header("WARC-Payload-Digest")
            if digest and str(record.status).startswith("2"):  # 0: no HTTP message
                self.add_record(path.name, record, digest)

    def add_record(self, filename: str, record: Record, digest: str) -> None:
        uri, record_id = record.header("WARC-Target-URI"), record.header("WARC-Record-ID")
        location = RecordLocation(filename, record.offset, record.length, record_id, digest)
        self.add(uri, digest, Capture(uri, record.header("WARC-Date"), record_id, location))


BATCH = 512  # captures inserted at a time


def _no_body(record: Record) -> bool:
    return False


class Seen:
    """A Bloom filter: `may_hold` is False for a key never added, True for one added (and,
    rarely, for another: 3 bits a key in 8 Mbit, under 0.1 % false at 250,000 keys)."""

    BITS = 1 << 23
    HASHES = 3

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS // 8)

    def _positions(self, key: tuple[str, str]) -> list[int]:
        value = hash(key) & ((1 << 63) - 1)
        return [(value >> (21 * n)) % self.BITS for n in range(self.HASHES)]

    def add(self, key: tuple[str, str]) -> None:
        for bit in self._positions(key):
            self._bits[bit >> 3] |= 1 << (bit & 7)

    def may_hold(self, key: tuple[str, str]) -> bool:
        return all(self._bits[bit >> 3] & (1 << (bit & 7)) for bit in self._positions(key))


_GET = (
    "SELECT uri, date, record_id, filename, offset, length, location_digest"
    " FROM first WHERE url = ? AND digest = ?"
)
_ADD = "INSERT OR IGNORE INTO first VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"

# A gzip bomb must not inflate here either (issue #6): at most DOWNLOAD_MAXSIZE's default.
_MAX_DECODED = 32 * 1024 * 1024


def _decoded(body: bytes, encoding: str) -> bytes:
    if encoding in ("gzip", "x-gzip"):
        return gunzip(body, max_size=_MAX_DECODED)  # raises a ValueError beyond it
    if encoding == "deflate":
        try:
            return _inflate(body, zlib.MAX_WBITS)
        except zlib.error:  # raw deflate, as some servers send it
            return _inflate(body, -zlib.MAX_WBITS)
    return body


def _inflate(body: bytes, wbits: int) -> bytes:
    decoded = zlib.decompressobj(wbits).decompress(body, _MAX_DECODED + 1)
    if len(decoded) > _MAX_DECODED:
        raise ValueError(f"body inflates past {_MAX_DECODED} bytes")
    return decoded


def outlinks(exchange: Exchange, response: Response) -> list[str] | None:
    """Absolute URLs an HTML response links to, in document order; None if not HTML.

    Fragments are dropped from http(s) URLs, each URL is listed once, a ``<base href>``
    applies. Raises ValueError when the body cannot be decoded.
    """
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    if b"html" not in content_type or not exchange.body:
        return None
    encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1").strip().lower()
    try:
        body = _decoded(exchange.body, encoding)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise ValueError(f"no outlinks for {exchange.url}: {exc}") from exc
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: the scan reads ASCII bytes
        body = body.decode("utf-16", "replace").encode("utf-8")
        content_type = b"text/html; charset=utf-8"
    base, hrefs = scan_links(body)
    charset = _Charset(content_type.decode("latin-1"), body)
    page = exchange.url
    if base is not None and (base_href := _text(base, charset).strip()):
        page = urljoin(page, base_href)
    parts = urlsplit(page)
    origin = f"{parts.scheme}://{parts.netloc}/" if parts.scheme in ("http", "https") else ""
    seen: dict[str, None] = {}
    here = ""  # what "#..." links resolve to: the page itself
    for href in hrefs:
        if origin and _SHARED.match(href) and (shared := _shared(origin, href)) is not None:
            seen.setdefault(shared, None)
            continue
        text = _text(href, charset).strip()
        if origin and text.startswith("#"):
            here = here or _absolute(page, origin, "#")
            seen.setdefault(here, None)
        else:
            seen.setdefault(_absolute(page, origin, text), None)
    return list(seen)


# --- Links from the bytes --------------------------------------------------------------------
# Markup as the HTML5 tokenizer reads it. A tag name runs to white space, "/" or ">"; an
# attribute name to white space, "/", ">" or "="; a value is quoted (an unclosed quote runs to
# the end) or runs to white space or ">"; a tag never closed runs to the end (and is no tag).
# Every tag is read through, so a "<a href>" inside another tag's attribute is no link.
# Possessive quantifiers: one pass, no backtracking, so a hostile page costs what a long one
# does. Each match is the markup up to the next link element, and that element: the Python
# loop sees link elements only.
_VALUE = rb"""(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|[^\s>]*+)"""
_ATTR = rb"[^\s/>][^\s/>=]*+(?:\s*+=\s*+" + _VALUE + rb")?+"
_ATTRS = rb"(?:[\s/]++|" + _ATTR + rb")*+"
_LINK_ATTR = rb"(?:href|src|data|action)"
# The element and its link attribute, as lxml's former XPath list had them (base: see below).
_WANTS = {
    **dict.fromkeys([b"a", b"area", b"link", b"base"], b"href"),
    **dict.fromkeys([b"img", b"script", b"iframe", b"frame", b"source", b"embed"], b"src"),
    b"object": b"data",
    b"form": b"action",
}
_LINK_TAGS = rb"a|area|link|base|img|frame|source|embed|object|form"
# Elements whose content is text, not markup: a "<a href>" in a script is no link.
_RAW_LINK_TAGS = rb"script|iframe"
_RAW_TAGS = rb"style|xmp|noembed|noframes|textarea|title|plaintext"


def _raw_text(end_tag: bytes) -> bytes:
    """The content of a raw text element, up to its end tag (or the end)."""
    return rb"[^<]*+(?:<(?!/" + end_tag + rb"[\s/>])[^<]*+)*+"


# No capturing group in a possessive repeat: Python 3.11's re gets their spans wrong.
_SKIP = (  # the most frequent first
    rb"[^<]++"  # text
    rb"|</[A-Za-z][^\s/>]*+" + _ATTRS + rb">?"  # an end tag
    rb"|<(?!(?:" + _LINK_TAGS + rb"|" + _RAW_LINK_TAGS + rb"|" + _RAW_TAGS + rb")[\s/>])"
    rb"[A-Za-z][^\s/>]*+" + _ATTRS + rb">?"  # any other start tag
    rb"|<!--(?:-?>|.*?(?:--!?>|\Z))"  # a comment (conditional comments too)
    + b"".join(
        rb"|<" + tag + rb"(?=[\s/>])" + _ATTRS + rb"(?:>" + _raw_text(tag) + rb")?"
        for tag in _RAW_TAGS.split(b"|")
    )
    + rb"|<[!?][^>]*+>?|</(?![A-Za-z])[^>]*+>?"  # doctype, processing instruction, bogus comment
    rb"|<(?![A-Za-z!?/])"  # a "<" that opens no tag
)
_SCAN = re.compile(
    rb"(?:"
    + _SKIP
    + rb")*+(?:\Z|<(?:(?P<raw>"
    + _RAW_LINK_TAGS
    + rb")|(?P<tag>"
    + _LINK_TAGS
    + rb"))(?=[\s/>])"
    # The attributes before the first link attribute, that one (the first of a name counts),
    # then the rest: the common case, `<a href="...">`, is one match and no Python work.
    rb"(?:[\s/]++|(?!" + _LINK_ATTR + rb"(?:[\s/>=]|\Z))" + _ATTR + rb")*+"
    rb"(?:(?P<name>" + _LINK_ATTR + rb")(?:\s*+=\s*+(?:\"(?P<dq>[^\"]*+)(?:\"|\Z)"
    rb"|'(?P<sq>[^']*+)(?:'|\Z)|(?P<uq>[^\s>]*+)))?" + _ATTRS + rb")?"
    rb"(?:(?P<end>>)(?(raw)" + _raw_text(b"(?P=raw)") + rb")|\Z))",
    re.IGNORECASE | re.DOTALL,
)
_TAG_ATTRS = re.compile(rb"<[^\s/>]++(" + _ATTRS + rb")")
_EACH_ATTR = re.compile(
    rb"""([^\s/>][^\s/>=]*+)(?:\s*+=\s*+(?:"([^"]*+)(?:"|\Z)|'([^']*+)(?:'|\Z)|([^\s>]*+)))?+"""
)


def scan_links(body: bytes) -> tuple[bytes | None, list[bytes]]:
    """The first ``<base href>`` and the distinct link attribute values, raw, in page order."""
    base: bytes | None = None
    hrefs: dict[bytes, None] = {}
    for match in _SCAN.finditer(body):
        name = match["name"]
        if name is None or match["end"] is None:
            continue  # the end, a link element without link attribute, a tag never closed
        tag = (match["tag"] or match["raw"]).lower()
        wanted = _WANTS.get(tag)
        if wanted is None:
            continue
        if name.lower() == wanted:
            value = match["dq"]
            if value is None:
                value = match["sq"] if match["sq"] is not None else match["uq"] or b""
        else:  # `<a data=... href=...>`: the attribute wanted comes later, if at all
            value = _attribute(body, match.start("tag" if match["tag"] else "raw") - 1, wanted)
            if value is None:
                continue
        if tag == b"base":
            base = value if base is None else base
        else:
            hrefs.setdefault(value, None)
    return base, list(hrefs)


def _attribute(body: bytes, start: int, wanted: bytes) -> bytes | None:
    """The first attribute `wanted` of the start tag at `start`."""
    tag = _TAG_ATTRS.match(body, start)
    assert tag is not None  # _SCAN matched a start tag there
    for attr in _EACH_ATTR.finditer(tag[1]):
        if attr[1].lower() == wanted:
            return next((v for v in attr.groups()[1:] if v is not None), b"")
    return None


class _Charset:
    """How to read an attribute's bytes: UTF-8 when they are, else the page's charset."""

    def __init__(self, content_type: str, body: bytes) -> None:
        self.content_type = content_type
        self.body = body
        self._declared: str | None = None

    def decode(self, value: bytes) -> str:
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if self._declared is None:
            self._declared = (
                http_content_type_encoding(self.content_type)
                or html_body_declared_encoding(self.body)
                or "cp1252"
            )
        return value.decode(self._declared, "replace")


def _text(value: bytes, charset: _Charset | None) -> str:
    """An attribute value as text (`charset`: for non-ASCII bytes), references decoded."""
    text = value.decode("ascii") if value.isascii() or charset is None else charset.decode(value)
    return _CHARREF.sub(_charref, text) if "&" in text else text


# A character reference in an attribute value (HTML5): "&amp;", "&#38;", "&amp" at the end
# are decoded; "&copy=2" and "&ampx" (a name without ";" followed by "=" or a letter) not.
_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|([A-Za-z][A-Za-z0-9]*)(;?))")


def _charref(match: re.Match[str]) -> str:
    name, semicolon = match.group(1, 2)
    if name is None:
        return html.unescape(match[0])  # numeric
    if semicolon:
        return html5.get(name + ";", match[0])
    following = match.string[match.end() : match.end() + 1]
    return html5[name] if name in html5 and following != "=" else match[0]


def _absolute(page: str, origin: str, href: str) -> str:
    """`href` resolved against `page` (an http(s) page's `origin`: "scheme://host/"), the
    fragment of an http(s) URL dropped."""
    plain = href.split("#", 1)[0] if "#" in href else href
    if origin and plain.isascii() and _PLAIN_ABSOLUTE.fullmatch(plain):
        return plain  # urljoin would give it back unchanged: each post's own links, mostly
    if origin and (_HAS_HOST.match(href) or _FROM_ROOT.match(href)):
        url = urljoin(origin, href)  # the page's scheme and host only: the same on every page
    else:
        url = urljoin(page, href)
    return url.split("#", 1)[0] if url.startswith("http") else url


# A host named ("//h/p"; not "//" nor "///p", whose empty host is the page's), or a path from
# the root ("/p"): the same URL on every page of the host.
_HAS_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#\\\s]")
_FROM_ROOT = re.compile(r"/(?!/)")
# An absolute http(s) URL that urljoin returns as it is: scheme in lower case, a host, no
# white space or control character (urlsplit strips or drops those), no "?", "#" or ";"
# (an empty query, fragment or parameter would be dropped), no brackets (IPv6 hosts are
# checked) nor backslash.
_PLAIN_ABSOLUTE = re.compile(
    r"https?://[^\x00-\x20\x7f/?#;\[\]\\]+(?:/[^\x00-\x20\x7f?#;\[\]\\]*)?"
)
# An href naming its host or rooted at "/" is the same URL on every page of a host (if ASCII or
# UTF-8, which _Charset reads first): the sidebar's links, most of a blog's, tags and categories
# with accented names too, are resolved once per crawl.
# Resolved alike on every page of a host (as _HAS_HOST and _FROM_ROOT), told from the bytes.
_SHARED = re.compile(rb"\s*(?:/(?!/)|(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#\\\s])")


# The sidebar's links, and room to spare: 1024 (0.5 MB) catches 74 % of the benchmark's links,
# 4096 (1.9 MB) 80 %, at the same CPU (0.25 ms a page); a page's own links come back seldom.
@lru_cache(maxsize=1024)
def _shared(origin: str, href: bytes) -> str | None:
    """None if `href` is not UTF-8: the page's own charset reads it."""
    try:
        text = href.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = _CHARREF.sub(_charref, text) if "&" in text else text
    return _absolute(origin, origin, text.strip())
