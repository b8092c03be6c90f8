"""A payload's Content-Encoding and chunking undone as warcio's `content_stream()` undoes them,
to the byte, a block (or a chunk) at a time: what archive/heads.py reads a coded page's title
from, stopping as soon as it has it.

warcio's decompressors are used as its reader uses them, with its answers to a body that is
not coded after all, damaged, cut, or badly chunked (tests/test_heads.py holds the two
together). warcio's br works with brotlipy's `brotli` only; with Google's (a core install: no
pywb, so no brotlipy) br is decoded with Google's API (`_Br`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, Protocol

from warcio.bufferedreaders import BufferedReader
from warcio.utils import BUFF_SIZE

try:  # warcio decodes br with it when it imports; brotlipy's module or Google's (see _Br)
    import brotli  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - Scrapy and FastWARC install it
    brotli = None


class Readable(Protocol):
    """A payload as read: `_Payload`, or warcio's raw stream of a record."""

    def read(self, size: int) -> bytes: ...

    def readline(self, size: int) -> bytes: ...


# warcio's codings (br when brotli imports) and their decompressors, used as it uses them.
DECOMPRESSORS = BufferedReader.DECOMPRESSORS
_ZLIB = {"gzip", "deflate", "deflate_alt"}  # zlib's: inflated with a bound on what is kept
_DROP = 1 << 20  # inflated bytes dropped at a time, past what is kept


class Decoding:
    """A Content-Encoding undone as warcio's `content_stream()` undoes it, a block of the
    payload (or a chunk) at a time: a block that does not decode at the start means a body
    not coded after all (given as stored, or for deflate retried as raw deflate); a block
    that does not decode later is dropped. The first `keep` bytes given are kept."""

    def __init__(self, coding: str | None, keep: int) -> None:
        self.coding = coding
        self.inflater: Any = _decompressor(coding) if coding else None
        self.made = 0  # bytes decoded so far
        self.left = keep  # bytes still wanted

    @property
    def ended(self) -> bool:
        """The coded stream has ended: warcio reads no further (not so in a chunk)."""
        return self.inflater is not None and bool(self.inflater.unused_data)

    def feed(self, data: bytes) -> bytes:
        out = self._undone(data) if self.inflater is not None and data else data
        out = out[: self.left]
        self.left -= len(out)
        return out

    def _undone(self, data: bytes) -> bytes:
        try:
            if self.coding in _ZLIB:
                out, made = _inflated(self.inflater, data, self.left)
            else:
                out = self.inflater.decompress(data)
                made = len(out)
        except (zlib.error, _brotli_error()):
            if self.made:
                return b""
            if self.coding == "deflate":
                self.coding, self.inflater = "deflate_alt", DECOMPRESSORS["deflate_alt"]()
                return self._undone(data)
            self.inflater = None
            return data
        self.made += made
        return out


def _decompressor(coding: str) -> Any:
    """warcio's decompressor of a coding; for br, where warcio's cannot work, `_Br`."""
    return _Br() if coding == "br" and not warcio_decodes_br() else DECOMPRESSORS[coding]()


def _brotli_error() -> type[Exception]:
    """The error a br body that does not decode raises (`brotli` looked up when it does)."""
    return zlib.error if brotli is None else brotli.error  # type: ignore[no-any-return]


def warcio_decodes_br() -> bool:
    """warcio's br decompressor works: `brotli` is brotlipy's. It is not with Google's
    (`process`, no `decompress`): setting its `unused_data` raises AttributeError."""
    return brotli is None or hasattr(brotli.Decompressor, "decompress")


