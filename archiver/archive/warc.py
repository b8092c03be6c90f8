"""Write HTTP exchanges to a WARC/1.1 file (gzip per record), independent of Scrapy.

One :class:`WarcWriter` owns one ``.warc.gz`` file: a ``warcinfo`` record first, then a
``request`` + ``response`` (or ``revisit``) pair per :class:`Exchange`, optionally followed
by a ``metadata`` record listing the page's outlinks. Each record is written as warcio's
``WARCWriter`` would write it, with its block/payload digests (``sha1:`` base32), byte for
byte (see the last point below). While being written the file is
named ``<name>.open``; :meth:`WarcWriter.close` renames it to its final name, so a file
left with ``.open`` shows a crawl that did not end cleanly.

Choices worth knowing:

* ``WARC-Date`` has second precision (``2024-01-02T03:04:05Z``). WARC/1.1 allows
  fractions of a second, but some older tools only parse the WARC/1.0 form.
* HTTP header names and values are written byte for byte as given (they are expected to
  be latin-1 decoded wire bytes); warcio's default would percent-encode non-ASCII.
* The HTTP client has already removed the transfer coding (de-chunked) the body, so a
  ``Transfer-Encoding`` header is renamed ``X-Orig-Transfer-Encoding`` and
  ``Content-Length`` is set to the body length; a ``Content-Length`` that disagrees with
  the body is kept as ``X-Orig-Content-Length``. HEAD responses and 1xx/204/304
  statuses carry no body, so their ``Content-Length`` is left alone.
* A response with neither header (a body delimited by chunking or by the connection
  closing, when the client hid which) is left as is: the body ends with the record.
* A ``revisit`` record (profile identical-payload-digest) keeps the status line and
  headers of the new response but no body; it names the earlier capture with the same
  payload digest (``WARC-Refers-To-Target-URI``/``-Date``/``WARC-Refers-To``).
* A 304 answer to a conditional request is a ``revisit`` record of profile
  server-not-modified: the 304's status line and headers, naming the earlier capture
  whose validators were sent; it has no payload, hence no ``WARC-Payload-Digest``.
* Each record is one gzip member at level 6, not warcio's 9: on the crawl's pages about an
  eighth less CPU to compress for 0.6 % more bytes. An ``on_record`` callback is told each
  record's offset and compressed length as it is written (the crawl's CDXJ index, made in
  the same pass: archiver/archive/liveindex.py).
* A record's bytes are the ones warcio's ``WARCWriter`` writes for it, put together in one
  pass by archiver/archive/warcrecord.py (warcio's builder cost more CPU than the gzip).
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

from warcio.statusandheaders import StatusAndHeaders

from archiver.archive.warcrecord import (
    Headers,
    RecordListener,
    WrittenRecord,
    record_bytes,
    sha1_digest,
)

WARC_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
OPEN_SUFFIX = ".open"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# A 304 Not Modified answer to a conditional request (archiver crawl --update).
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
_DEFAULT_PORTS = {"http": "80", "https": "443"}
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response, as sent and received on the wire."""

    url: str
    method: str
    request_headers: Headers
    request_body: bytes
    protocol: str  # of the response; the request line says HTTP/1.1 unless this is HTTP/2
    status: int
    reason: str
    response_headers: Headers  # repeated headers are separate pairs, in order
    body: bytes  # transfer-decoded but not content-decoded (gzip stays gzip)
    fetched_at: datetime  # timezone-aware
    ip: str | None = None
    truncated: str | None = None  # WARC-Truncated reason ("length", "disconnect", ...)


@dataclass(frozen=True, slots=True)
class RecordLocation:
    """Where a response (or revisit) record lies: file name, gzip member offset and size."""

    filename: str  # final name, without directory and without ".open"
    offset: int
    length: int
    record_id: str
    payload_digest: str

    def as_meta(self) -> dict[str, str | int]:
        """Plain dict for ``request.meta["warc"]``: ``dataclasses.asdict``'s, in less time."""
        return {
            "filename": self.filename,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
            "payload_digest": self.payload_digest,
        }


@dataclass(frozen=True, slots=True)
class Capture:
    """An earlier capture a revisit record refers to."""

    uri: str
    date: str  # WARC-Date
    record_id: str
    location: RecordLocation | None = None  # of the response holding the payload


def payload_digest(body: bytes) -> str:
    """``sha1:<base32>`` of ``body``, as in ``WARC-Payload-Digest``."""
    return sha1_digest(body)


class _RawHeaders(StatusAndHeaders):
    """Serialise headers as latin-1, i.e. the original bytes, instead of %-encoding."""

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        try:
            self.headers_buff = self.to_str(header_filter).encode("latin-1") + b"\r\n"
        except UnicodeEncodeError:  # not decoded wire bytes: let warcio %-encode them
            super().compute_headers_buffer(header_filter)


