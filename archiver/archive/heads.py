"""The pages list's view of WARC records: each 200 HTML page's URL, date, digest and title.

Read from a record's head only where possible: a record the CDXJ index points at is inflated
no further than its WARC and HTTP headers and the start of its body (its `<title>`); warcio
reads whatever this quick reading does not handle. Used by archiver/archive/indexing.py.

A body stored with a Content-Encoding (gzip, deflate, br) or chunked is decoded here too, as
warcio's `content_stream()` decodes it, to the byte: warcio's decompressors, fed the payload a
block (or a chunk) at a time as its reader feeds them, with its answers to a body that is not
coded after all, damaged, cut, or badly chunked (tests/test_heads.py holds the two together).
warcio's br works with brotlipy's `brotli` only; with Google's (a core install: no pywb, so
no brotlipy) br is decoded with Google's API, in both readings (archive/codings.py).
"""

from __future__ import annotations

import html
import itertools
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding
from warcio.archiveiterator import ArchiveIterator

from archiver.archive.codings import (
    DECOMPRESSORS,
    Decoding,
    Readable,
    blocks,
    dechunked,
    warcio_decodes_br,
)

TITLE_READ = 1024 * 1024  # bytes of a page's decoded body read to find its <title>
HTML_TYPES = ("text/html", "application/xhtml+xml")

PageCapture = tuple[str, str, str, str]  # URL, WARC-Date, payload digest, title or ""

# The first <title>'s text, as an HTML parser finds it: not in a comment, a script or a style.
_TITLE = re.compile(
    rb"<!--.*?(?:-->|\Z)"
    rb"|<(script|style|textarea|xmp|iframe|noembed|noframes)[\s/>].*?(?:</\1[\s/>]|\Z)"
    rb"|<title(?:[\s/][^>]*)?>(.*?)(?:</title[\s/>]|\Z)",
    re.IGNORECASE | re.DOTALL,
)


def page_title(body: bytes, content_type: str) -> str:
    """The pages list's title of a page whose body (as served, not coded) is `body`."""
    return _title(body[:TITLE_READ], content_type)


def _title(body: bytes, content_type: str = "") -> str:
    """The page's <title>, entities decoded, white space collapsed; "" if it has none."""
    return _title_text(_first_title(body), body, content_type)


def _first_title(body: bytes) -> re.Match[bytes] | None:
    return next((m for m in _TITLE.finditer(body) if m[2] is not None), None)


def _title_text(found: re.Match[bytes] | None, body: bytes, content_type: str) -> str:
    if found is None or not found[2]:
        return ""
    try:
        text = found[2].decode("utf-8")
    except UnicodeDecodeError:
        encoding = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
        text = found[2].decode(encoding or "cp1252", "replace")
    return " ".join(html.unescape(text).split())


def is_html(content_type: str | None) -> bool:
    """A Content-Type naming an HTML page (the pages list's pages)."""
    return (content_type or "").split(";")[0].strip().lower() in HTML_TYPES


def _html_ok(status: str | None, content_type: str | None) -> bool:
    return status == "200" and is_html(content_type)


def _capture(record: Any) -> PageCapture | None:
    """A 200 HTML response or revisit record's capture; None for any other record."""
    http = record.http_headers
    if record.rec_type not in ("response", "revisit") or http is None:
        return None
    content_type = http.get_header("Content-Type") or ""
    if not _html_ok(http.get_statuscode(), content_type):
        return None
    headers = record.rec_headers
    return (
        headers.get_header("WARC-Target-URI"),
        headers.get_header("WARC-Date"),
        headers.get_header("WARC-Payload-Digest") or "",
        _record_title(record, content_type) if record.rec_type == "response" else "",
    )


def _record_title(record: Any, content_type: str) -> str:
    """A response's title, of the first TITLE_READ bytes of its body as `content_stream()`
    gives it (a bounded read: a gzip bomb stays small, #6). A br body when warcio's br cannot
    work (Google's `brotli`, not brotlipy's) is decoded here instead, as brotlipy would."""
    http = record.http_headers
    coding = (http.get_header("Content-Encoding") or "").lower()
    if coding == "br" and not warcio_decodes_br():
        transfer = http.get_header("Transfer-Encoding") or ""
        fields = {"content-encoding": coding, "transfer-encoding": transfer}
        return _body_title(record.raw_stream, fields, content_type)
    return _title(record.content_stream().read(TITLE_READ), content_type)


