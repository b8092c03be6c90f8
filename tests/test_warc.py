"""Tests for archiver.archive.warc: byte-exact output, read-back with warcio, header fixing."""

from __future__ import annotations

import gzip
import itertools
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.archive.warc import (
    REVISIT_PROFILE,
    Capture,
    Exchange,
    RecordLocation,
    WarcWriter,
    _RawHeaders,
    fix_framing,
    host_header,
    payload_digest,
    request_target,
)
from archiver.archive.warcrecord import record_bytes

GOLDEN = Path(__file__).parent / "fixtures" / "warc" / "golden-exchange.warc"
POST_URL = "http://blog.example.org/index.php?post/2006/12/24/Z%C3%A9bu"
INFO = {
    "software": "archiver/0.1.0 (test)",
    "format": "WARC File Format 1.1",
    "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
    "isPartOf": "archiver",
    "robots": "obey",
    "http-header-user-agent": "archiver-test/1.0",
    "operator": "",  # empty fields are left out
}
HTML = "<!DOCTYPE html>\n<html><body><h1>Zébu</h1></body></html>\n".encode()


def ids() -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"


def fixed_now() -> datetime:
    return datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def exchange(**changes: object) -> Exchange:
    fields: dict[str, object] = {
        "url": POST_URL,
        "method": "GET",
        "request_headers": [
            ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
            ("Accept-Language", "en"),
            ("User-Agent", "archiver-test/1.0"),
            ("Accept-Encoding", "gzip, deflate"),
        ],
        "request_body": b"",
        "protocol": "HTTP/1.1",
        "status": 200,
        "reason": "OK",
        "response_headers": [
            ("Date", "Mon, 06 May 2024 07:08:10 GMT"),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Transfer-Encoding", "chunked"),
            ("Set-Cookie", "dcxd=abc; path=/"),
            ("Set-Cookie", "lang=fr; path=/"),
        ],
        "body": HTML,
        "fetched_at": datetime(2024, 5, 6, 7, 8, 10, 654321, tzinfo=UTC),
        "ip": "192.0.2.7",
    }
    fields.update(changes)
    return Exchange(**fields)  # type: ignore[arg-type]


def write(path: Path, *exchanges: Exchange) -> list[RecordLocation]:
    with WarcWriter(path, INFO, record_id_factory=ids(), now=fixed_now) as writer:
        return [writer.write(ex) for ex in exchanges]


def read(path: Path) -> list[tuple[str, dict[str, list[str]], Any, bytes]]:
    """(type, WARC headers, HTTP headers, raw payload) per record, digests checked."""
    records = []
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh, check_digests="raise"):
            warc: dict[str, list[str]] = {}
            for name, value in rec.rec_headers.headers:
                warc.setdefault(name, []).append(value)
            records.append((rec.rec_type, warc, rec.http_headers, rec.raw_stream.read()))
    return records


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from warcio.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "check", "-v", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_golden_file_byte_exact(tmp_path: Path) -> None:
    path = tmp_path / "golden.warc.gz"
    [location] = write(path, exchange())
    assert location.record_id == "<urn:uuid:00000000-0000-4000-8000-000000000002>"
    assert location.payload_digest == "sha1:OMMT5BHVPEKAQYVDVFNLS6VHI4RJBISD"
    with gzip.open(path) as fh:
        assert fh.read() == GOLDEN.read_bytes()


def test_location_points_at_the_response_member(tmp_path: Path) -> None:
    path = tmp_path / "loc.warc.gz"
    first, second = write(path, exchange(), exchange(body=b"other"))
    assert first.as_meta() == {
        "filename": "loc.warc.gz",
        "offset": first.offset,
        "length": first.length,
        "record_id": "<urn:uuid:00000000-0000-4000-8000-000000000002>",
        "payload_digest": "sha1:OMMT5BHVPEKAQYVDVFNLS6VHI4RJBISD",
    }
    assert first.as_meta() == asdict(first)  # every field, should one be added
    assert second.record_id == "<urn:uuid:00000000-0000-4000-8000-000000000004>"
    data = path.read_bytes()
    for loc, body in ((first, HTML), (second, b"other")):
        member = data[loc.offset : loc.offset + loc.length]
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Record-ID"), r.content_stream().read())
            for r in ArchiveIterator(BytesIO(member))
        ]
        assert records == [("response", loc.record_id, body)]
        assert gzip.decompress(member).startswith(b"WARC/1.1\r\nWARC-Type: response\r\n")
    assert second.offset > first.offset + first.length  # the second request lies between


