"""Write HTTP exchanges to a WARC/1.1 file (gzip per record), independent of Scrapy.

One :class:`WarcWriter` owns one ``.warc.gz`` file: a ``warcinfo`` record first, then a
``request`` + ``response`` pair per :class:`Exchange`. warcio builds the records and
computes the block/payload digests (``sha1:`` base32).

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
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter as _WarcioWriter

Headers = list[tuple[str, str]]

WARC_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_DEFAULT_PORTS = {"http": "80", "https": "443"}


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


class WarcWriter:
    """Append request/response pairs to one new gzip-per-record WARC/1.1 file."""

    def __init__(
        self,
        path: Path,
        info: dict[str, str],
        *,
        record_id_factory: Callable[[], str] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = Path(path)
        self._new_id = record_id_factory or _new_record_id
        # "x": never overwrite an existing archive
        self._fh: BinaryIO | None = open(self.path, "xb")  # noqa: SIM115
        self._warc = _WarcioWriter(self._fh, gzip=True, warc_version="1.1")
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
    ) -> str:
        if self._fh is None:
            raise ValueError(f"{self.path} is closed")
        record = self._warc.create_warc_record(
            uri,
            rec_type,
            payload=BytesIO(block),
            length=len(block),
            warc_headers=StatusAndHeaders("", warc_headers, protocol="WARC/1.1"),
            http_headers=http,
        )
        self._warc.write_record(record)  # gzips one member, then flushes the file
        self._fh.flush()
        return str(record.rec_headers.get_header("WARC-Payload-Digest") or "")

    def write(self, exchange: Exchange) -> tuple[str, str]:
        """Write the request then the response record; return (response id, payload digest)."""
        uri = _without_fragment(exchange.url)
        common = [("WARC-Warcinfo-ID", self.warcinfo_id), ("WARC-Target-URI", uri)]
        common.append(("WARC-Date", warc_date(exchange.fetched_at)))
        if exchange.ip:
            common.append(("WARC-IP-Address", exchange.ip))
        response_id, request_id = self._new_id(), self._new_id()

        req_headers = list(exchange.request_headers)
        if not _has(req_headers, "host"):
            req_headers.insert(0, ("Host", host_header(exchange.url)))
        version = exchange.protocol if exchange.protocol.startswith("HTTP/2") else "HTTP/1.1"
        request_line = f"{exchange.method} {request_target(exchange.url)} {version}"
        self._write(
            "request",
            uri,
            [("WARC-Type", "request"), ("WARC-Record-ID", request_id)]
            + [("WARC-Concurrent-To", response_id)]
            + common,
            _RawHeaders(request_line, req_headers, is_http_request=True),
            exchange.request_body,
        )

        may_have_body = exchange.method.upper() != "HEAD" and not (
            100 <= exchange.status < 200 or exchange.status in (204, 304)
        )
        resp_headers = fix_framing(
            exchange.response_headers, exchange.body, may_have_body=may_have_body
        )
        status_line = f"{exchange.status} {exchange.reason}"  # the space stays if no reason
        extra = [("WARC-Truncated", exchange.truncated)] if exchange.truncated else []
        digest = self._write(
            "response",
            uri,
            [("WARC-Type", "response"), ("WARC-Record-ID", response_id)] + common + extra,
            _RawHeaders(status_line, resp_headers, protocol=exchange.protocol),
            exchange.body,
        )
        return response_id, digest

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