def warc_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: an aware (UTC) datetime is required")
    return moment.astimezone(UTC).strftime(WARC_DATE_FORMAT)


def _new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def request_target(url: str) -> str:
    """Path and query of ``url`` exactly as written (the fragment is never sent).

    Characters that cannot appear in a request line (non-ASCII, space, controls) are
    percent-encoded as UTF-8, which is what an HTTP client has to do; nothing else is
    touched, so existing ``%XX`` escapes and their case are kept.
    """
    rest = _without_fragment(url).split("://", 1)[-1]
    cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    target = rest[cut:]
    if not target.startswith("/"):
        target = "/" + target
    if target.isascii() and target.isprintable() and " " not in target:
        return target  # nothing to encode: most URLs
    return "".join(
        c if 0x20 < ord(c) < 0x7F else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
        for c in target
    )


def host_header(url: str) -> str:
    """``Host`` value for ``url``: its authority without userinfo and default port."""
    scheme, _, rest = _without_fragment(url).partition("://")
    authority = rest.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2]
    host, sep, port = authority.rpartition(":")
    if sep and "]" not in port and port == _DEFAULT_PORTS.get(scheme.lower()):
        return host
    return authority


def _has(headers: Iterable[tuple[str, str]], name: str) -> bool:
    return any(k.lower() == name for k, _ in headers)


def fix_framing(headers: Headers, body: bytes, *, may_have_body: bool = True) -> Headers:
    """Make ``Content-Length`` describe ``body`` (see the module docstring)."""
    lengths = [v.strip() for k, v in headers if k.lower() == "content-length"]
    transfer_coded = _has(headers, "transfer-encoding")
    length_ok = not may_have_body or lengths == [str(len(body))]
    if not transfer_coded and (length_ok or not lengths):
        return list(headers)
    fixed: Headers = []
    added = False
    for name, value in headers:
        lower = name.lower()
        if lower == "transfer-encoding":
            fixed.append(("X-Orig-Transfer-Encoding", value))
        elif lower == "content-length" and not length_ok:
            fixed.append(("X-Orig-Content-Length", value))
        else:
            fixed.append((name, value))
            continue
        if may_have_body and not added and not length_ok:
            fixed.append(("Content-Length", str(len(body))))
            added = True
    return fixed


def _may_have_body(method: str, status: int) -> bool:
    return method.upper() != "HEAD" and not (100 <= status < 200 or status in (204, 304))


