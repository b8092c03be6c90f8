"""Reading WARC files with FastWARC: records with their offset and length, bodies on demand.

FastWARC (a Rust reader) parses a record's WARC and HTTP headers several times faster than
warcio, and skips a body it is not asked for without copying it: a caller decides from the
headers alone (`wants`) which bodies to read. warcio stays the writer (warc.py).

`.open` files (a crawl still writing, or killed) are read up to their last whole exchange
(`recovery.complete_length`), the file left as it is.

A damaged file raises OSError where FastWARC meets the damage (bytes that are no gzip member
or no WARC record); the records before it have been handed over, all but the last one, whose
length is known only once the next one starts. With `salvage`, that one is handed over too
when its own gzip member is whole, as warcio's reader hands it over (the capture index reads
earlier WARCs so). A file cut short is no error: its last record runs to the end.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import IO, cast

from fastwarc.stream_io import ChunkedReader
from fastwarc.warc import ArchiveIterator, HeaderMap, WarcRecord, WarcRecordType

from archiver.archive.recovery import complete_length
from archiver.archive.warc import OPEN_SUFFIX

RESPONSE = WarcRecordType.response
ANSWERS = WarcRecordType.warcinfo | WarcRecordType.response | WarcRecordType.revisit
# Types whose block is an HTTP message (a revisit keeps the status line and headers).
_HTTP_TYPES = int(WarcRecordType.response | WarcRecordType.revisit | WarcRecordType.request)


@dataclass(slots=True)
class Record:
    """One WARC record: headers always, the payload (HTTP body as stored) when asked for."""

    rec_type: str  # "response", "revisit", "warcinfo"... (warcio's name for it)
    offset: int
    length: int  # bytes of the file the record takes (its gzip member, when compressed)
    headers: HeaderMap  # WARC headers; names match in any case
    status: int = 0  # HTTP status; 0 without an HTTP message
    http: tuple[tuple[bytes, bytes], ...] = ()  # HTTP headers as stored, in order, repeats kept
    payload: bytes | None = None  # None: not read (or no HTTP message)
    block: bytes | None = field(default=None, repr=False)  # a non-HTTP record's block, when read

    def header(self, name: str) -> str:
        """A WARC header's value ("" when absent)."""
        return self.headers.get(name) or ""

    def get_header(self, name: str, default_value: str | None = None) -> str | None:
        """warcio's spelling (`record.rec_headers.get_header`), for code reading either."""
        return self.headers.get(name) or default_value

    @property
    def rec_headers(self) -> Record:
        return self

    def http_header(self, name: str) -> str:
        """An HTTP header's first value, decoded as Latin-1 ("" when absent)."""
        wanted = name.lower().encode("ascii")
        for key, value in self.http:
            if key.lower() == wanted:
                return value.decode("latin-1")
        return ""

    @property
    def chunked(self) -> bool:
        """The body is stored with its chunked transfer coding (other tools' WARCs)."""
        return "chunked" in self.http_header("Transfer-Encoding").lower()


Wants = Callable[[Record], bool]


def _everything(record: Record) -> bool:
    return True


def _record(raw: WarcRecord, wants: Wants) -> Record:
    record = Record(str(raw.record_type), raw.stream_pos, 0, raw.headers)
    if int(raw.record_type) & _HTTP_TYPES and raw.is_http:
        raw.parse_http()
        http = raw.http_headers
        record.status = http.status_code or 0
        record.http = http.items_bytes()
        if wants(record):
            record.payload = raw.reader.read()
    elif wants(record):
        record.block = raw.reader.read()
    return record


def read(
    path: Path,
    wants: Wants = _everything,
    types: WarcRecordType = ANSWERS,
    salvage: bool = False,
) -> Iterator[Record]:
    """The records of `types` in file order; a body read only when `wants(record)`, which
    sees the headers (WARC and HTTP) alone. A record's length is known once the next one
    starts: each is handed over when the next one's headers are read, so `wants` must not
    rest on what the caller learns from the previous record. `salvage`: see the module's
    docstring."""
    with path.open("rb") as fh:
        # warcio's lengths: an uncompressed record's without the CRLF CRLF that ends it.
        trailer = 0 if fh.read(2) == b"\x1f\x8b" else 4
        fh.seek(0)
        stream, end = _stream(fh, path)
        pending: Record | None = None
        wanted = int(types)
        try:
            for raw in ArchiveIterator(stream, parse_http=False):
                if pending is not None:
                    pending.length = raw.stream_pos - pending.offset - trailer
                    yield pending
                    pending = None
                if raw.stream_pos >= end:
                    break
                if int(raw.record_type) & wanted:
                    pending = _record(raw, wants)
        except OSError:
            if salvage and pending is not None and trailer == 0:
                pending.length = _member_length(fh, pending.offset)
                if pending.length:
                    yield pending
            raise
        if pending is not None:
            pending.length = end - pending.offset - trailer
            if salvage and trailer == 0:  # FastWARC reads a last member cut in its header as none
                pending.length = _member_length(fh, pending.offset) or pending.length
            yield pending


def _member_length(fh: IO[bytes], offset: int) -> int:
    """The bytes the whole gzip member at `offset` takes; 0 if it is cut short or damaged.
    Its data is inflated a slice at a time and dropped."""
    fh.seek(offset)
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    taken = 0
    try:
        while not inflate.eof and (data := fh.read(1 << 16)):
            taken += len(data)
            while data and not inflate.eof:
                inflate.decompress(data, 1 << 20)
                data = inflate.unconsumed_tail
    except zlib.error:
        return 0
    return taken - len(inflate.unused_data) if inflate.eof else 0


def read_at(fh: IO[bytes], offset: int, length: int = 0) -> Record:
    """The record at `offset` of an open WARC file (its `warc.offset`), payload read."""
    fh.seek(offset)
    raw = next(iter(ArchiveIterator(fh, parse_http=False)))
    record = _record(raw, _everything)
    record.offset, record.length = offset, length
    return record


def read_record(path: Path, offset: int, length: int = 0) -> Record:
    """The record at `offset` of a WARC file, payload read."""
    with path.open("rb") as fh:
        return read_at(fh, offset, length)


def dechunk(body: bytes) -> bytes:
    """A body stored with its chunked transfer coding, as an HTTP client hands it over."""
    return bytes(ChunkedReader(BytesIO(body)).read())


class _Prefix:
    """The first `length` bytes of a file, as a stream (FastWARC and warcio read with read()
    and tell() alone)."""

    def __init__(self, fh: IO[bytes], length: int) -> None:
        self.fh, self.left = fh, length

    def read(self, size: int | None = -1) -> bytes:
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.fh.read(size)
        self.left -= len(data)
        return data

    def tell(self) -> int:
        return self.fh.tell()


def whole_records(fh: IO[bytes], path: Path) -> IO[bytes]:
    """A WARC's stream; a `.open` one (still written, or its crawl killed) cut back to its
    last whole exchange (recovery.py), the file left as it is."""
    if not path.name.endswith(OPEN_SUFFIX):
        return fh
    return cast(IO[bytes], _Prefix(fh, complete_length(path)))


def _stream(fh: IO[bytes], path: Path) -> tuple[IO[bytes], int]:
    """The file's stream and where its records end."""
    if path.name.endswith(OPEN_SUFFIX):
        end = complete_length(path)
        return cast(IO[bytes], _Prefix(fh, end)), end
    return fh, os.fstat(fh.fileno()).st_size
