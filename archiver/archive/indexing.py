"""CDXJ index, pages list and WACZ package of a crawl's collection (its ``warc/`` folder).

Built at the end of a crawl by the capture extension: ``indexes/index.cdxj`` (sorted, one
line per response and revisit record, ``filename`` relative to ``warc/``), the lines
cdxj-indexer writes. The crawl made its own records' lines as it wrote them
(archiver/archive/liveindex.py); they are sorted here with those of the collection's
earlier WARC files, taken from the index already there (cdxj-indexer indexes any WARC it
does not list). Without the crawl's lines (`archiver merge`, a tool's own use), cdxj-indexer
indexes every WARC. The WACZ package ``archive.wacz`` is made on demand (`archiver crawl
--wacz`, ARCHIVER_WACZ_ENABLED, or later `archiver package`): wacz writes a WACZ 1.1.1
package holding every WARC of the collection (earlier crawls' too: revisit records point
into them), its own ZipNum index, ``datapackage.json``, ``datapackage-digest.json`` and
``pages/pages.jsonl`` (a second copy of the WARCs, hence not by default).

Both index through archiver/archive/replay_index.py, which leaves the 304 answers of update crawls
(server-not-modified revisits) out of the indexes: pywb would replay them as empty 304s.

``pages/pages.jsonl`` lists each HTML page fetched with status 200 (posts, listings,
archives...) once, at its latest capture, with the ``<title>`` of its body (for a revisit,
the title of the earlier capture of the same payload). The records are found through the
CDXJ index, and only their heads inflated: the WARC is not read through a second time;
the crawl's own pages come with their titles, found as they were captured.
"""

from __future__ import annotations

import itertools
import json
import logging
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cdxj_indexer.main import SortingWriter

from archiver.archive.child import child_env
from archiver.archive.heads import (
    FILE_SHIFT,
    PageCapture,
    all_captures,
    head_capture,
    index_spots,
    indexed_captures,
)
from archiver.archive.liveindex import LiveIndex

logger = logging.getLogger(__name__)

CDXJ_NAME = "indexes/index.cdxj"
PAGES_NAME = "pages/pages.jsonl"
WACZ_NAME = "archive.wacz"
# Characters of CDXJ lines sorted in memory, the rest in runs merged from temporary files: the
# crawl's close is its peak of memory (8M characters held 10 MB at 20,000 posts, 2M: 2.5 MB).
SORT_BUFFER = 2 * 1024 * 1024
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


@dataclass(frozen=True)
class Built:
    warcs: list[Path]
    cdxj: Path
    pages_file: Path
    pages: int
    wacz: Path | None


def collection_warcs(output: Path) -> list[Path]:
    """Closed WARC files of the collection, in name (= time, serial) order."""
    return sorted((output / "warc").glob("*.warc.gz"))


def _run(module: str, args: list[str]) -> str:
    """Run a tool's command line in a child Python (they leak temporary files)."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        check=False,
        env=child_env(),  # archiver.archive.replay_index from a Scrapyd egg too
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done.stdout


def write_cdxj(warcs: list[Path], dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    args = ["--sort", "--post-append", "-o", str(dest), *map(str, warcs)]
    _run("archiver.archive.replay_index", ["cdxj", *args])  # 304 revisits left out of replay


def page_list(warcs: list[Path], index: Path | None = None) -> list[dict[str, str]]:
    """One entry per URL (its latest capture), in order of first capture.

    With `index`, the collection's CDXJ (cdxj-indexer lists every response and revisit
    record), only the heads of the records it lists are read.
    """
    return list(_pages(warcs, index))


def _pages(warcs: list[Path], index: Path | None) -> Iterator[dict[str, str]]:
    """`page_list`'s entries one at a time: a (date, title) pair a URL is what is held."""
    keep: set[str] | None = None  # the digests whose titles revisits need; None: all
    if index is None:
        captures = all_captures(warcs)
    else:
        spots, keep = index_spots(warcs, index)
        captures = indexed_captures(warcs, spots)
    return _latest(captures, keep)


def _latest(captures: Iterable[PageCapture], keep: set[str] | None) -> Iterator[dict[str, str]]:
    titles: dict[str, str] = {}
    latest: dict[str, tuple[str, str]] = {}
    for found, stamp, digest, title in captures:
        # Interned, as the list holds every page at the crawl's close, its peak of memory: a
        # post's URL is the string the crawl's set of posts holds already; pages fetched in
        # the same second share one date (145 bytes a page less).
        url, date = sys.intern(found), sys.intern(stamp)
        if title and (keep is None or digest in keep):
            titles[digest] = title
        if url not in latest or latest[url][0] <= date:
            latest[url] = (date, title or titles.get(digest) or url)
    for url, (date, title) in latest.items():
        yield {"url": url, "ts": date, "title": title}


