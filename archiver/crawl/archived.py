"""What the spider knows of archive crawls (archiver/crawl/fromarchive.py does the work).

Apart from the middleware, which needs the reactor: the spider module is imported before
Scrapy installs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest

from archiver.archive.mementos import MEMENTO_META
from archiver.crawl.events import emit

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    from archiver.dataset.records import Post

# request.meta: {"original", "archive_url", "archived_at"}; WarcCapture reads it too.
ARCHIVE_META = MEMENTO_META

# Spider argument -> setting: `scrapy crawl`, Scrapyd and `archiver crawl` alike.
ARGUMENTS = {
    "from_archive": "ARCHIVER_FROM_ARCHIVE",
    "archive_api": "ARCHIVER_ARCHIVE_API",
    "at": "ARCHIVER_ARCHIVE_AT",
    "archive_from": "ARCHIVER_ARCHIVE_FROM",
    "archive_to": "ARCHIVER_ARCHIVE_TO",
}


def apply_spider_arguments(settings: Settings, arguments: dict[str, Any]) -> None:
    """The archive crawl's spider arguments as settings; robots.txt is not asked for.

    The blog's robots.txt is the blog's, whose host is never contacted; the archive is read
    through its documented APIs at the pace it asks for (docs/from-archive.md).
    """
    for argument, name in ARGUMENTS.items():
        if arguments.get(argument):
            settings.set(name, arguments[argument], priority="spider")
    if settings.get("ARCHIVER_FROM_ARCHIVE"):
        settings.set("ROBOTSTXT_OBEY", False, priority="spider")
        # The captures' validators are the blog's, not the archive's: no conditional requests.
        settings.set("ARCHIVER_CONDITIONAL", False, priority="spider")


def stamp_provenance(post: Post, meta: dict[str, Any]) -> None:
    """A post read from a memento names it (records 1.2); a live one says `source: live`."""
    info = meta.get(ARCHIVE_META)
    if info is None:
        return
    post.source = "archive"
    post.archived_at = info.get("archived_at")
    post.archive_url = info.get("archive_url")


# request.meta of a listing asked for again to rebuild a post: (post URL, listings left to try)
REBUILD_META = "archiver_rebuild"
REBUILT_EVENT = "rebuilt_from_listing"


def stamp_rebuilt(crawler: Crawler, post: Post, meta: dict[str, Any]) -> None:
    """A post read from a listing's memento (archiver/dotclear/rebuild.py) says so."""
    info = meta.get(ARCHIVE_META) or {}
    post.source = "archive"
    post.archived_at = info.get("archived_at")
    post.archive_url = post.rebuilt_from = info.get("archive_url")
    assert crawler.stats is not None
    crawler.stats.inc_value("archiver/archive/rebuilt")
    emit(crawler, REBUILT_EVENT, post.url, f"rebuilt from {post.rebuilt_from}")


class NotArchived(IgnoreRequest):
    """No capture to read this URL from: never captured, errors only, or the listing failed."""