class _Br:
    """Google's br decoder answering as brotlipy's `decompress` answers under warcio: the
    bytes decoded; past the stream's end, nothing (brotlipy ignores what follows, Google's
    decoder fails on it: the input is replayed, in halving steps, to find the end);
    `brotli.error` on damage, again on each later call; `unused_data` left None, as warcio
    sets it. A stream that ends gives the same bytes. One that does not (cut, or damaged
    where neither decoder sees it) may not: each decoder holds back some bytes it has
    decoded, by its own rule (brotlipy's gives at most 5 bytes a byte of a call's input).
    And brotlipy's older decoder lets through some damage Google's 1.2 sees (then none of
    the call's bytes)."""

    unused_data = None

    def __init__(self) -> None:
        self._fed: list[bytes] = []  # the input so far, replayed to find the stream's end
        self._decoder = brotli.Decompressor()
        self._done = self._failed = False

    def decompress(self, data: bytes) -> bytes:
        if self._failed:
            raise brotli.error("br stream damaged")
        if self._done:
            return b""
        try:
            out = self._decoder.process(data)
        except brotli.error:
            self._failed = True
            out = self._to_the_end(data)
            self._failed = False
        self._fed.append(data)
        self._done = self._decoder.is_finished()
        return out

    def _to_the_end(self, data: bytes) -> bytes:
        """What `data` decodes to up to the stream's end within it; `brotli.error` if it is
        damaged before. A decoder holds back bytes that depend on how its input was split:
        a replayed one gives its own output for `data` up to where it was replayed."""
        (decoder, first), pos, step = self._replayed(b""), 0, max(len(data) // 2, 1)
        out = [first]
        while pos < len(data) and not decoder.is_finished():
            piece = data[pos : pos + step]
            try:
                out.append(decoder.process(piece))
            except brotli.error:
                if step == 1:
                    raise
                (decoder, first), step = self._replayed(data[:pos]), step // 2
                out = [first]
                continue
            pos += len(piece)
        self._decoder = decoder
        return b"".join(out)

    def _replayed(self, more: bytes) -> tuple[Any, bytes]:
        """A new decoder fed the input so far, call by call as it was (so giving the same
        bytes), then `more` (all of it decoding), and what `more` decodes to."""
        decoder = brotli.Decompressor()
        for data in self._fed:
            decoder.process(data)
        return decoder, decoder.process(more)


def _inflated(inflater: Any, data: bytes, keep: int) -> tuple[bytes, int]:
    """The first `keep` bytes inflating `data` gives, and how many it gives: all of it is
    inflated (damage anywhere in it counts), the rest dropped as it comes."""
    out = more = inflater.decompress(data, keep)
    made, step = len(out), keep
    # At the stream's end CPython leaves what follows in unconsumed_tail too: eof ends it.
    while not inflater.eof and (inflater.unconsumed_tail or len(more) == step):
        step = _DROP
        more = inflater.decompress(inflater.unconsumed_tail, step)
        made += len(more)
    return out, made


def blocks(payload: Readable, decoding: Decoding) -> Iterator[bytes]:
    """The payload decoded, read BUFF_SIZE bytes at a time as warcio reads it, up to the end
    of the coded stream."""
    while decoding.left and not decoding.ended and (block := payload.read(BUFF_SIZE)):
        yield decoding.feed(block)


def dechunked(payload: Readable, decoding: Decoding) -> Iterator[bytes]:
    """The payload de-chunked and decoded as warcio does it: chunk after chunk while they
    parse; from one that does not, the rest as stored, from its size line (but for the two
    bytes read where a CR LF was looked for)."""
    while decoding.left:
        line = payload.readline(64)
        size = _chunk_size(line)
        if size is None:
            yield decoding.feed(line)
            break
        data = payload.read(size) if size > 0 else b""
        if len(data) < size:  # cut short: the body ends there
            yield decoding.feed(data)
            return
        if payload.read(2) != b"\r\n":
            yield decoding.feed(line + data)
            break
        if size == 0:
            return
        yield decoding.feed(data)
    yield from blocks(payload, decoding)


def _chunk_size(line: bytes) -> int | None:
    """A chunk's size as warcio reads its line; None where it stops de-chunking."""
    if line[-2:] != b"\r\n":
        return None
    try:
        size = int(line[:-2].split(b";")[0], 16)
    except ValueError:
        return None
    return size if size <= 2**31 else None
