"""One collection from the folders of a distributed crawl's workers (`archiver merge`).

Each worker of `archiver crawl --redis` writes its own WARC files and a partial posts.jsonl
(docs/distributed.md). The merge gathers every worker's WARCs into `<output>/warc/` (symbolic
links to them, or copies with `copy=True`), indexes them all in one CDXJ for replay, and
rebuilds posts.jsonl from them (archiver/ops/extract.py): a post two workers both fetched
is one record. A `.open` WARC (its worker killed, or still running) is copied up to its last
whole exchange: the copy is what the index and the dataset read.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archiver.archive.indexing import write_cdxj
from archiver.archive.reading import whole_records
from archiver.archive.warc import OPEN_SUFFIX
from archiver.crawl.output import check_output
from archiver.ops.extract import expand, extract

logger = logging.getLogger(__name__)


@dataclass
class Merged:
    warcs: list[Path]  # as placed in <output>/warc
    cdxj: Path
    posts: int
    stats: dict[str, Any]


def place(source: Path, folder: Path, *, copy: bool) -> Path:
    """`source` in `folder`: a link to it, a copy, or the whole-record prefix of a `.open` one."""
    dest = folder / source.name.removesuffix(OPEN_SUFFIX)
    if dest.exists() or dest.is_symlink():
        raise ValueError(f"two WARC files are named {dest.name}: give each worker its own id")
    if source.name.endswith(OPEN_SUFFIX):
        with source.open("rb") as src, dest.open("wb") as out:
            shutil.copyfileobj(whole_records(src, source), out)
        logger.warning("Copied the whole records of %s (left open)", source)
    elif copy:
        shutil.copy2(source, dest)
    else:
        dest.symlink_to(source.resolve())
    return dest


def merge(
    folders: Sequence[Path], output: Path, *, copy: bool = False, urls: Sequence[str] = ()
) -> Merged:
    """Worker folders (or WARC files) -> one collection in `output`."""
    sources = [path for path in expand(folders) if output.resolve() not in path.resolve().parents]
    if not sources:
        raise ValueError(f"no WARC file in {', '.join(map(str, folders))}")
    check_output(output, overwrite=False)
    folder = output / "warc"
    folder.mkdir(parents=True, exist_ok=True)
    warcs = [place(source, folder, copy=copy) for source in sources]
    cdxj = output / "indexes" / "index.cdxj"
    write_cdxj(warcs, cdxj)
    stats, _ = extract(warcs, output, urls=urls)
    return Merged(warcs, cdxj, int(stats.get("archiver/posts", 0)), stats)
