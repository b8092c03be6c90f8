"""CDXJ index, pages list and WACZ package of a crawl's collection (its ``warc/`` folder).

Built at the end of a crawl by the capture extension, with the field's own tools:
cdxj-indexer writes ``indexes/index.cdxj`` (sorted, one line per response, revisit and
request record, ``filename`` relative to ``warc/``) and wacz writes a WACZ 1.1.1 package
``archive.wacz`` holding every WARC of the collection (earlier crawls' too: revisit
records point into them), its own ZipNum index, ``datapackage.json``,
``datapackage-digest.json`` and ``pages/pages.jsonl``.

Both index through archiver/replay_index.py, which leaves the 304 answers of update crawls
(server-not-modified revisits) out of the indexes: pywb would replay them as empty 304s.

``pages/pages.jsonl`` lists each HTML page fetched with status 200 (posts, listings,
archives...) once, at its latest capture, with the ``<title>`` of its body (for a revisit,
the title of the earlier capture of the same payload).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
from lxml.etree import ParserError
from warcio.archiveiterator import ArchiveIterator

logger = logging.getLogger(__name__)

CDXJ_NAME = "indexes/index.cdxj"
PAGES_NAME = "pages/pages.jsonl"
WACZ_NAME = "archive.wacz"
TITLE_READ = 1024 * 1024  # bytes of a page's decoded body read to find its <title>
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Built:
    warcs: list[Path]
    cdxj: Path
    pages_file: Path
    pages: int
    wacz: Path


def collection_warcs(output: Path) -> list[Path]:
    """Closed WARC files of the collection, in name (= time, serial) order."""
    return sorted((output / "warc").glob("*.warc.gz"))


def _run(module: str, args: list[str]) -> str:
    """Run a tool's command line in a child Python (they leak temporary files)."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done.stdout


def write_cdxj(warcs: list[Path], dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    args = ["--sort", "--post-append", "-o", str(dest), *map(str, warcs)]
    _run("archiver.replay_index", ["cdxj", *args])  # 304 revisits left out of replay


def _title(body: bytes) -> str:
    try:
        doc = lxml.html.document_fromstring(body)
    except (ParserError, ValueError):
        return ""
    return " ".join((doc.findtext(".//title") or "").split())


def _html_ok(record: Any) -> bool:
    http = record.http_headers
    if http is None or http.get_statuscode() != "200":
        return False
    mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return mime in HTML_TYPES


def _captures(warcs: list[Path]) -> Iterator[tuple[str, str, str, str]]:
    """(url, WARC-Date, payload digest, title or "") of each 200 HTML response/revisit."""
    for path in warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "revisit") or not _html_ok(record):
                    continue
                headers = record.rec_headers
                # The <title> is in the head: a bounded read, so a gzip bomb stays small (#6).
                body = (
                    record.content_stream().read(TITLE_READ)
                    if record.rec_type == "response"
                    else b""
                )
                yield (
                    headers.get_header("WARC-Target-URI"),
                    headers.get_header("WARC-Date"),
                    headers.get_header("WARC-Payload-Digest") or "",
                    _title(body) if body else "",
                )


def page_list(warcs: list[Path]) -> list[dict[str, str]]:
    """One entry per URL (its latest capture), in order of first capture."""
    titles: dict[str, str] = {}
    latest: dict[str, dict[str, str]] = {}
    for url, date, digest, title in _captures(warcs):
        if title:
            titles[digest] = title
        page = {"url": url, "ts": date, "title": title or titles.get(digest) or url}
        if url not in latest or latest[url]["ts"] <= date:
            latest[url] = page
    return list(latest.values())


def write_pages(pages: list[dict[str, str]], dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    lines = [PAGES_HEADER, *pages]
    dest.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))


def write_wacz(warcs: list[Path], pages_file: Path, dest: Path) -> None:
    """Package with wacz (written aside, then renamed); its messages go to the debug log."""
    tmp = dest.with_name("partial-" + dest.name)
    args = ["create", "-o", str(tmp), "-p", str(pages_file), *map(str, warcs)]
    out = _run("archiver.replay_index", ["wacz", *args])
    logger.debug("wacz create: %s", out)
    unmatched = [line for line in out.splitlines() if "Invalid passed page" in line]
    if unmatched:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"wacz create: pages without a capture: {unmatched}")
    tmp.replace(dest)


def build_collection(output: Path) -> Built:
    """Index, list pages and package every closed WARC under ``output/warc``."""
    warcs = collection_warcs(output)
    if not warcs:
        raise FileNotFoundError(f"no WARC file in {output / 'warc'}")
    cdxj, pages_file, wacz = output / CDXJ_NAME, output / PAGES_NAME, output / WACZ_NAME
    write_cdxj(warcs, cdxj)
    pages = page_list(warcs)
    write_pages(pages, pages_file)
    write_wacz(warcs, pages_file, wacz)
    return Built(warcs, cdxj, pages_file, len(pages), wacz)
