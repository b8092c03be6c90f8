"""Output safety: names from URLs or tags stay inside the output folder, and an output folder
holding another crawl is never silently overwritten.

A folder holds a crawl when it has `posts.jsonl`, `crawl-report.json` or WARC files. Crawling
into it again is refused with a clear error, unless ARCHIVER_OVERWRITE is set (`archiver crawl
--overwrite`): then posts.jsonl and crawl-report.json are replaced and the new WARC file is
added beside the earlier ones (WARC names carry their start time).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

CRAWL_FILES = ("posts.jsonl", "crawl-report.json")
_UNSAFE = re.compile(r"[^\w.-]+")
MAX_NAME = 120


class OutputExistsError(Exception):
    """The output folder already holds a crawl."""


class UnsafeNameError(ValueError):
    """A name that would leave its folder."""


def previous_crawl(folder: Path) -> list[str]:
    """The files of an earlier crawl found in `folder` (names relative to it)."""
    found = [name for name in CRAWL_FILES if (folder / name).exists()]
    warc = folder / "warc"
    if warc.is_dir():
        found += sorted(f"warc/{p.name}" for p in warc.glob("*.warc*"))
    return found


def check_output(folder: Path, *, overwrite: bool) -> None:
    """Raise OutputExistsError when `folder` holds a crawl and overwriting was not asked for."""
    found = previous_crawl(folder)
    if found and not overwrite:
        shown = ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")
        raise OutputExistsError(
            f"{folder} already holds a crawl ({shown}): choose another --output, "
            "or pass --overwrite (setting ARCHIVER_OVERWRITE=1) to replace it"
        )


def safe_name(text: str, *, default: str = "_") -> str:
    """A file name from any text (a tag, a URL path): one path component, never "." or "..".

    Letters (accents included), digits, "-", "_" and "." are kept; every other run of
    characters, "/" and "\\" included, becomes "_".
    """
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip("._")[:MAX_NAME]
    return name or default


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, refusing a name that would resolve outside `folder`."""
    base = folder.resolve()
    path = (base / name).resolve()
    if path == base or base not in path.parents:
        raise UnsafeNameError(f"{name!r} would leave {folder}")
    return path


class OutputGuard:
    """Extension: refuse to start a crawl over another one, or with an unsafe WARC prefix."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        folder = Path(settings.get("ARCHIVER_OUTPUT") or "output")
        check_output(folder, overwrite=settings.getbool("ARCHIVER_OVERWRITE"))
        prefix = settings.get("ARCHIVER_WARC_PREFIX") or "archiver"
        if safe_name(prefix) != prefix:
            suggestion = safe_name(prefix)
            raise UnsafeNameError(
                f"ARCHIVER_WARC_PREFIX {prefix!r} is not a plain file name (try {suggestion!r})"
            )
        return cls()
