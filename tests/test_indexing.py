"""The pages list of a collection: one entry per HTML page, at its latest capture, titled."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archiver.indexing import page_list, write_cdxj
from archiver.warc import Capture, Exchange, WarcWriter

ROOT = "http://blog.example.org/"


def _exchange(path: str, body: bytes, second: int) -> Exchange:
    return Exchange(
        url=ROOT + path,
        method="GET",
        request_headers=[],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body,
        fetched_at=datetime(2026, 1, 2, 3, 4, second, tzinfo=UTC),
    )


def test_a_revisit_is_titled_by_the_capture_of_its_payload(tmp_path: Path) -> None:
    zebu = "<html><head><title>Un zébu</title></head><body>z</body></html>".encode()
    other = b"<html><head><title>Autre</title></head><body>o</body></html>"
    warc = tmp_path / "a.warc.gz"
    with WarcWriter(warc, {}) as writer:
        first = writer.write(_exchange("post/a", zebu, 1))
        writer.write(_exchange("post/c", other, 2))
        earlier = Capture(ROOT + "post/a", "2026-01-02T03:04:01Z", first.record_id)
        writer.write(_exchange("post/b", zebu, 3), revisit_of=earlier)
        writer.write(_exchange("post/c", other.replace(b"Autre", b"Encore"), 4))
    index = tmp_path / "index.cdxj"
    write_cdxj([warc], index)
    expected = [
        {"url": ROOT + "post/a", "ts": "2026-01-02T03:04:01Z", "title": "Un zébu"},
        {"url": ROOT + "post/c", "ts": "2026-01-02T03:04:04Z", "title": "Encore"},
        {"url": ROOT + "post/b", "ts": "2026-01-02T03:04:03Z", "title": "Un zébu"},
    ]
    assert page_list([warc], index) == expected  # the records the index lists, heads only
    assert page_list([warc]) == expected  # every record read
