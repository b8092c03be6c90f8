"""The pages list's quick reading of a record (archive/heads.py `head_capture`) gives what
warcio's reading gives (`_capture`: `content_stream()`, its first TITLE_READ bytes): for bodies
stored with a Content-Encoding (gzip, deflate zlib-wrapped or raw, br), several or unknown
codings, damaged or cut coded bodies, chunked bodies well and badly formed, odd heads."""

from __future__ import annotations

import contextlib
import gzip
import importlib.machinery
import importlib.util
import io
import random
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, try_brotli_init

from archiver.archive import codings, heads
from archiver.archive.heads import PageCapture, _capture, head_capture
from archiver.archive.indexing import page_list, write_cdxj

URL = "http://example.org/page"
PAGE = b"<html><head><title>Un z\xc3\xa9bu &amp; co</title></head><body><p>z</p></body></html>"
TITLE = "Un zébu & co"
NOISE = random.Random(19).randbytes(40_000)  # incompressible: a coded body past one block


def record(payload: bytes, *headers: bytes, uri: str = URL) -> bytes:
    """A response record as one gzip member, its HTTP head written as given."""
    head = b"\r\n".join([b"HTTP/1.1 200 OK", b"Content-Type: text/html; charset=utf-8", *headers])
    return member(
        head + b"\r\n\r\n" + payload, uri.encode(), digest=b"sha1:" + uri.rsplit("/", 1)[1].encode()
    )


def member(
    block: bytes,
    uri: bytes = URL.encode(),
    declared: int | None = None,
    digest: bytes = b"sha1:AAAA",
) -> bytes:
    """A response record of this block as one gzip member; `declared`: its Content-Length."""
    warc = b"\r\n".join(
        [
            b"WARC/1.0",
            b"WARC-Type: response",
            b"WARC-Target-URI: " + uri,
            b"WARC-Date: 2026-01-02T03:04:05Z",
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000019>",
            b"WARC-Payload-Digest: " + digest,
            b"Content-Type: application/http; msgtype=response",
            b"Content-Length: %d" % (len(block) if declared is None else declared),
        ]
    )
    return gzip.compress(warc + b"\r\n\r\n" + block + b"\r\n\r\n", mtime=0)


def warcio_reads(data: bytes) -> PageCapture | None:
    """The reference: warcio's record, its body as `content_stream()` gives it."""
    return _capture(next(iter(ArchiveIterator(io.BytesIO(data)))))


def quick_reads(data: bytes, monkeypatch: pytest.MonkeyPatch) -> PageCapture | None:
    """head_capture, warcio's reading made to fail: the quick reading must do it all."""

    def unused(record: object) -> None:
        raise AssertionError("read by warcio")

    with monkeypatch.context() as patch:
        patch.setattr(heads, "_capture", unused)
        return head_capture(io.BytesIO(data), 0, len(data))


def deflated(body: bytes, wbits: int) -> bytes:
    coder = zlib.compressobj(wbits=wbits)
    return coder.compress(body) + coder.flush()


