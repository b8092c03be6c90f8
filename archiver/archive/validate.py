"""Check a crawl's output as a preservation archive; used by ``archiver validate``.

Three families of checks, each reported on its own line:

* ``warcio check`` on every WARC and ``wacz validate`` on the package if there is one
  (the field's tools; a crawl makes it on demand: ``archiver package``);
* our own structural reading of each ``.warc.gz``, independent of warcio: one gzip member
  per record, one WARC version per file, a ``warcinfo`` record first, the mandatory
  fields of WARC 1.1 (``WARC-Record-ID``, ``Content-Length``, ``WARC-Date``,
  ``WARC-Type``) plus ``WARC-Target-URI``/``WARC-Warcinfo-ID`` on HTTP records,
  ``Content-Length`` equal to the block's length, the block then the two CRLFs, block and
  payload digests, request and revisit records that point at existing records;
* the CDXJ index: each line's ``offset``/``length`` is a record of that file, with that
  URL, date and kind; the pages list exists, has a header and only captured URLs.

A WARC still named ``.open`` (a crawl that did not end) is a failure too.

`browser_check` adds ``archiver qa``'s default sample (qa.py) when Chromium is installed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archiver.archive import qa
from archiver.archive.indexing import CDXJ_NAME, PAGES_NAME, WACZ_NAME, collection_warcs
from archiver.archive.warc import NOT_MODIFIED_PROFILE, OPEN_SUFFIX

MANDATORY = ("WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type")
HTTP_TYPES = ("request", "response", "revisit", "metadata")
CHUNK = 1 << 16


@dataclass
class Check:
    name: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self, limit: int = 10) -> str:
        head = f"{'PASS' if self.ok else 'FAIL'}  {self.name}"
        shown = [f"      - {p}" for p in self.problems[:limit]]
        more = len(self.problems) - limit
        return "\n".join([head, *shown] + ([f"      ... {more} more"] if more > 0 else []))


@dataclass(frozen=True)
class Record:
    offset: int
    length: int  # compressed
    version: str
    fields: dict[str, str]  # first value of each field
    block: bytes
    trailer: bytes


def members(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(offset, compressed length, decompressed bytes) of each gzip member of ``path``."""
    with path.open("rb") as fh:
        offset, pending = 0, b""
        while True:
            data = pending or fh.read(CHUNK)
            if not data:
                return
            inflater, out, used = zlib.decompressobj(16 + zlib.MAX_WBITS), [], 0
            while not inflater.eof:
                if not data:
                    raise ValueError(f"truncated gzip member at offset {offset}")
                out.append(inflater.decompress(data))
                used += len(data) - len(inflater.unused_data)
                pending = inflater.unused_data
                data = b"" if inflater.eof else fh.read(CHUNK)
            yield offset, used, b"".join(out)
            offset += used


def parse_record(offset: int, length: int, raw: bytes) -> Record:
    head, sep, rest = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("no end of WARC header (CRLF CRLF)")
    version, *lines = head.decode("utf-8").split("\r\n")
    fields: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f"malformed header line {line!r}")
        fields.setdefault(name.strip(), value.strip())
    # one record per gzip member: the block is what lies between the header and the end
    block = rest[:-4] if rest.endswith(b"\r\n\r\n") else rest
    return Record(offset, length, version, fields, block, rest[len(block) :])


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def record_problems(rec: Record) -> list[str]:
    where = f"record at {rec.offset}"
    problems = [f"{where}: no {name}" for name in MANDATORY if name not in rec.fields]
    kind = rec.fields.get("WARC-Type", "")
    if kind in HTTP_TYPES:
        for name in ("WARC-Target-URI", "WARC-Warcinfo-ID"):
            if name not in rec.fields:
                problems.append(f"{where} ({kind}): no {name}")
    if rec.fields.get("Content-Length", "").isdigit():
        if int(rec.fields["Content-Length"]) != len(rec.block):
            problems.append(
                f"{where}: Content-Length {rec.fields['Content-Length']} "
                f"but the block has {len(rec.block)} bytes"
            )
    else:
        problems.append(f"{where}: Content-Length is not a number")
    if rec.trailer != b"\r\n\r\n":
        problems.append(f"{where}: the record does not end with CRLF CRLF")
    block_digest = rec.fields.get("WARC-Block-Digest")
    if block_digest and block_digest != sha1_b32(rec.block):
        problems.append(f"{where}: WARC-Block-Digest does not match the block")
    payload_digest = rec.fields.get("WARC-Payload-Digest")
    if kind == "response" and payload_digest:
        payload = rec.block.partition(b"\r\n\r\n")[2]
        if payload_digest != sha1_b32(payload):
            problems.append(f"{where}: WARC-Payload-Digest does not match the payload")
    not_modified = rec.fields.get("WARC-Profile") == NOT_MODIFIED_PROFILE
    if kind in ("response", "revisit") and not payload_digest and not not_modified:
        problems.append(f"{where} ({kind}): no WARC-Payload-Digest")
    if kind == "revisit" and not_modified:
        if not rec.block.startswith((b"HTTP/1.1 304", b"HTTP/1.0 304")):
            problems.append(f"{where} (server-not-modified revisit): not a 304 answer")
        for name in ("WARC-Refers-To-Target-URI", "WARC-Refers-To-Date"):
            if name not in rec.fields:
                problems.append(f"{where} (server-not-modified revisit): no {name}")
    return problems


