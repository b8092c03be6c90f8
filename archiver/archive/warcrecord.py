"""A WARC record's bytes, exactly as warcio's ``WARCWriter`` writes them, made in one pass.

:func:`record_bytes` takes what archiver/archive/warc.py gives warcio's record builder (the
record type, its WARC headers, the HTTP head, the block) and returns the record warcio would
write: the headers given, then the ones warcio adds, in its order (``WARC-Payload-Digest``,
``WARC-Block-Digest``, ``Content-Type``, ``Content-Length``), the HTTP head and the block.
warcio's builder read each block twice through a stream to digest it and went through its
headers list in several scans: more CPU than gzip took for the record. tests/test_warc.py
compares the two byte for byte on generated records.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Protocol

from warcio.statusandheaders import StatusAndHeaders

Headers = list[tuple[str, str]]

# warcio's Content-Type of a record that names none (RecordBuilder.WARC_RECORDS).
_CONTENT_TYPES = {
    "warcinfo": "application/warc-fields",
    "response": "application/http; msgtype=response",
    "revisit": "application/http; msgtype=response",
    "request": "application/http; msgtype=request",
    "metadata": "application/warc-fields",
}
_ANY_TYPE = "application/warc-record"
_NO_PAYLOAD_DIGEST = ("warcinfo", "revisit")


@dataclass(frozen=True, slots=True)
class WrittenRecord:
    """A record as written: its type, WARC headers (all of them, in order), HTTP head, block."""

    rec_type: str
    headers: Headers
    http: StatusAndHeaders | None
    block: bytes

    def header(self, name: str) -> str | None:
        """The first WARC header named `name` (as written: names are the writer's own)."""
        for key, value in self.headers:
            if key == name:
                return value
        return None


class RecordListener(Protocol):
    """Told of each record written: file name, offset, compressed length, the record."""

    def __call__(self, filename: str, offset: int, length: int, record: WrittenRecord) -> None: ...


def sha1_digest(data: bytes) -> str:
    """``sha1:<base32>`` of ``data``, as a WARC digest header writes it."""
    if not data:
        return _EMPTY_DIGEST  # most requests' (no body)
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


_EMPTY_DIGEST = "sha1:" + base64.b32encode(hashlib.sha1(b"").digest()).decode("ascii")


def _find(headers: Headers, name: str) -> int:
    """Index of the last header named `name` (any case), -1 if none: warcio's replace_header."""
    lower = name.lower()
    for index in range(len(headers) - 1, -1, -1):
        if headers[index][0].lower() == lower:
            return index
    return -1


def _replace(headers: Headers, names: set[str], name: str, value: str) -> None:
    """Set the last header named `name` to `value` (added if `names`, lower case, lacks it)."""
    if name.lower() not in names:
        headers.append((name, value))
        return
    index = _find(headers, name)
    headers[index] = (headers[index][0], value)


def record_bytes(
    rec_type: str, warc_headers: Headers, http: StatusAndHeaders | None, block: bytes
) -> tuple[Headers, bytes]:
    """A record's full WARC headers and its bytes, as warcio's ``WARCWriter`` writes them.

    The headers given, then what warcio adds in its order: ``WARC-Payload-Digest`` (of the
    block; not for warcinfo and revisit records, nor if given), ``WARC-Block-Digest`` (of the
    HTTP head and the block), ``Content-Type`` (the one given, else by record type) and
    ``Content-Length``. A revisit's block is digested but not written, as warcio does.
    """
    headers = list(warc_headers)
    names = {name.lower() for name, _ in headers}
    head = b""
    if http is not None:
        http.compute_headers_buffer(None)
        head = http.headers_buff or b""
    content_type = None
    if "content-type" in names:  # the first one's value (warcio's get_header)
        content_type = next(v for k, v in headers if k.lower() == "content-type") or None
    if rec_type not in _NO_PAYLOAD_DIGEST and "warc-payload-digest" not in names:
        headers.append(("WARC-Payload-Digest", sha1_digest(block)))
    if "warc-block-digest" not in names:
        digester = hashlib.sha1(head)
        digester.update(block)
        block_digest = base64.b32encode(digester.digest()).decode("ascii")
        headers.append(("WARC-Block-Digest", "sha1:" + block_digest))
    content_type = content_type or _CONTENT_TYPES.get(rec_type, _ANY_TYPE)
    _replace(headers, names, "Content-Type", content_type)
    written = b"" if rec_type == "revisit" else block
    length = len(head) + len(written) if http is not None else len(block)
    _replace(headers, names, "Content-Length", str(length))
    lines = "\r\n".join(map(": ".join, headers))
    return headers, b"".join((f"WARC/1.1\r\n{lines}\r\n\r\n".encode(), head, written, b"\r\n\r\n"))
