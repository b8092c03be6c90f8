"""Mend what a killed crawl left half-written, so the next run can continue from it.

A crawl killed at any moment (kill -9 included) may leave:

* a WARC file ending in a truncated gzip member, or with a request record whose response
  was never written: the file is cut back to the end of its last whole exchange;
* a posts.jsonl ending in half a line: the half line is cut off.

What is cut was in flight: the page is fetched again and the record written again.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

_CHUNK = 1 << 16
_HEAD = 2048  # enough of a record to read its WARC-Type
# Records that end an exchange (or stand alone): the file may stop after any of them.
_CLOSING_TYPES = frozenset([b"warcinfo", b"response", b"revisit", b"metadata", b"resource"])


@dataclass(frozen=True)
class Mended:
    path: Path
    kept: int  # bytes kept
    dropped: int  # bytes cut off the end


def _members(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(start, end, first bytes of the record) of each whole gzip member, in file order.

    Stops at the first member that is truncated or corrupt. Streams: memory stays flat.
    """
    with path.open("rb") as fh:
        pos, pending = 0, b""
        while True:
            start, head = pos, b""
            inflater = zlib.decompressobj(wbits=31)
            while not inflater.eof:
                chunk = pending or fh.read(_CHUNK)
                pending = b""
                if not chunk:
                    return  # the member never ended: cut off mid-write
                try:
                    out = inflater.decompress(chunk)
                except zlib.error:
                    return
                head += out[: max(_HEAD - len(head), 0)]
                pos += len(chunk) - len(inflater.unused_data)
            yield start, pos, head
            pending = inflater.unused_data or fh.read(_CHUNK)
            if not pending:
                return


def _record_type(head: bytes) -> bytes | None:
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"warc-type:"):
            return line.split(b":", 1)[1].strip().lower()
    return None


def complete_length(path: Path) -> int:
    """Length of the longest prefix of a gzip-per-record WARC that ends a whole exchange."""
    keep = 0
    for _, end, head in _members(path):
        if not head.startswith(b"WARC/"):
            break
        if _record_type(head) in _CLOSING_TYPES:
            keep = end
    return keep


def mend_warc(path: Path) -> Mended:
    """Cut a WARC file back to its last whole exchange, in place."""
    size = path.stat().st_size
    keep = complete_length(path)
    if keep < size:
        with path.open("r+b") as fh:
            fh.truncate(keep)
            os.fsync(fh.fileno())
        logger.warning("Cut %d bytes of an unfinished record off %s", size - keep, path)
    return Mended(path, keep, size - keep)


def mend_jsonl(path: Path) -> Mended:
    """Cut a half-written last line off a JSON Lines file, in place."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        keep = size
        while keep > 0:
            step = min(_CHUNK, keep)
            fh.seek(keep - step)
            block = fh.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = keep - step + newline + 1
                break
            keep -= step
        if keep < size:
            fh.truncate(keep)
            os.fsync(fh.fileno())
            logger.warning("Cut a half-written line (%d bytes) off %s", size - keep, path)
    return Mended(path, keep, size - keep)