def read_warc(path: Path, check: Check) -> list[Record]:
    """Read ``path`` record by record, adding what is wrong with it to ``check``."""
    records: list[Record] = []
    try:
        for offset, length, raw in members(path):
            records.append(parse_record(offset, length, raw))
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        check.problems.append(f"{path.name}: unreadable after {len(records)} records: {exc}")
    if not records:
        check.problems.append(f"{path.name}: no records")
        return records
    versions = sorted({r.version for r in records})
    if versions != ["WARC/1.1"]:
        check.problems.append(f"{path.name}: WARC versions {versions}, expected only WARC/1.1")
    if records[0].fields.get("WARC-Type") != "warcinfo":
        check.problems.append(f"{path.name}: first record is not warcinfo")
    ids = {r.fields.get("WARC-Record-ID") for r in records}
    for rec in records:
        check.problems += [f"{path.name}: {p}" for p in record_problems(rec)]
        for name in ("WARC-Concurrent-To", "WARC-Warcinfo-ID"):
            target = rec.fields.get(name)
            if target and target not in ids:
                check.problems.append(f"{path.name}: record at {rec.offset}: {name} unknown")
    return records


def check_cdxj(output: Path, records: dict[str, list[Record]]) -> Check:
    check = Check(f"CDXJ offsets point at their records ({CDXJ_NAME})")
    index = output / CDXJ_NAME
    if not index.is_file():
        check.problems.append(f"{index} is missing")
        return check
    by_place = {(name, r.offset): r for name, recs in records.items() for r in recs}
    for number, line in enumerate(index.read_text(encoding="utf-8").splitlines(), 1):
        try:
            _, stamp, blob = line.split(" ", 2)
            entry = json.loads(blob)
            place = (entry["filename"], int(entry["offset"]))
            length = int(entry["length"])
        except (ValueError, KeyError) as exc:
            check.problems.append(f"line {number}: unreadable ({exc})")
            continue
        rec = by_place.get(place)
        date = "".join(c for c in (rec.fields.get("WARC-Date", "") if rec else "") if c.isdigit())
        if rec is None or rec.length != length:
            check.problems.append(f"line {number}: no record of {length} bytes at {place}")
        elif rec.fields.get("WARC-Target-URI") != entry.get("url") or date[:14] != stamp:
            check.problems.append(f"line {number}: the record at {place} is another capture")
    return check


def check_pages(output: Path, records: dict[str, list[Record]]) -> Check:
    check = Check(f"pages list ({PAGES_NAME})")
    pages = output / PAGES_NAME
    if not pages.is_file():
        check.problems.append(f"{pages} is missing")
        return check
    captured = {
        r.fields.get("WARC-Target-URI")
        for recs in records.values()
        for r in recs
        if r.fields.get("WARC-Type") in ("response", "revisit")
    }
    try:
        lines = [json.loads(line) for line in pages.read_text(encoding="utf-8").splitlines()]
    except ValueError as exc:
        check.problems.append(f"not JSON lines: {exc}")
        return check
    if not lines or "format" not in lines[0]:
        check.problems.append("no header line with a format")
    entries = lines[1:]
    if not entries:
        check.problems.append("no pages")
    for page in entries:
        if not page.get("url") or not page.get("ts") or not page.get("title"):
            check.problems.append(f"page without url, ts or title: {page}")
        elif page["url"] not in captured:
            check.problems.append(f"page not captured: {page['url']}")
    return check


def _tool(name: str, code: str, args: list[str]) -> Check:
    check = Check(name)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        text = (done.stdout + done.stderr).strip().splitlines()
        check.problems += text[-10:] or [f"exit status {done.returncode}"]
    return check


def validate(output: Path) -> list[Check]:
    """Every check of ``output``; an empty ``problems`` list means passed."""
    warcs = collection_warcs(output)
    files = Check(f"WARC files in {output / 'warc'}")
    if not warcs:
        files.problems.append("no *.warc.gz file")
    files.problems += [f"{p.name}: never closed" for p in (output / "warc").glob(f"*{OPEN_SUFFIX}")]
    structure = Check("structure of each WARC (our own reading)")
    records = {path.name: read_warc(path, structure) for path in warcs}
    checks = [files, structure, check_cdxj(output, records), check_pages(output, records)]
    warcio = "import sys; from warcio.cli import main; sys.exit(main(sys.argv[1:]))"
    if warcs:
        checks.append(_tool("warcio check", warcio, ["check", *map(str, warcs)]))
    wacz = output / WACZ_NAME
    if wacz.is_file():
        code = "import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"
        checks.append(_tool("wacz validate", code, ["validate", "-f", str(wacz)]))
    return checks


def browser_check(output: Path, kinds: Callable[[str], qa.KindOf] = qa.route_kind) -> Check:
    """`archiver qa`'s default sample replayed in headless Chromium: no failed same-host
    sub-request, no leak. Raises qa.ChromiumNotFound when there is no Chromium to drive."""
    chromium = qa.find_chromium()
    pages = qa.read_pages(output) if (output / PAGES_NAME).is_file() else []
    chosen = qa.sample(pages, kinds(pages[0].url)) if pages else []
    check = Check(f"replay in headless Chromium (archiver qa, {len(chosen)} pages)")
    if not chosen:
        check.problems.append("no pages to open")
        return check
    for page in qa.run_qa(output, chosen, chromium).pages:
        if not page.ok:
            failed, leaks = len(page.failed_same_host), len(page.leaks)
            error = f", {page.error}" if page.error else ""
            check.problems.append(f"{page.url}: {failed} failed same-host, {leaks} leaks{error}")
    return check


def report(output: Path, checks: list[Check], notes: Sequence[str] = ()) -> str:
    failed = sum(not c.ok for c in checks)
    verdict = "valid" if not failed else f"INVALID ({failed} of {len(checks)} checks failed)"
    return "\n".join([f"Validating {output}", *(c.line() for c in checks), *notes, verdict])