def all_captures(warcs: list[Path]) -> Iterator[PageCapture]:
    """Each 200 HTML response/revisit, reading every record of every WARC."""
    for path in warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                capture = _capture(record)
                if capture is not None:
                    yield capture


def indexed_captures(warcs: list[Path], spots: list[int]) -> Iterator[PageCapture]:
    """The same, in the same order, visiting only the records at `spots` (`index_spots`)."""
    for n, in_file in itertools.groupby(sorted(spots), key=lambda spot: spot >> FILE_SHIFT):
        with warcs[n].open("rb") as fh:
            for spot in in_file:
                offset, length = (spot >> _OFFSET_SHIFT) & _OFFSET_MASK, spot & _LENGTH_MASK
                capture = head_capture(fh, offset, length)
                if capture is not None:
                    yield capture


# A record's place as one int (file number, offset, length), sorting in WARC order: a third
# of a tuple's memory, for every record of the collection held while the pages are listed.
_OFFSET_SHIFT, FILE_SHIFT = 40, 104
_LENGTH_MASK, _OFFSET_MASK = (1 << 40) - 1, (1 << 64) - 1


def index_spots(warcs: list[Path], index: Path) -> tuple[list[int], set[str]]:
    """Where the records the CDXJ index lists are, and the payload digests its revisits name
    (the titles the pages list must remember: a revisit's title is its payload's)."""
    order = {path.name: n for n, path in enumerate(warcs)}
    spots, revisited = [], set()
    with index.open(encoding="utf-8") as lines:
        for line in lines:
            fields = json.loads(line.split(" ", 2)[2])
            offset, length = int(fields["offset"]), int(fields["length"])
            if offset > _OFFSET_MASK or length > _LENGTH_MASK:
                raise ValueError(f"{index}: no record is that large: {line.strip()}")
            spots.append(
                (order[fields["filename"]] << FILE_SHIFT) | (offset << _OFFSET_SHIFT) | length
            )
            if fields.get("mime") == "warc/revisit" and fields.get("digest"):
                revisited.add(fields["digest"])
    return spots, revisited


class _Unusual(Exception):
    """A record the quick reading does not handle: warcio reads it."""


HEAD_READ = 16 * 1024  # inflated bytes holding a record's WARC and HTTP headers


def head_capture(fh: IO[bytes], offset: int, length: int) -> PageCapture | None:
    """`_capture` of the record at `offset`, inflating no more of it than needed."""
    fh.seek(offset)
    member = _Member(fh.read(length))
    try:
        warc_end = member.find(b"\r\n\r\n", 0)
        version, warc = _head(member.data[:warc_end])
        if not version.startswith("WARC/"):
            raise _Unusual
        rec_type = warc.get("warc-type")
        if rec_type not in ("response", "revisit"):
            return None
        http_end = member.find(b"\r\n\r\n", warc_end + 4)
        status_line, http = _head(member.data[warc_end + 4 : http_end])
        if status_line[:8].upper() not in ("HTTP/1.0", "HTTP/1.1"):
            raise _Unusual  # warcio's reader knows no other
        content_type = http.get("content-type", "")
        status = status_line[8:].strip().split(" ", 1)[0]  # as warcio reads it
        if not _html_ok(status, content_type):
            return None
        block_end = warc_end + 4 + int(warc.get("content-length", ""))
        if block_end < http_end + 4:
            raise _Unusual  # HTTP headers longer than the block: warcio reads them cut
        title = ""
        if rec_type == "response":
            payload = _Payload(member, http_end + 4, block_end)
            title = _body_title(payload, http, content_type)
    except (_Unusual, ValueError, IndexError, zlib.error):
        fh.seek(offset)
        return _capture(next(iter(ArchiveIterator(fh))))
    uri = warc.get("warc-target-uri", "")
    if uri.startswith("<") and uri.endswith(">"):  # WARC 1.1 drafts; warcio strips them too
        uri = uri[1:-1]
    return uri, warc.get("warc-date", ""), warc.get("warc-payload-digest", ""), title


