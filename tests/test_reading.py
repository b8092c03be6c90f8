"""archive/reading.py: FastWARC records with the offsets, lengths and bodies warcio reads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.archive import reading
from archiver.archive.reading import Record

FIXTURES = Path(__file__).parent / "fixtures" / "warc"
HTML = b"<html><body><p>caf\xc3\xa9</p></body></html>"
CSS = b"body { color: red }"


def build_warc(gzip: bool) -> bytes:
    """warcinfo, then a page and a stylesheet, each a request then a response."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("t.warc", {"software": "test"}))
    for url, body, kind in (
        ("http://blog.example.org/post/1", HTML, "text/html; charset=utf-8"),
        ("http://blog.example.org/style.css", CSS, "text/css"),
    ):
        path = url.split("example.org", 1)[1]
        http = StatusAndHeaders(f"GET {path} HTTP/1.1", [], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), length=0, http_headers=http
            )
        )
        headers = [("Content-Type", kind), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
        )
    return out.getvalue()


def warcio_places(path: Path) -> list[tuple[str, int, int]]:
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        return [
            (record.rec_type, records.get_record_offset(), records.get_record_length())
            for record in records
        ]


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_offsets_and_lengths_are_warcio_s(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("t.warc.gz" if gzip else "t.warc")
    path.write_bytes(build_warc(gzip))
    everything = reading.WarcRecordType.any_type
    got = [(r.rec_type, r.offset, r.length) for r in reading.read(path, types=everything)]
    assert got == warcio_places(path)
    assert [kind for kind, _, _ in got] == ["warcinfo"] + ["request", "response"] * 2


def test_bodies_are_read_only_when_wanted(tmp_path: Path) -> None:
    path = tmp_path / "t.warc.gz"
    path.write_bytes(build_warc(gzip=True))

    def html_only(record: Record) -> bool:
        return record.http_header("content-type").startswith("text/html")

    info, page, style = reading.read(path, html_only)
    assert (info.rec_type, info.block) == ("warcinfo", None)
    assert (page.status, page.payload) == (200, HTML)
    assert page.http_header("Content-Type") == "text/html; charset=utf-8"
    assert [v for k, v in page.http if k == b"Set-Cookie"] == [b"a=1", b"b=2"]
    assert (style.header("warc-target-uri"), style.payload) == (
        "http://blog.example.org/style.css",
        None,
    )


def test_read_at_an_offset(tmp_path: Path) -> None:
    path = tmp_path / "t.warc.gz"
    path.write_bytes(build_warc(gzip=True))
    _, page, _ = reading.read(path)
    again = reading.read_record(path, page.offset, page.length)
    assert (again.rec_type, again.offset, again.length) == ("response", page.offset, page.length)
    assert again.payload == HTML
    assert again.header("WARC-Record-ID") == page.header("WARC-Record-ID")


def test_open_file_is_read_to_its_last_whole_exchange(tmp_path: Path) -> None:
    data = build_warc(gzip=True)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(data)
    last = warcio_places(whole)[-1]  # the stylesheet's response
    path = tmp_path / "t.warc.gz.open"
    path.write_bytes(data[: last[1] + last[2] - 10])  # its gzip member cut short
    records = list(reading.read(path))
    urls = [r.header("WARC-Target-URI") for r in records]
    assert urls == ["", "http://blog.example.org/post/1"]  # the page's exchange is whole
    places = warcio_places(whole)
    assert [(r.rec_type, r.offset, r.length) for r in records] == [places[0], places[2]]
    assert path.stat().st_size == last[1] + last[2] - 10  # the file left as it is


def test_revisit_keeps_its_status_and_headers() -> None:
    records = list(reading.read(FIXTURES / "golden-revisit-metadata.warc"))
    revisit = next(r for r in records if r.rec_type == "revisit")
    assert revisit.status == 200
    assert revisit.payload == b""
    assert revisit.http_header("X-Orig-Transfer-Encoding") == "chunked"
    assert not revisit.chunked  # stored decoded: the original coding renamed
    response = next(iter(reading.read(FIXTURES / "golden-exchange.warc", types=reading.RESPONSE)))
    assert response.payload == b"<!DOCTYPE html>\n<html><body><h1>Z\xc3\xa9bu</h1></body></html>\n"


def test_dechunk() -> None:
    assert reading.dechunk(b"4\r\ncaf\xc3\r\n1\r\n\xa9\r\n0\r\n\r\n") == "café".encode()


def _read_until_damage(path: Path, salvage: bool) -> list[tuple[str, int, int]]:
    got: list[tuple[str, int, int]] = []
    with pytest.raises(OSError, match="Gzip decompression error"):
        for record in reading.read(path, types=reading.RESPONSE, salvage=salvage):
            got.append((record.rec_type, record.offset, record.length))
    return got


def test_damage_raises_and_salvage_keeps_the_last_whole_record(tmp_path: Path) -> None:
    """Bytes that are no gzip member after the page's response: that response's length is
    known only when the next record starts, so it is lost unless salvaged from its member."""
    data = build_warc(gzip=True)
    (tmp_path / "whole.warc.gz").write_bytes(data)
    places = warcio_places(tmp_path / "whole.warc.gz")
    style_request = places[3][1]
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data[:style_request] + b"garbage!" + data[style_request:])
    assert _read_until_damage(path, salvage=False) == []
    assert _read_until_damage(path, salvage=True) == [places[2]]


def test_salvage_keeps_no_record_whose_member_is_damaged(tmp_path: Path) -> None:
    data = build_warc(gzip=True)
    (tmp_path / "whole.warc.gz").write_bytes(data)
    page = warcio_places(tmp_path / "whole.warc.gz")[2][1]
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data[: page + 200] + bytes(8) + data[page + 208 :])  # in its body
    assert _read_until_damage(path, salvage=True) == []


def test_salvage_ends_the_last_record_with_its_member(tmp_path: Path) -> None:
    """A file cut in the gzip header of the member after the page's response: FastWARC reads
    no record there, so the response would run to the end; salvage ends it with its member."""
    data = build_warc(gzip=True)
    (tmp_path / "whole.warc.gz").write_bytes(data)
    places = warcio_places(tmp_path / "whole.warc.gz")
    _, page, page_length = places[2]
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data[: places[3][1] + 5])
    responses = [(r.offset, r.length) for r in reading.read(path, types=reading.RESPONSE)]
    assert responses == [(page, page_length + 5)]
    salvaged = reading.read(path, types=reading.RESPONSE, salvage=True)
    assert [(r.offset, r.length) for r in salvaged] == [(page, page_length)]
