"""Output safety: names from URLs or tags stay inside the output folder, and an output folder
holding another crawl is never silently overwritten.

A folder holds a crawl when it has `posts.jsonl`, `crawl-report.json` or WARC files. Crawling
into it again is refused with a clear error, unless ARCHIVER_OVERWRITE is set (`archiver crawl
--overwrite`): then posts.jsonl and crawl-report.json are replaced and the new WARC file is
added beside the earlier ones (WARC names carry their start time).

The output is always refused, --overwrite or not, when it is a file, when it cannot be created,
or when it is a folder holding things but no crawl: the dataset card alone would replace a
README.md there.
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


class OutputRefusedError(Exception):
    """The output cannot take a crawl: a file, not creatable, or a folder of other things."""


class OutputExistsError(OutputRefusedError):
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


def foreign(folder: Path) -> list[str]:
    """What `folder` holds when it is no archiver collection: nothing for an empty folder or
    one holding a crawl (its other files, the card's, indexes, a user's notes, belong to it).

    Hidden entries (`.gitkeep`, `.DS_Store`) are no one's data and do not count.
    """
    if previous_crawl(folder):
        return []
    shown = (p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
    return sorted(name for name in shown if not name.startswith("."))


def _refusal(folder: Path) -> str | None:
    """Why `folder` can never take a crawl, or None."""
    if folder.is_dir():
        others = foreign(folder)
        if not others:
            return None
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        return f"{folder} holds other things than an archiver collection ({shown})"
    if folder.exists():
        return f"{folder} is a file, not a folder"
    ancestor = next(p for p in folder.absolute().parents if p.exists())
    if not ancestor.is_dir():
        return f"{folder} cannot be created: {ancestor} is a file"
    return None


def check_output(folder: Path, *, overwrite: bool) -> None:
    """Raise OutputRefusedError when `folder` cannot take a crawl, OutputExistsError when it
    holds one and overwriting was not asked for."""
    refusal = _refusal(folder)
    if refusal is not None:
        raise OutputRefusedError(f"{refusal}: choose a new or empty folder for --output")
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
