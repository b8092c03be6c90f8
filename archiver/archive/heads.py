"""The pages list's view of WARC records: each 200 HTML page's URL, date, digest and title.

Read from a record's head only where possible: a record the CDXJ index points at is inflated
no further than its WARC and HTTP headers and the start of its body (its `<title>`); warcio
reads whatever this quick reading does not handle. Used by archiver/archive/indexing.py.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding
from warcio.archiveiterator import ArchiveIterator

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
    # The <title> is in the head: a bounded read, so a gzip bomb stays small (#6).
    body = record.content_stream().read(TITLE_READ) if record.rec_type == "response" else b""
    return (
        headers.get_header("WARC-Target-URI"),
        headers.get_header("WARC-Date"),
        headers.get_header("WARC-Payload-Digest") or "",
        _title(body, content_type) if body else "",
    )


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
        version, *lines = member.data[:warc_end].split(b"\r\n")
        warc = _fields(lines)
        if not version.startswith(b"WARC/"):
            raise _Unusual
        rec_type = warc.get("warc-type")
        if rec_type not in ("response", "revisit"):
            return None
        http_end = member.find(b"\r\n\r\n", warc_end + 4)
        status_line, *lines = member.data[warc_end + 4 : http_end].split(b"\r\n")
        http = _fields(lines)
        if not status_line.startswith(b"HTTP/") or "transfer-encoding" in http:
            raise _Unusual
        content_type = http.get("content-type", "")
        if not _html_ok(status_line.split(b" ", 2)[1].decode("latin-1"), content_type):
            return None
        title = ""
        if rec_type == "response":
            if http.get("content-encoding", "identity").lower() != "identity":
                raise _Unusual  # warcio decodes the body, within TITLE_READ
            title = member.title(http_end + 4, content_type)
    except (_Unusual, ValueError, IndexError, zlib.error):
        fh.seek(offset)
        return _capture(next(iter(ArchiveIterator(fh))))
    uri = warc.get("warc-target-uri", "")
    if uri.startswith("<") and uri.endswith(">"):  # WARC 1.1 drafts; warcio strips them too
        uri = uri[1:-1]
    return uri, warc.get("warc-date", ""), warc.get("warc-payload-digest", ""), title


def _fields(lines: Iterable[bytes]) -> dict[str, str]:
    """Header lines as a dict, names in lower case, the first of a repeated name kept."""
    fields: dict[str, str] = {}
    for line in lines:
        name, sep, value = line.decode("utf-8", "replace").partition(":")
        if not sep or name[:1] in (" ", "\t"):
            raise _Unusual  # a continuation line, or no header at all
        fields.setdefault(name.strip().lower(), value.strip())
    return fields


class _Member:
    """One gzip member (a WARC record), inflated only as far as it is read."""

    def __init__(self, compressed: bytes) -> None:
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = compressed
        self.data = b""
        self.done = False  # the whole member inflated (or what there is of a cut one)

    def _inflate(self, upto: int) -> None:
        while len(self.data) < upto and not self.done:
            more = self._inflater.decompress(self._pending, upto - len(self.data))
            self._pending = self._inflater.unconsumed_tail
            self.data += more
            self.done = self._inflater.eof or not (more or self._pending)

    def find(self, marker: bytes, start: int) -> int:
        """Where `marker` is, past `start`, within HEAD_READ bytes of it; else _Unusual."""
        self._inflate(start + HEAD_READ)
        found = self.data.find(marker, start, start + HEAD_READ)
        if found < 0:
            raise _Unusual
        return found

    def title(self, start: int, content_type: str) -> str:
        """`_title` of the body at `start`, read up to TITLE_READ bytes, a chunk at a time:
        a title closed within a chunk is the one the whole read would find."""
        upto = start
        while True:
            upto = min(upto + 4 * HEAD_READ, start + TITLE_READ)
            self._inflate(upto)
            body = self.data[start:upto]
            found = _first_title(body)
            closed = found is not None and found.end() < len(body)
            if closed or self.done or upto == start + TITLE_READ:
                return _title_text(found, body, content_type)