def chunked(body: bytes, size: int) -> bytes:
    pieces = [body[n : n + size] for n in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


GZ, BR = gzip.compress(PAGE, mtime=0), brotli.compress(PAGE)
BIG = PAGE.replace(b"</body>", b"<p>bla</p>" * 3000 + NOISE + b"</body>")  # coded past a block
BOMB = gzip.compress(b"<title>Bomb</title>" + b"<p>" * 3_000_000, mtime=0)  # 9 MB in 9 kB
CE = b"Content-Encoding: "
TE_CHUNKED = b"Transfer-Encoding: chunked"

# id: (payload, HTTP headers, title)
CASES: dict[str, tuple[bytes, tuple[bytes, ...], str]] = {
    "gzip": (GZ, (CE + b"gzip",), TITLE),
    "gzip-upper-case": (GZ, (CE + b" GZIP ",), TITLE),
    "deflate-zlib": (deflated(PAGE, 15), (CE + b"deflate",), TITLE),
    "deflate-raw": (deflated(PAGE, -15), (CE + b"deflate",), TITLE),
    "br": (BR, (CE + b"br",), TITLE),
    "first-coding-header": (GZ, (CE + b"gzip", CE + b"br"), TITLE),
    "several-codings": (GZ, (CE + b"gzip, identity",), ""),  # warcio: as stored
    "unknown-coding": (PAGE, (CE + b"x-zebra",), TITLE),
    "identity": (PAGE, (CE + b"identity",), TITLE),
    "not-coded-after-all": (PAGE, (CE + b"gzip",), TITLE),
    "deflate-neither": (PAGE, (CE + b"deflate",), TITLE),
    "gzip-damaged-in-first-block": (flipped(GZ, 30), (CE + b"gzip",), ""),
    "gzip-bad-checksum": (flipped(GZ, len(GZ) - 6), (CE + b"gzip",), ""),
    "gzip-damaged-in-second-block": (
        flipped(gzip.compress(BIG, mtime=0), 20_000),
        (CE + b"gzip",),
        TITLE,
    ),
    "gzip-cut": (GZ[:40], (CE + b"gzip",), "Un zébu &"),
    "gzip-then-garbage": (GZ + b"<title>After</title>", (CE + b"gzip",), TITLE),
    "gzip-two-members": (GZ + gzip.compress(b"<title>Second</title>"), (CE + b"gzip",), TITLE),
    "gzip-bomb": (BOMB + BOMB, (CE + b"gzip",), "Bomb"),
    "title-past-the-read": (gzip.compress(b"<p>" * 400_000 + PAGE), (CE + b"gzip",), ""),
    "br-damaged": (flipped(BR, 3), (CE + b"br",), ""),
    "chunked": (chunked(PAGE, 16), (TE_CHUNKED,), TITLE),
    "chunked-gzip": (chunked(GZ, 7), (CE + b"gzip", TE_CHUNKED), TITLE),
    "chunked-big-gzip": (
        chunked(gzip.compress(BIG, mtime=0), 9000),
        (CE + b"gzip", TE_CHUNKED),
        TITLE,
    ),
    "chunked-not-lower-case": (
        chunked(PAGE, 25),
        (b"Transfer-Encoding: Chunked",),
        "Un zé 19 bu & co",
    ),
    "chunked-bad-size": (b"zz\r\n" + PAGE, (TE_CHUNKED,), TITLE),
    # No CR LF after a chunk: the rest as stored, but for the two bytes read in its place.
    "chunked-bad-end": (b"5\r\n<titl" + b"e>Lost</title>", (TE_CHUNKED,), ""),
    "chunked-size-too-big": (b"80000001\r\n" + GZ, (CE + b"gzip", TE_CHUNKED), ""),
    "chunked-cut": (b"40\r\n<title>Cut</title>", (TE_CHUNKED,), "Cut"),
    "chunked-size-extension": (
        b"14;x=y\r\n<title>Ext</title>   \r\n0\r\n\r\n",
        (TE_CHUNKED,),
        "Ext",
    ),
    "chunked-bad-last": (b"c\r\n<title>La</t\r\n0\r\nitle>", (TE_CHUNKED,), "La</t0 le>"),
    "chunked-gzip-in-one": (chunked(GZ, len(GZ)), (CE + b"gzip", TE_CHUNKED), TITLE),
    # Chunk by chunk, a byte changed in the title is found only by the checksum, chunks later.
    "chunked-gzip-damaged": (
        chunked(flipped(GZ, 30), 10),
        (CE + b"gzip", TE_CHUNKED),
        "R6 zébu & co",
    ),
}


@pytest.mark.parametrize(("payload", "headers", "title"), CASES.values(), ids=CASES.keys())
def test_coded_and_chunked_bodies(
    payload: bytes, headers: tuple[bytes, ...], title: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = record(payload, *headers)
    expected = (URL, "2026-01-02T03:04:05Z", "sha1:page", title)
    assert warcio_reads(data) == expected
    assert quick_reads(data, monkeypatch) == expected


HTML_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"


def test_a_block_ends_where_its_length_says(monkeypatch: pytest.MonkeyPatch) -> None:
    data = member(HTML_HEAD + b"<title>Cut here</title>", declared=len(HTML_HEAD) + 10)
    assert warcio_reads(data) == quick_reads(data, monkeypatch) == (*IDS, "Cut")


def test_a_status_line_as_warcio_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    data = member(HTML_HEAD.replace(b" 200 OK", b"  200  OK") + b"<title>Two spaces</title>")
    assert warcio_reads(data) == quick_reads(data, monkeypatch) == (*IDS, "Two spaces")


def test_head_lines_not_utf8_are_latin1(monkeypatch: pytest.MonkeyPatch) -> None:
    data = member(HTML_HEAD + b"<title>Caf\xe9</title>", uri=b"http://example.org/caf\xe9")
    expected = ("http://example.org/café", *IDS[1:], "Café")
    assert warcio_reads(data) == quick_reads(data, monkeypatch) == expected


def test_head_lines_ended_by_lf_alone_are_left_to_warcio() -> None:
    """The quick reading splits lines at CR LF only: a head with a bare LF is warcio's."""
    block = b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>\r\n\r\n<title>LF</title>"
    data = member(block)
    assert head_capture(io.BytesIO(data), 0, len(data)) == warcio_reads(data) == (*IDS, "LF")


IDS = (URL, "2026-01-02T03:04:05Z", "sha1:AAAA")


CODERS = {
    "gzip": lambda body: gzip.compress(body, mtime=0),
    "deflate": lambda body: deflated(body, 15),
    "raw-deflate": lambda body: deflated(body, -15),
    "br": brotli.compress,
    "none": bytes,
}
LABELS = ["gzip", "deflate", "br", "identity", "x-zebra", "gzip, br", "DEFLATE", ""]


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(st.sampled_from("aé &;<>/tile"), max_size=12),
    filler=st.integers(0, 3000),
    noise=st.integers(0, 40_000),
    coder=st.sampled_from(sorted(CODERS)),
    label=st.sampled_from(LABELS),
    damage=st.one_of(st.none(), st.integers(0, 60_000)),
    cut=st.one_of(st.none(), st.integers(0, 60_000)),
    chunk=st.one_of(st.none(), st.integers(1, 20_000)),
    transfer=st.sampled_from([b"chunked", b"Chunked", b"gzip"]),
)
def test_quick_reading_is_warcios(
    title: str,
    filler: int,
    noise: int,
    coder: str,
    label: str,
    damage: int | None,
    cut: int | None,
    chunk: int | None,
    transfer: bytes,
) -> None:
    """Any coding, labelled rightly or not, damaged, cut, chunked or not: warcio's title."""
    page = b"<html><title>%s</title>%s<p>%s</p>" % (
        title.encode(),
        b"<p>bla</p>" * filler,
        NOISE[:noise],
    )
    payload = CODERS[coder](page)
    if damage is not None and damage < len(payload):
        payload = flipped(payload, damage)
    payload = payload[:cut]
    headers = [CE + label.encode()]
    if chunk is not None:
        payload = chunked(payload, chunk)[: None if cut is None else cut + 40]
        headers.append(b"Transfer-Encoding: " + transfer)
    data = record(payload, *headers)
    assert head_capture(io.BytesIO(data), 0, len(data)) == warcio_reads(data)


def test_pages_list_of_coded_pages(tmp_path: Path) -> None:
    """The pages list through the index (quick reading) equals the one reading every record."""
    pages = {
        "gzip": (GZ, (CE + b"gzip",)),
        "br": (BR, (CE + b"br",)),
        "deflate": (deflated(PAGE.replace(b"Un", b"Deux"), -15), (CE + b"deflate",)),
        "chunked": (chunked(GZ, 5), (CE + b"gzip", TE_CHUNKED)),
        "damaged": (flipped(GZ, 30), (CE + b"gzip",)),
    }
    warc = tmp_path / "coded.warc.gz"
    warc.write_bytes(
        b"".join(
            record(payload, *headers, uri=f"{URL}/{name}")
            for name, (payload, headers) in pages.items()
        )
    )
    index = tmp_path / "index.cdxj"
    write_cdxj([warc], index)
    titles = {"gzip": TITLE, "br": TITLE, "deflate": "Deux zébu & co", "chunked": TITLE}
    expected = [
        {
            "url": f"{URL}/{name}",
            "ts": "2026-01-02T03:04:05Z",
            "title": titles.get(name, f"{URL}/{name}"),
        }
        for name in pages
    ]
    assert page_list([warc], index) == page_list([warc]) == expected


ODD_LINES = {
    "continued-value": (b"Content-Type: text/html;\r\n charset=utf-8\r\n", "Odd lines"),
    "continued-tab": (b"X-Note: a\r\n\tfolded\r\nContent-Type: text/html\r\n", "Odd lines"),
    "continued-type": (b"Content-Type: text/html\r\n x: y\r\n", None),  # "text/html x: y"
    "no-colon": (b"No colon here\r\nContent-Type: text/html\r\n", "Odd lines"),
}


@pytest.mark.parametrize(("lines", "title"), ODD_LINES.values(), ids=ODD_LINES.keys())
def test_odd_header_lines_are_left_to_warcio(lines: bytes, title: str | None) -> None:
    data = member(b"HTTP/1.1 200 OK\r\n" + lines + b"\r\n<title>Odd lines</title>")
    assert head_capture(io.BytesIO(data), 0, len(data)) == warcio_reads(data)
    assert warcio_reads(data) == (None if title is None else (*IDS, title))


# A core install (no replay extra): `brotli` is Google's module, not brotlipy's. Built around
# Google's extension, found by its file (brotlipy's import takes the name `_brotli` over).
_SPEC = importlib.machinery.PathFinder.find_spec("_brotli")
assert _SPEC is not None and _SPEC.loader is not None
GOOGLE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(GOOGLE)


@contextlib.contextmanager
def google_brotli() -> Iterator[None]:
    """warcio and codings.py as a core install has them: warcio's br registered on Google's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "brotli", GOOGLE)
        patch.setitem(BufferedReader.DECOMPRESSORS, "br", None)
        try_brotli_init()  # warcio's own registration, now of Google's module
        patch.setattr(codings, "brotli", GOOGLE)
        yield


def test_warcios_br_fails_with_googles_brotli() -> None:
    """The crash heads.py steers clear of: warcio's own reading of a br body."""
    stream = next(iter(ArchiveIterator(io.BytesIO(record(BR, CE + b"br"))))).content_stream
    with google_brotli(), pytest.raises(AttributeError, match="unused_data"):
        stream()


BIG_BR = brotli.compress(BIG)
# id: (payload, HTTP headers, title): brotlipy's answers, under warcio.
BR_CASES: dict[str, tuple[bytes, tuple[bytes, ...], str]] = {
    "br": (BR, (CE + b"br",), TITLE),
    "br-upper-case": (BR, (CE + b"BR",), TITLE),
    "br-big": (BIG_BR, (CE + b"br",), TITLE),
    "br-damaged": (flipped(BR, 3), (CE + b"br",), ""),
    "br-damaged-in-second-block": (flipped(BIG_BR, 20_000), (CE + b"br",), TITLE),
    "br-cut": (BR[:40], (CE + b"br",), ""),
    "br-big-cut": (BIG_BR[:30_000], (CE + b"br",), TITLE),
    "br-then-garbage": (BR + b"<title>After</title>", (CE + b"br",), TITLE),
    "br-two-streams": (BR + brotli.compress(b"<title>Second</title>"), (CE + b"br",), TITLE),
    "br-big-then-garbage": (BIG_BR + NOISE, (CE + b"br",), TITLE),
    "br-not-coded": (PAGE, (CE + b"br",), TITLE),
    "br-chunked": (chunked(BR, 7), (CE + b"br", TE_CHUNKED), TITLE),
    "br-chunked-then-garbage": (chunked(BR + b"<p>", 9), (CE + b"br", TE_CHUNKED), TITLE),
}


@pytest.mark.parametrize(("payload", "headers", "title"), BR_CASES.values(), ids=BR_CASES.keys())
def test_br_bodies_with_googles_brotli(
    payload: bytes, headers: tuple[bytes, ...], title: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """brotlipy's title under warcio; the same with Google's, by the quick reading and by
    `_capture` (warcio's reading, its br decoded by heads.py)."""
    data = record(payload, *headers)
    expected = (URL, "2026-01-02T03:04:05Z", "sha1:page", title)
    assert warcio_reads(data) == quick_reads(data, monkeypatch) == expected
    with google_brotli():
        assert quick_reads(data, monkeypatch) == expected
        assert _capture(next(iter(ArchiveIterator(io.BytesIO(data))))) == expected


def test_pages_list_of_br_pages_with_googles_brotli(tmp_path: Path) -> None:
    """The pages list, through the index and reading every record, a head left to warcio."""
    warc = tmp_path / "br.warc.gz"
    odd = member(b"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: br\n\n" + BR)
    warc.write_bytes(record(BR, CE + b"br", uri=f"{URL}/br") + odd)
    index = tmp_path / "index.cdxj"
    write_cdxj([warc], index)
    expected = [
        {"url": f"{URL}/br", "ts": "2026-01-02T03:04:05Z", "title": TITLE},
        {"url": URL, "ts": "2026-01-02T03:04:05Z", "title": TITLE},
    ]
    with google_brotli():
        assert page_list([warc], index) == page_list([warc]) == expected


def test_a_cut_br_body_where_the_two_decoders_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    """A br stream cut short: each decoder holds back bytes it has decoded, by its own rule
    (brotlipy's gives at most 5 bytes a byte of a call's input): here brotlipy's keeps back
    the title that Google's gives. A title of a cut body, partial either way."""
    late = brotli.compress(b"<p>" * 2000 + b"<title>Late</title>" + b"<p>bla</p>" * 3000)
    data = record(late[:-1], CE + b"br")
    assert quick_reads(data, monkeypatch) == warcio_reads(data) == (*PAGE_IDS, "")
    with google_brotli():
        assert (
            quick_reads(data, monkeypatch)
            == _capture(next(iter(ArchiveIterator(io.BytesIO(data)))))
            == (*PAGE_IDS, "Late")
        )


PAGE_IDS = (URL, "2026-01-02T03:04:05Z", "sha1:page")


@settings(max_examples=50, deadline=None)
@given(
    title=st.text(st.sampled_from("aé &;<>/tile"), max_size=12),
    filler=st.integers(0, 10_000),
    noise=st.integers(0, 40_000),
    quality=st.sampled_from([1, 5, 11]),
    tail=st.sampled_from([b"", b"<title>T</title>", NOISE[:20_000], brotli.compress(b"<p>")]),
    chunk=st.one_of(st.none(), st.integers(1, 20_000)),
)
def test_googles_br_reads_a_whole_stream_as_brotlipys(
    title: str, filler: int, noise: int, quality: int, tail: bytes, chunk: int | None
) -> None:
    """A br stream that ends, whatever follows it, chunked or not: the same title."""
    page = b"<p>%s</p><title>%s</title>%s" % (NOISE[:noise], title.encode(), b"<b>" * filler)
    payload = brotli.compress(page, quality=quality) + tail
    headers = [CE + b"br"]
    if chunk is not None:
        payload = chunked(payload, chunk)
        headers.append(TE_CHUNKED)
    data = record(payload, *headers)
    expected = head_capture(io.BytesIO(data), 0, len(data))
    with google_brotli():
        assert head_capture(io.BytesIO(data), 0, len(data)) == expected