def test_one_gzip_member_per_record(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    write(path, exchange())
    data = path.read_bytes()
    # warcinfo + request + response: three gzip members, each starting with the magic
    assert data.count(b"\x1f\x8b\x08") == 3
    assert data.startswith(b"\x1f\x8b\x08")


def test_read_back(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    [location] = write(path, exchange())
    response_id, digest = location.record_id, location.payload_digest
    (t0, info, _, block), (t1, req, req_http, req_body), (t2, resp, http, payload) = read(path)
    assert (t0, t1, t2) == ("warcinfo", "request", "response")

    assert info["WARC-Filename"] == ["a.warc.gz"]
    assert info["WARC-Date"] == ["2024-05-06T07:08:09Z"]
    assert info["Content-Type"] == ["application/warc-fields"]
    assert b"format: WARC File Format 1.1\r\n" in block
    assert b"operator" not in block
    warcinfo_id = info["WARC-Record-ID"]

    for headers in (req, resp):
        assert headers["WARC-Warcinfo-ID"] == warcinfo_id
        assert headers["WARC-Target-URI"] == [POST_URL]
        assert headers["WARC-Date"] == ["2024-05-06T07:08:10Z"]  # seconds precision
        assert headers["WARC-IP-Address"] == ["192.0.2.7"]
    assert resp["WARC-Record-ID"] == [response_id]
    assert req["WARC-Concurrent-To"] == [response_id]
    assert resp["WARC-Payload-Digest"] == [digest]
    assert resp["Content-Type"] == ["application/http; msgtype=response"]
    assert req["Content-Type"] == ["application/http; msgtype=request"]

    assert req_http.protocol == "GET"
    assert req_http.statusline == "/index.php?post/2006/12/24/Z%C3%A9bu HTTP/1.1"
    assert req_http.headers[0] == ("Host", "blog.example.org")
    assert req_body == b""

    assert (http.protocol, http.statusline) == ("HTTP/1.1", "200 OK")
    assert payload == HTML
    # chunked: renamed and Content-Length added; Set-Cookie kept twice, in order
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("X-Orig-Transfer-Encoding") == "chunked"
    assert http.get_header("Content-Length") == str(len(HTML))
    cookies = [v for k, v in http.headers if k == "Set-Cookie"]
    assert cookies == ["dcxd=abc; path=/", "lang=fr; path=/"]

    result = warcio_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 3


def test_gzip_body_kept_compressed(tmp_path: Path) -> None:
    body = gzip.compress(HTML, mtime=0)
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("Content-Length", str(len(body))),
    ]
    path = tmp_path / "gz.warc.gz"
    write(path, exchange(response_headers=headers, body=body))
    *_, (_, _, http, payload) = read(path)
    assert payload == body
    assert http.headers == headers  # untouched: Content-Length already right
    assert warcio_check(path).returncode == 0


def test_wrong_content_length_kept_as_x_orig(tmp_path: Path) -> None:
    headers = [("Content-Length", "999"), ("Content-Type", "text/html")]
    path = tmp_path / "cl.warc.gz"
    write(path, exchange(response_headers=headers))
    *_, (_, _, http, payload) = read(path)
    assert payload == HTML
    assert http.headers == [
        ("X-Orig-Content-Length", "999"),
        ("Content-Length", str(len(HTML))),
        ("Content-Type", "text/html"),
    ]


@pytest.mark.parametrize(
    ("headers", "body", "may_have_body", "expected"),
    [
        ([("Content-Length", "3")], b"abc", True, [("Content-Length", "3")]),
        ([("A", "1")], b"abc", True, [("A", "1")]),  # length unknown: body ends with record
        (
            [("transfer-encoding", "chunked"), ("Content-Length", "3")],
            b"abc",
            True,
            [("X-Orig-Transfer-Encoding", "chunked"), ("Content-Length", "3")],
        ),
        (
            [("Content-Length", "3"), ("Content-Length", "3")],
            b"abc",
            True,
            [
                ("X-Orig-Content-Length", "3"),
                ("Content-Length", "3"),
                ("X-Orig-Content-Length", "3"),
            ],
        ),
        # HEAD / 304: Content-Length describes a body that was not sent
        ([("Content-Length", "1234")], b"", False, [("Content-Length", "1234")]),
        (
            [("Transfer-Encoding", "chunked")],
            b"",
            False,
            [("X-Orig-Transfer-Encoding", "chunked")],
        ),
    ],
)
def test_fix_framing(
    headers: list[tuple[str, str]],
    body: bytes,
    may_have_body: bool,
    expected: list[tuple[str, str]],
) -> None:
    assert fix_framing(headers, body, may_have_body=may_have_body) == expected


def test_head_and_not_modified_keep_content_length(tmp_path: Path) -> None:
    path = tmp_path / "head.warc.gz"
    write(
        path,
        exchange(method="HEAD", response_headers=[("Content-Length", "1234")], body=b""),
        exchange(status=304, reason="Not Modified", response_headers=[], body=b""),
    )
    records = read(path)
    assert records[1][2].protocol == "HEAD"
    assert records[2][2].headers == [("Content-Length", "1234")]
    assert records[4][2].statusline == "304 Not Modified"
    assert records[4][2].headers == []


def test_request_body_unknown_reason_and_raw_header_bytes(tmp_path: Path) -> None:
    path = tmp_path / "post.warc.gz"
    write(
        path,
        exchange(
            url="https://user:pw@blog.example.org:8443/a%2fb?q=%C3%A9&x#top",
            method="POST",
            request_headers=[("Content-Type", "application/x-www-form-urlencoded")],
            request_body=b"q=z%C3%A9bu",
            status=599,
            reason="",
            response_headers=[("X-Latin", "caf\xe9")],  # byte 0xE9 decoded as latin-1
            ip="2001:db8::1",
        ),
    )
    with gzip.open(path) as fh:
        raw = fh.read()
    assert b"POST /a%2fb?q=%C3%A9&x HTTP/1.1\r\nHost: blog.example.org:8443\r\n" in raw
    assert b"WARC-Target-URI: https://user:pw@blog.example.org:8443/a%2fb?q=%C3%A9&x\r\n" in raw
    assert b"HTTP/1.1 599 \r\nX-Latin: caf\xe9\r\n\r\n" in raw
    assert b"WARC-IP-Address: 2001:db8::1\r\n" in raw
    _, (_, _, _, req_body), (_, resp, _, _) = read(path)
    assert req_body == b"q=z%C3%A9bu"
    assert "WARC-Truncated" not in resp


def test_truncated(tmp_path: Path) -> None:
    path = tmp_path / "t.warc.gz"
    write(path, exchange(truncated="length"))
    assert read(path)[2][1]["WARC-Truncated"] == ["length"]


def test_fetched_at_converted_to_utc_and_naive_rejected(tmp_path: Path) -> None:
    paris = timezone(timedelta(hours=2))
    path = tmp_path / "tz.warc.gz"
    write(path, exchange(fetched_at=datetime(2024, 5, 6, 9, 8, 10, tzinfo=paris)))
    assert read(path)[2][1]["WARC-Date"] == ["2024-05-06T07:08:10Z"]
    with pytest.raises(ValueError, match="naive"):
        write(tmp_path / "naive.warc.gz", exchange(fetched_at=datetime(2024, 5, 6)))


def test_never_overwrites_and_refuses_after_close(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    writer = WarcWriter(path, INFO)
    writer.close()
    writer.close()  # idempotent
    with pytest.raises(ValueError, match="closed"):
        writer.write(exchange())
    with pytest.raises(FileExistsError):
        WarcWriter(path, INFO)


def test_flushed_after_each_record_and_open_until_closed(tmp_path: Path) -> None:
    path = tmp_path / "f.warc.gz"
    writer = WarcWriter(path, INFO)
    open_path = tmp_path / "f.warc.gz.open"
    assert not path.exists()
    size = open_path.stat().st_size
    assert size > 0 and size == writer.size
    writer.write(exchange())
    assert open_path.stat().st_size > size
    with gzip.open(open_path) as fh:  # readable as is, without closing the writer
        assert fh.read().count(b"WARC/1.1\r\n") == 3
    writer.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.warc.gz"]


@pytest.mark.parametrize(
    ("url", "target", "host"),
    [
        ("http://blog.example.org", "/", "blog.example.org"),
        ("http://blog.example.org?x=1", "/?x=1", "blog.example.org"),
        ("http://blog.example.org/a?", "/a?", "blog.example.org"),
        ("http://BLOG.EXAMPLE.ORG:80/p#frag", "/p", "BLOG.EXAMPLE.ORG"),
        ("https://blog.example.org:443/p", "/p", "blog.example.org"),
        ("http://blog.example.org:8080/p", "/p", "blog.example.org:8080"),
        ("http://[::1]:80/p", "/p", "[::1]"),
        ("http://[::1]/p", "/p", "[::1]"),
        ("http://blog.example.org/a b/é?q=é", "/a%20b/%C3%A9?q=%C3%A9", "blog.example.org"),
        (
            "http://blog.example.org/index.php?post/2006/12/24/Z%c3%a9bu",
            "/index.php?post/2006/12/24/Z%c3%a9bu",
            "blog.example.org",
        ),
    ],
)
def test_request_target_and_host(url: str, target: str, host: str) -> None:
    assert request_target(url) == target
    assert host_header(url) == host


def test_read_back_detects_a_corrupted_payload(tmp_path: Path) -> None:
    """Guards the tests themselves: check_digests="raise" really verifies digests."""
    path = tmp_path / "ok.warc.gz"
    write(path, exchange())
    with gzip.open(path) as fh:
        damaged = fh.read().replace(b"<h1>Z", b"<h1>X")
    bad = tmp_path / "bad.warc"
    bad.write_bytes(damaged)
    with pytest.raises(ArchiveLoadFailed, match="digest failed"):
        read(bad)
    assert warcio_check(bad).returncode == 1


GOLDEN_REVISIT = GOLDEN.with_name("golden-revisit-metadata.warc")


def write_revisit_and_metadata(path: Path) -> RecordLocation:
    earlier = Capture(POST_URL, "2024-05-01T00:00:00Z", "<urn:uuid:earlier>")
    with WarcWriter(path, INFO, record_id_factory=ids(), now=fixed_now) as writer:
        location = writer.write(exchange(), revisit_of=earlier)
        writer.write_metadata(
            exchange(), location.record_id, ["http://example.com/1", "http://example.com/é"]
        )
    return location


def test_revisit_and_metadata_golden_byte_exact(tmp_path: Path) -> None:
    path = tmp_path / "revisit.warc.gz"
    location = write_revisit_and_metadata(path)
    assert location.payload_digest == payload_digest(HTML)
    assert location.payload_digest == "sha1:OMMT5BHVPEKAQYVDVFNLS6VHI4RJBISD"  # as a response
    with gzip.open(path) as fh:
        assert fh.read() == GOLDEN_REVISIT.read_bytes()


def test_revisit_and_metadata_read_back(tmp_path: Path) -> None:
    path = tmp_path / "revisit.warc.gz"
    location = write_revisit_and_metadata(path)
    (_, _, _, _), (_, req, _, _), (t2, rev, http, body), (t3, meta, none, block) = read(path)
    assert (t2, t3) == ("revisit", "metadata")
    assert rev["WARC-Record-ID"] == [location.record_id] == req["WARC-Concurrent-To"]
    assert rev["WARC-Profile"] == [REVISIT_PROFILE]  # its bytes: in the golden record
    assert rev["WARC-Refers-To-Target-URI"] == [POST_URL]
    assert rev["WARC-Refers-To-Date"] == ["2024-05-01T00:00:00Z"]
    assert rev["WARC-Refers-To"] == ["<urn:uuid:earlier>"]
    assert rev["WARC-Payload-Digest"] == [payload_digest(HTML)]
    assert http.statusline == "200 OK" and body == b""
    assert http.get_header("Content-Length") == str(len(HTML))  # of the payload not stored
    assert meta["WARC-Concurrent-To"] == [location.record_id]
    assert meta["Content-Type"] == ["application/warc-fields"]
    assert none is None
    assert block == "outlink: http://example.com/1\r\noutlink: http://example.com/é\r\n".encode()
    assert warcio_check(path).returncode == 0


# --- record_bytes against warcio's WARCWriter ----------------------------------------------


def warcio_record(
    rec_type: str, headers: list[tuple[str, str]], http: _RawHeaders | None, block: bytes
) -> bytes:
    """The record as warcio's own writer builds and writes it (gzip off)."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version="1.1")
    record = writer.create_warc_record(
        "http://example.org/",
        rec_type,
        payload=BytesIO(block),
        length=len(block),
        warc_headers=StatusAndHeaders("", list(headers), protocol="WARC/1.1"),
        http_headers=http,
    )
    writer.write_record(record)
    return out.getvalue()


def raw_headers(kind: str, line: str, pairs: list[tuple[str, str]]) -> _RawHeaders | None:
    if kind == "none":
        return None
    if kind == "request":
        return _RawHeaders(f"GET {line} HTTP/1.1", list(pairs), is_http_request=True)
    return _RawHeaders(line, list(pairs), protocol="HTTP/1.1")


NAMES = st.sampled_from(["Content-Type", "content-type", "X-A", "Set-Cookie", "Content-Length"])
# Latin-1 text (wire bytes) and beyond it (warcio's %-encoding then applies).
VALUES = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF), max_size=12)
WARC_EXTRA = st.sampled_from(
    [
        ("WARC-Payload-Digest", "sha1:GIVEN"),
        ("WARC-Block-Digest", "sha1:GIVENBLOCK"),
        ("Content-Type", "application/warc-fields"),
        ("content-type", ""),
        ("WARC-Target-URI", "http://example.org/é"),
        ("Content-Length", "12"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    rec_type=st.sampled_from(["response", "request", "revisit", "metadata", "warcinfo", "x"]),
    extra=st.lists(WARC_EXTRA, max_size=3),
    http_kind=st.sampled_from(["none", "request", "response"]),
    line=st.sampled_from(["200 OK", "404 ", "/a?b=c", "599 Zé"]),
    pairs=st.lists(st.tuples(NAMES, VALUES), max_size=4),
    block=st.binary(max_size=40),
)
def test_record_bytes_are_warcios(
    rec_type: str,
    extra: list[tuple[str, str]],
    http_kind: str,
    line: str,
    pairs: list[tuple[str, str]],
    block: bytes,
) -> None:
    if rec_type in ("response", "request", "revisit") and http_kind == "none":
        http_kind = "response"  # the writer always gives these their HTTP head
    headers = [("WARC-Type", rec_type), ("WARC-Record-ID", "<urn:uuid:1>"), *extra]

    def ours() -> bytes:
        return record_bytes(rec_type, headers, raw_headers(http_kind, line, pairs), block)[1]

    def warcios() -> bytes:
        return warcio_record(rec_type, headers, raw_headers(http_kind, line, pairs), block)

    assert outcome(ours) == outcome(warcios)


def outcome(make: Callable[[], bytes]) -> bytes | str:
    """The bytes made, or the error raised (a reason phrase beyond ASCII with a header beyond
    Latin-1: warcio cannot encode it either)."""
    try:
        return make()
    except UnicodeError as exc:
        return type(exc).__name__


def test_record_bytes_names_what_it_wrote() -> None:
    http = _RawHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
    headers, data = record_bytes("response", [("WARC-Type", "response")], http, b"hi")
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
    assert headers == [
        ("WARC-Type", "response"),
        ("WARC-Payload-Digest", payload_digest(b"hi")),
        ("WARC-Block-Digest", payload_digest(head + b"hi")),
        ("Content-Type", "application/http; msgtype=response"),
        ("Content-Length", str(len(head) + 2)),
    ]
    assert data.endswith(b"\r\n\r\n" + head + b"hi\r\n\r\n")
    assert payload_digest(b"") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"