def write_pages(pages: Iterable[dict[str, str]], dest: Path) -> int:
    """Write the pages list (its header line first); returns how many pages it lists."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with dest.open("w", encoding="utf-8") as out:
        out.write(json.dumps(PAGES_HEADER, ensure_ascii=False) + "\n")
        for page in pages:
            out.write(json.dumps(page, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_wacz(warcs: list[Path], pages_file: Path, dest: Path) -> None:
    """Package with wacz (written aside, then renamed); its messages go to the debug log."""
    tmp = dest.with_name("partial-" + dest.name)
    args = ["create", "-o", str(tmp), "-p", str(pages_file), *map(str, warcs)]
    out = _run("archiver.archive.replay_index", ["wacz", *args])
    logger.debug("wacz create: %s", out)
    unmatched = [line for line in out.splitlines() if "Invalid passed page" in line]
    if unmatched:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"wacz create: pages without a capture: {unmatched}")
    tmp.replace(dest)


def build_collection(output: Path, *, live: LiveIndex | None = None, wacz: bool = False) -> Built:
    """Index and list the pages of every closed WARC under ``output/warc``; package them
    too if `wacz`. `live`: the lines and pages of the crawl's own WARCs, made as written."""
    warcs = collection_warcs(output)
    if not warcs:
        raise FileNotFoundError(f"no WARC file in {output / 'warc'}")
    cdxj, pages_file = output / CDXJ_NAME, output / PAGES_NAME
    if live is not None and live.exact and set(live.files) <= {w.name for w in warcs}:
        pages = write_pages(_latest(*_live_collection(warcs, live, cdxj)), pages_file)
    else:
        write_cdxj(warcs, cdxj)
        pages = write_pages(_pages(warcs, cdxj), pages_file)
    packaged = output / WACZ_NAME if wacz else None
    if packaged is not None:
        write_wacz(warcs, pages_file, packaged)
    return Built(warcs, cdxj, pages_file, pages, packaged)


def package(output: Path) -> Path:
    """``archive.wacz`` of the collection, from its WARCs and the pages list the crawl made."""
    warcs, pages_file = collection_warcs(output), output / PAGES_NAME
    if not warcs or not pages_file.is_file():
        raise FileNotFoundError(f"{output} has no WARC files or no {PAGES_NAME}: crawl first")
    write_wacz(warcs, pages_file, output / WACZ_NAME)
    return output / WACZ_NAME


def _live_collection(
    warcs: list[Path], live: LiveIndex, dest: Path
) -> tuple[Iterator[PageCapture], set[str]]:
    """Write the sorted index of the collection; its page captures and revisited digests."""
    earlier = [path for path in warcs if path.name not in live.files]
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name("partial-" + dest.name)
    with partial.open("w", encoding="utf-8") as out:
        lines = SortingWriter(out, SORT_BUFFER)
        for line in itertools.chain(_earlier_lines(earlier, dest), live.lines()):
            lines.write(line)
        lines.flush()
    partial.replace(dest)
    keep = live.revisited
    if earlier:
        spots, keep = index_spots(warcs, dest)
    else:
        spots = []
    return _collection_captures(warcs, live, spots), keep


def _earlier_lines(earlier: list[Path], index: Path) -> Iterator[str]:
    """The index lines of `earlier` WARCs, one at a time: from `index` if it was written after
    them and lists them, else made by cdxj-indexer."""
    since = index.stat().st_mtime if index.is_file() else None
    fresh = {p.name for p in earlier if since is not None and p.stat().st_mtime <= since}
    listed: set[str] = set()
    if fresh:
        with index.open(encoding="utf-8") as old:
            for line in old:
                name = _filename(line)
                if name in fresh:
                    listed.add(name)
                    yield line
    missing = [path for path in earlier if path.name not in listed]
    if missing:
        made = index.with_name("earlier-" + index.name)
        write_cdxj(missing, made)
        with made.open(encoding="utf-8") as lines:
            yield from lines
        made.unlink()


def _filename(line: str) -> str:
    return str(json.loads(line.split(" ", 2)[2]).get("filename", ""))


def _collection_captures(
    warcs: list[Path], live: LiveIndex, spots: list[int]
) -> Iterator[PageCapture]:
    """Page captures file by file in collection order: the crawl's from `live`, the earlier
    files' through their `spots` in the index."""
    for n, path in enumerate(warcs):
        if path.name not in live.files:
            mine = [spot for spot in spots if spot >> FILE_SHIFT == n]
            yield from indexed_captures(warcs, mine)
            continue
        with path.open("rb") as fh:
            for url, date, digest, title, filename, offset, length in live.pages():
                if filename != path.name:
                    continue
                if title is None:  # a coded body: read as replay decodes it
                    found = head_capture(fh, offset, length)
                    if found is None:  # as the index's reading would: not a page
                        continue
                    title = found[3]
                yield url, date, digest, title
