"""Mending a killed crawl's files: WARC cut back to whole exchanges, JSONL to whole lines."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.archive.recovery import complete_length, mend_jsonl, mend_warc


def build_warc(pages: int) -> tuple[bytes, list[int]]:
    """A warcinfo then `pages` request/response pairs; returns the bytes and each record's end."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    ends = []
    writer.write_record(writer.create_warcinfo_record("t.warc.gz", {"software": "test"}))
    ends.append(out.tell())
    for n in range(pages):
        url = f"http://blog.example.org/post/{n}"
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(f"GET /post/{n} HTTP/1.1", [], is_http_request=True),
        )
        body = f"<p>page {n}</p>".encode() * 200
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),  # known length: warcio spools nothing to a temporary file
            http_headers=StatusAndHeaders("200 OK", [("Content-Length", str(len(body)))]),
        )
        writer.write_record(request)
        ends.append(out.tell())
        writer.write_record(response)
        ends.append(out.tell())
    return out.getvalue(), ends


def types(path: Path) -> list[str]:
    with path.open("rb") as fh:
        return [record.rec_type for record in ArchiveIterator(fh)]


WARC, ENDS = build_warc(3)  # ENDS: warcinfo, req0, resp0, req1, resp1, req2, resp2


@pytest.mark.parametrize(
    ("cut", "kept", "records"),
    [
        (len(WARC), len(WARC), 7),
        (ENDS[6] - 10, ENDS[4], 5),  # inside the last response's gzip member
        (ENDS[5], ENDS[4], 5),  # a request whose response never came
        (ENDS[5] + 3, ENDS[4], 5),  # the response's member barely begun
        (ENDS[0] + 1, ENDS[0], 1),  # only the warcinfo survives whole
        (5, 0, 0),
    ],
    ids=["intact", "mid-response", "lone-request", "response-begun", "warcinfo-only", "empty"],
)
def test_mend_warc_keeps_whole_exchanges(tmp_path: Path, cut: int, kept: int, records: int) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(WARC[:cut])
    mended = mend_warc(path)
    assert (mended.kept, mended.dropped) == (kept, cut - kept)
    assert path.stat().st_size == kept
    assert len(types(path)) == records
    if records:
        warcio = Path(sys.executable).with_name("warcio")
        assert subprocess.run([str(warcio), "check", str(path)]).returncode == 0


def test_garbage_after_the_last_record_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(WARC + b"\x1f\x8b\x08\x00garbage")
    assert complete_length(path) == len(WARC)
    assert mend_warc(path).dropped == len(b"\x1f\x8b\x08\x00garbage") == 11


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        (b'{"a": 1}\n{"b": 2}\n', b'{"a": 1}\n{"b": 2}\n'),
        (b'{"a": 1}\n{"b": ', b'{"a": 1}\n'),
        (b'{"a": ', b""),
        (b"", b""),
    ],
    ids=["whole", "half-line", "only-half", "empty"],
)
def test_mend_jsonl(tmp_path: Path, content: bytes, kept: bytes) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(content)
    mended = mend_jsonl(path)
    assert path.read_bytes() == kept
    assert mended.dropped == len(content) - len(kept)


def test_mend_jsonl_long_last_line(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    first = b'{"body": "' + b"x" * 200_000 + b'"}\n'
    path.write_bytes(first + b'{"body": "' + b"y" * 150_000)
    assert mend_jsonl(path).kept == len(first)