def _head(head: bytes) -> tuple[str, dict[str, str]]:
    """A head's first line, and its header lines as a dict (names in lower case, the first of
    a repeated name kept): what warcio's `get_header` finds. warcio decodes each line as UTF-8,
    else as Latin-1, and splits lines at LF (CR LF is the only line end taken here)."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = "\r\n".join(_text(line) for line in head.split(b"\r\n"))
    first, *lines = text.split("\r\n")
    if text.count("\n") != len(lines) or "\n " in text or "\n\t" in text:
        raise _Unusual  # a bare LF ends a line for warcio; a continuation line
    fields: dict[str, str] = {}
    for line in lines:
        name, sep, value = line.partition(":")
        if not sep:
            raise _Unusual  # no header at all
        fields.setdefault(name.rstrip(" \t").lower(), value.strip())
    return first, fields


def _text(line: bytes) -> str:
    """A header line as warcio decodes it: UTF-8, else Latin-1."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")


class _Member:
    """One gzip member (a WARC record), inflated only as far as it is read."""

    def __init__(self, compressed: bytes) -> None:
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = compressed
        self.data = b""
        self.done = False  # the whole member inflated (or what there is of a cut one)

    def inflate(self, upto: int) -> None:
        while len(self.data) < upto and not self.done:
            more = self._inflater.decompress(self._pending, upto - len(self.data))
            self._pending = self._inflater.unconsumed_tail
            self.data += more
            self.done = self._inflater.eof or not (more or self._pending)

    def find(self, marker: bytes, start: int) -> int:
        """Where `marker` is, past `start`, within HEAD_READ bytes of it; else _Unusual."""
        self.inflate(start + HEAD_READ)
        found = self.data.find(marker, start, start + HEAD_READ)
        if found < 0:
            raise _Unusual
        return found


class _Payload:
    """A response's payload (its HTTP body as stored), read as warcio's reader reads it: up to
    the end of the record's block, inflated from the member as far as it is read."""

    def __init__(self, member: _Member, start: int, end: int) -> None:
        self.member, self.pos, self.end = member, start, end

    def read(self, size: int) -> bytes:
        stop = min(self.pos + size, self.end)
        self.member.inflate(stop)
        data = self.member.data[self.pos : stop]
        self.pos += len(data)
        return data

    def readline(self, size: int) -> bytes:
        """A line, its LF kept, of `size` bytes at most."""
        stop = min(self.pos + size, self.end)
        self.member.inflate(stop)
        eol = self.member.data.find(b"\n", self.pos, stop)
        return self.read(size if eol < 0 else eol + 1 - self.pos)


def _body_title(payload: Readable, http: dict[str, str], content_type: str) -> str:
    """`_capture`'s title: of the body `content_stream()` gives, its first TITLE_READ bytes,
    read no further than the first title closed within what is read."""
    coding = http.get("content-encoding", "").lower()
    chunked = http.get("transfer-encoding") == "chunked"  # warcio's test, to the letter
    if coding not in DECOMPRESSORS and not chunked:  # as stored
        return _searched(iter(lambda: payload.read(_SEARCH_STEP), b""), content_type)
    decoding = Decoding(coding if coding in DECOMPRESSORS else None, TITLE_READ)
    pieces = dechunked(payload, decoding) if chunked else blocks(payload, decoding)
    return _searched(pieces, content_type)


_SEARCH_STEP = 4 * HEAD_READ  # bytes of body read between two searches for its title


def _searched(pieces: Iterator[bytes], content_type: str) -> str:
    """`_title` of the body the pieces make, cut at TITLE_READ: searched each _SEARCH_STEP
    bytes, as a title closed within what is read is the one the whole read would find."""
    body, size, searched = [], 0, 0
    for piece in pieces:
        body.append(piece[: TITLE_READ - size])
        size += len(body[-1])
        if size >= TITLE_READ:
            break
        if size - searched >= _SEARCH_STEP:
            text = b"".join(body)
            found = _first_title(text)
            if found is not None and found.end() < size:
                return _title_text(found, text, content_type)
            body, searched = [text], size
    return _title(b"".join(body), content_type)
