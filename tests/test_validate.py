"""Tests for archiver.archive.validate: a good collection passes every check, and each deliberately
broken copy (made here from a good one) fails the checks it should, with a clear reason."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archiver.archive.indexing import build_collection
from archiver.archive.validate import Check, members, report, validate
from archiver.archive.warc import Exchange, WarcWriter

BASE = "http://blog.example.org"
PAGE = "<!DOCTYPE html>\n<html><head><title>Zébu</title></head><body>Zébu</body></html>\n"
INFO = {"software": "archiver test", "format": "WARC File Format 1.1"}
STRUCTURE = "structure of each WARC (our own reading)"
CHECKS = [
    "WARC files in {out}/warc",
    STRUCTURE,
    "CDXJ offsets point at their records (indexes/index.cdxj)",
    "pages list (pages/pages.jsonl)",
    "warcio check",
    "wacz validate",
]


def exchange(path: str, body: bytes, content_type: str) -> Exchange:
    return Exchange(
        url=BASE + path,
        method="GET",
        request_headers=[("User-Agent", "archiver-test/1.0")],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", content_type), ("Content-Length", str(len(body)))],
        body=body,
        fetched_at=datetime(2024, 5, 6, 7, 8, 10, tzinfo=UTC),
        ip="192.0.2.7",
    )


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good")
    (out / "warc").mkdir()
    with WarcWriter(out / "warc" / "test-20240506070809-00000.warc.gz", INFO) as writer:
        writer.write(exchange("/robots.txt", b"User-agent: *\n", "text/plain"))
        writer.write(exchange("/post/Zebu", PAGE.encode(), "text/html; charset=utf-8"))
    build_collection(out, wacz=True)
    return out


@pytest.fixture
def out(good: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(good, copy)
    return copy


def warc(out: Path) -> Path:
    [path] = sorted((out / "warc").glob("*.warc.gz"))
    return path


def edit_record(out: Path, number: int, change: Callable[[bytes], bytes]) -> None:
    """Replace record ``number`` (0: warcinfo) of the WARC by ``change`` of its bytes."""
    path = warc(out)
    parts = [raw for _, _, raw in members(path)]
    parts[number] = change(parts[number])
    path.write_bytes(b"".join(gzip.compress(p, mtime=0) for p in parts))


def failures(out: Path) -> dict[str, list[str]]:
    return {c.name: c.problems for c in validate(out) if not c.ok}


def test_a_good_collection_passes_every_check(good: Path) -> None:
    checks = validate(good)
    assert [c.name for c in checks] == [n.format(out=good) for n in CHECKS]
    assert [c.problems for c in checks] == [[]] * len(CHECKS)
    assert report(good, checks).splitlines()[-1] == "valid"


def test_members_are_the_records(good: Path) -> None:
    found = [(raw.split(b"\r\n", 2)[1], offset, size) for offset, size, raw in members(warc(good))]
    assert [kind for kind, _, _ in found] == [b"WARC-Type: warcinfo"] + [
        b"WARC-Type: request",
        b"WARC-Type: response",
    ] * 2
    offsets = [offset for _, offset, _ in found]
    sizes = [size for _, _, size in found]
    assert offsets == [sum(sizes[:i]) for i in range(len(sizes))]
    assert sum(sizes) == warc(good).stat().st_size


def test_wrong_content_length(out: Path) -> None:
    # the response of /robots.txt: its block grows by one byte but Content-Length does not
    [(offset, _, raw)] = [m for i, m in enumerate(members(warc(out))) if i == 2]
    length = int(raw.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0])
    edit_record(out, 2, lambda raw: raw[:-4] + b"!\r\n\r\n")
    found = failures(out)
    assert found[STRUCTURE][0] == (
        f"{warc(out).name}: record at {offset}: Content-Length {length} "
        f"but the block has {length + 1} bytes"
    )
    # warcio reads Content-Length bytes and skips what follows: only our check sees it
    # (and the recompressed records no longer lie where the index says)
    assert sorted(found) == sorted([STRUCTURE, CHECKS[2]])


def test_two_warc_versions_in_one_file(out: Path) -> None:
    edit_record(out, 1, lambda raw: raw.replace(b"WARC/1.1\r\n", b"WARC/1.0\r\n", 1))
    found = failures(out)
    assert found[STRUCTURE] == [
        f"{warc(out).name}: WARC versions ['WARC/1.0', 'WARC/1.1'], expected only WARC/1.1"
    ]


def test_missing_mandatory_fields(out: Path) -> None:
    def drop(raw: bytes) -> bytes:
        head, _, rest = raw.partition(b"\r\n\r\n")
        kept = [
            line
            for line in head.split(b"\r\n")
            if not line.startswith((b"WARC-Date:", b"WARC-Target-URI:"))
        ]
        return b"\r\n".join(kept) + b"\r\n\r\n" + rest

    edit_record(out, 4, drop)  # the response of /post/Zebu
    found = failures(out)
    offset = [o for o, _, _ in members(warc(out))][4]
    name = warc(out).name
    assert found[STRUCTURE] == [
        f"{name}: record at {offset}: no WARC-Date",
        f"{name}: record at {offset} (response): no WARC-Target-URI",
    ]


def test_corrupted_payload(out: Path) -> None:
    edit_record(out, 4, lambda raw: raw.replace("<body>Zébu".encode(), b"<body>Zebu!"))
    found = failures(out)
    offset = [o for o, _, _ in members(warc(out))][4]
    name = warc(out).name
    assert found[STRUCTURE] == [
        f"{name}: record at {offset}: WARC-Block-Digest does not match the block",
        f"{name}: record at {offset}: WARC-Payload-Digest does not match the payload",
    ]
    assert "warcio check" in found


def test_truncated_warc(out: Path) -> None:
    path = warc(out)
    *_, request, last = [offset for offset, _, _ in members(path)]
    path.write_bytes(path.read_bytes()[:-10])
    found = failures(out)
    assert found[STRUCTURE] == [
        f"{path.name}: unreadable after 4 records: truncated gzip member at offset {last}",
        # the request of the lost response points at nothing
        f"{path.name}: record at {request}: WARC-Concurrent-To unknown",
    ]


def test_cdxj_offset_off_by_one(out: Path) -> None:
    index = out / "indexes" / "index.cdxj"
    lines = index.read_text().splitlines()
    key, stamp, blob = lines[0].split(" ", 2)
    entry = json.loads(blob)
    entry["offset"] = str(int(entry["offset"]) + 1)
    index.write_text("\n".join([f"{key} {stamp} {json.dumps(entry)}", *lines[1:]]) + "\n")
    place = (entry["filename"], int(entry["offset"]))
    assert failures(out) == {
        "CDXJ offsets point at their records (indexes/index.cdxj)": [
            f"line 1: no record of {entry['length']} bytes at {place}"
        ]
    }


def test_missing_pages_list(out: Path) -> None:
    (out / "pages" / "pages.jsonl").unlink()
    assert failures(out) == {
        "pages list (pages/pages.jsonl)": [f"{out / 'pages' / 'pages.jsonl'} is missing"]
    }


def test_page_never_captured(out: Path) -> None:
    pages = out / "pages" / "pages.jsonl"
    extra = {"url": BASE + "/never", "ts": "2024-05-06T07:08:10Z", "title": "Never"}
    pages.write_text(pages.read_text() + json.dumps(extra) + "\n")
    assert failures(out) == {"pages list (pages/pages.jsonl)": [f"page not captured: {BASE}/never"]}


def test_unclosed_warc(out: Path) -> None:
    left = out / "warc" / "test-20240506080000-00001.warc.gz.open"
    shutil.copyfile(warc(out), left)
    assert failures(out) == {f"WARC files in {out}/warc": [f"{left.name}: never closed"]}


def test_no_wacz_no_wacz_check(out: Path) -> None:
    """A crawl makes no WACZ unless asked (archiver package makes it later): not a failure."""
    (out / "archive.wacz").unlink()
    checks = validate(out)
    assert [c.name for c in checks] == [n.format(out=out) for n in CHECKS[:-1]]
    assert [c.problems for c in checks] == [[]] * (len(CHECKS) - 1)


def test_broken_wacz(out: Path) -> None:
    wacz = out / "archive.wacz"
    with zipfile.ZipFile(wacz) as old, zipfile.ZipFile(out / "new.wacz", "w") as new:
        for item in old.infolist():
            if item.filename != "datapackage.json":
                new.writestr(item, old.read(item))
    (out / "new.wacz").replace(wacz)
    assert list(failures(out)) == ["wacz validate"]


def test_command_exit_status_and_report(good: Path, out: Path) -> None:
    (out / "pages" / "pages.jsonl").unlink()
    runs = {}
    for folder in (good, out):
        done = subprocess.run(
            [sys.executable, "-m", "archiver.cli", "validate", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        runs[folder] = (done.returncode, done.stdout.splitlines())
    assert runs[good][0] == 0
    assert runs[good][1][-1] == "valid"
    assert runs[out][0] == 1
    assert "FAIL  pages list (pages/pages.jsonl)" in runs[out][1]
    # Without a pages list, the browser replay has no page to open either.
    assert "FAIL  replay in headless Chromium (archiver qa, 0 pages)" in runs[out][1]
    assert runs[out][1][-1] == "INVALID (2 of 7 checks failed)"


def test_check_line_limits_the_problems_shown() -> None:
    check = Check("x", [f"p{i}" for i in range(12)])
    assert check.line().splitlines() == ["FAIL  x"] + [f"      - p{i}" for i in range(10)] + [
        "      ... 2 more"
    ]