class WarcWriter:
    """Append request/response pairs to one new gzip-per-record WARC/1.1 file.

    ``path`` is the final name; records go to ``path`` + ``.open`` until :meth:`close`.
    """

    def __init__(
        self,
        path: Path,
        info: dict[str, str],
        *,
        record_id_factory: Callable[[], str] | None = None,
        now: Callable[[], datetime] | None = None,
        on_record: RecordListener | None = None,
        gzip_level: int = GZIP_LEVEL,
    ) -> None:
        self.path = Path(path)
        self.open_path = self.path.with_name(self.path.name + OPEN_SUFFIX)
        if self.path.exists():
            raise FileExistsError(f"{self.path} exists")
        self._new_id = record_id_factory or _new_record_id
        # "x": never overwrite an existing archive
        self._fh: BinaryIO | None = open(self.open_path, "xb")  # noqa: SIM115
        self.on_record = on_record
        self._gzip_level = gzip_level
        self._shared: tuple[Exchange | None, Headers] = (None, [])  # see _common
        self.warcinfo_id = self._new_id()
        lines = (f"{k}: {' '.join(str(v).split())}\r\n" for k, v in info.items() if v)
        block = "".join(lines).encode("utf-8")
        headers = [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", self.warcinfo_id),
            ("WARC-Filename", self.path.name),
            ("WARC-Date", warc_date(now() if now else datetime.now(UTC))),
        ]
        self._write("warcinfo", "", headers, None, block)

    @property
    def size(self) -> int:
        """Bytes written to the file so far (compressed)."""
        return self._fh.tell() if self._fh else self.path.stat().st_size

    def _write(
        self,
        rec_type: str,
        uri: str,
        warc_headers: Headers,
        http: StatusAndHeaders | None,
        block: bytes,
    ) -> tuple[int, int, str]:
        """Write one record; return (offset, compressed length, payload digest)."""
        if self._fh is None:
            raise ValueError(f"{self.path} is closed")
        # A revisit's WARC-Payload-Digest is the one given (of the body left out), or none.
        headers, data = record_bytes(rec_type, warc_headers, http, block)
        offset = self._fh.tell()
        self._fh.write(zlib.compress(data, self._gzip_level, zlib.MAX_WBITS + 16))
        self._fh.flush()  # each record whole on disk as soon as written
        length = self._fh.tell() - offset
        record = WrittenRecord(rec_type, headers, http, block)
        if self.on_record is not None:
            self.on_record(self.path.name, offset, length, record)
        return offset, length, record.header("WARC-Payload-Digest") or ""

    def _common(self, exchange: Exchange) -> Headers:
        """The headers an exchange's records share (made once for its two or three records)."""
        if self._shared[0] is not exchange:
            common = [("WARC-Warcinfo-ID", self.warcinfo_id)]
            common.append(("WARC-Target-URI", _without_fragment(exchange.url)))
            common.append(("WARC-Date", warc_date(exchange.fetched_at)))
            if exchange.ip:
                common.append(("WARC-IP-Address", exchange.ip))
            self._shared = (exchange, common)
        return self._shared[1]

    def _write_request(self, exchange: Exchange, record_id: str, concurrent_to: str) -> None:
        req_headers = list(exchange.request_headers)
        if not _has(req_headers, "host"):
            req_headers.insert(0, ("Host", host_header(exchange.url)))
        version = exchange.protocol if exchange.protocol.startswith("HTTP/2") else "HTTP/1.1"
        request_line = f"{exchange.method} {request_target(exchange.url)} {version}"
        self._write(
            "request",
            _without_fragment(exchange.url),
            [("WARC-Type", "request"), ("WARC-Record-ID", record_id)]
            + [("WARC-Concurrent-To", concurrent_to)]
            + self._common(exchange),
            _RawHeaders(request_line, req_headers, is_http_request=True),
            exchange.request_body,
        )

    def write(
        self, exchange: Exchange, *, revisit_of: Capture | None = None, digest: str | None = None
    ) -> RecordLocation:
        """Write the request then the response record (a revisit if ``revisit_of``).

        ``digest``: the body's :func:`payload_digest` if the caller has it (not computed twice).
        """
        response_id, request_id = self._new_id(), self._new_id()
        self._write_request(exchange, request_id, concurrent_to=response_id)
        may_have_body = _may_have_body(exchange.method, exchange.status)
        resp_headers = fix_framing(
            exchange.response_headers, exchange.body, may_have_body=may_have_body
        )
        status_line = f"{exchange.status} {exchange.reason}"  # the space stays if no reason
        digest = digest or payload_digest(exchange.body)
        rec_type, extra, block = "response", self._response_extra(exchange), exchange.body
        # last, where warcio would have put it had it computed it
        extra += [("WARC-Payload-Digest", digest)]
        if revisit_of is not None:
            not_modified = exchange.status == 304
            rec_type, block = "revisit", b""
            extra = [("WARC-Profile", NOT_MODIFIED_PROFILE if not_modified else REVISIT_PROFILE)]
            extra += [("WARC-Refers-To-Target-URI", revisit_of.uri)]
            extra += [("WARC-Refers-To-Date", revisit_of.date)]
            extra += [("WARC-Refers-To", revisit_of.record_id)]
            if not not_modified:
                extra += [("WARC-Payload-Digest", digest)]
        offset, length, written = self._write(
            rec_type,
            _without_fragment(exchange.url),
            [("WARC-Type", rec_type), ("WARC-Record-ID", response_id)]
            + self._common(exchange)
            + extra,
            _RawHeaders(status_line, resp_headers, protocol=exchange.protocol),
            block,
        )
        return RecordLocation(self.path.name, offset, length, response_id, written or digest)

    @staticmethod
    def _response_extra(exchange: Exchange) -> Headers:
        return [("WARC-Truncated", exchange.truncated)] if exchange.truncated else []

    def write_metadata(self, exchange: Exchange, concurrent_to: str, outlinks: list[str]) -> None:
        """A ``metadata`` record (application/warc-fields) with one ``outlink:`` per URL."""
        block = "".join([f"outlink: {url}\r\n" for url in outlinks]).encode("utf-8")
        self._write(
            "metadata",
            _without_fragment(exchange.url),
            [("WARC-Type", "metadata"), ("WARC-Record-ID", self._new_id())]
            + [("WARC-Concurrent-To", concurrent_to)]
            + self._common(exchange)
            + [("Content-Type", "application/warc-fields")],
            None,
            block,
        )

    def close(self) -> None:
        """Close the file and give it its final name (without ``.open``)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            if self.path.exists():
                raise FileExistsError(f"{self.path} appeared while writing {self.open_path}")
            self.open_path.rename(self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
