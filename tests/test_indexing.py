"""The pages list of a collection: one entry per HTML page, at its latest capture, titled."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archiver.archive.indexing import page_list, write_cdxj
from archiver.archive.warc import Capture, WarcWriter
from tests.conftest import html_exchange

ROOT = "http://blog.example.org/"


def _at(second: int) -> datetime:
    return datetime(2026, 1, 2, 3, 4, second, tzinfo=UTC)


def test_a_revisit_is_titled_by_the_capture_of_its_payload(tmp_path: Path) -> None:
    zebu = "<html><head><title>Un zébu</title></head><body>z</body></html>".encode()
    other = b"<html><head><title>Autre</title></head><body>o</body></html>"
    warc = tmp_path / "a.warc.gz"
    with WarcWriter(warc, {}) as writer:
        first = writer.write(html_exchange(ROOT + "post/a", zebu, _at(1)))
        writer.write(html_exchange(ROOT + "post/c", other, _at(2)))
        earlier = Capture(ROOT + "post/a", "2026-01-02T03:04:01Z", first.record_id)
        writer.write(html_exchange(ROOT + "post/b", zebu, _at(3)), revisit_of=earlier)
        writer.write(html_exchange(ROOT + "post/c", other.replace(b"Autre", b"Encore"), _at(4)))
    index = tmp_path / "index.cdxj"
    write_cdxj([warc], index)
    expected = [
        {"url": ROOT + "post/a", "ts": "2026-01-02T03:04:01Z", "title": "Un zébu"},
        {"url": ROOT + "post/c", "ts": "2026-01-02T03:04:04Z", "title": "Encore"},
        {"url": ROOT + "post/b", "ts": "2026-01-02T03:04:03Z", "title": "Un zébu"},
    ]
    assert page_list([warc], index) == expected  # the records the index lists, heads only
    assert page_list([warc]) == expected  # every record read
