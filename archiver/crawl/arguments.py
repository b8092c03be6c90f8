"""Spider arguments: what `scrapy crawl -a`, Scrapyd's schedule.json and `archiver crawl` pass.

Arguments that are settings become settings here, while they are still open; and the shapes of
what earlier runs hand the spider (`--resume`, `--update`), read by the operations layer
(`archiver.ops.resume.Previous`, `archiver.ops.update.Known`, named by the settings
ARCHIVER_RESUME_STATE and ARCHIVER_UPDATE_STATE).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from scrapy.http import Response
from scrapy.settings import Settings
from w3lib.url import safe_url_string

from archiver.crawl.archived import apply_spider_arguments
from archiver.dataset.records import FeedEntry

UPDATE_NAME = "posts.update.jsonl"  # the posts an update crawl fetched, merged at its end


class PreviousRun(Protocol):
    """What an interrupted run left (--resume): `archiver.ops.resume.Previous`."""

    kept: int

    def responses(self) -> Iterator[Response]: ...

    def embedded(self) -> Iterator[Response]: ...


class KnownPosts(Protocol):
    """What earlier crawls left (--update): `archiver.ops.update.Known`."""

    @property
    def posts(self) -> Mapping[str, Any]: ...

    def knows(self, url: str) -> bool: ...

    def validators(self, url: str) -> object | None: ...

    def edited_since(self, entry: FeedEntry) -> bool: ...

    def has_news(self, url: str, comment_date: str | None) -> bool: ...

    def feed_starts_after(self, entries: list[FeedEntry]) -> bool: ...


def flag(value: Any) -> bool:
    return str(value or "").lower() in ("1", "true", "yes")


def split_urls(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    return [safe_url_string(url) for url in items if url]


def apply_arguments(settings: Settings, kwargs: dict[str, Any]) -> tuple[bool, bool]:
    """Settings from the spider's arguments; returns (resume, update)."""
    if kwargs.get("output"):
        settings.set("ARCHIVER_OUTPUT", kwargs["output"], priority="spider")
    apply_spider_arguments(settings, kwargs)  # from_archive=PREFIX, at=...
    if flag(kwargs.get("fast")):
        fast = settings.getdict("ARCHIVER_FAST_SETTINGS")
        settings.setdict(fast, priority="spider")
    if kwargs.get("requisites") is not None:  # requisites=0: a dataset-only crawl
        requisites = flag(kwargs["requisites"])
        settings.set("ARCHIVER_REQUISITES", requisites, priority="spider")
    if kwargs.get("requisites_hosts"):
        hosts = kwargs["requisites_hosts"]
        settings.set("ARCHIVER_REQUISITES_HOSTS", hosts, priority="spider")
    resume, update = flag(kwargs.get("resume")), flag(kwargs.get("update"))
    if resume and update:
        raise ValueError("resume and update are exclusive: resume first, then update")
    if flag(kwargs.get("full")) and not update:
        raise ValueError("full is an option of update: -a update=1 -a full=1")
    _route_feeds(settings, resume, update)
    return resume, update


def _route_feeds(settings: Settings, resume: bool, update: bool) -> None:
    if resume:  # append to posts.jsonl; the output folder holds the run to continue
        settings.set("ARCHIVER_OVERWRITE", True, priority="spider")
        feeds = settings.getdict("FEEDS")
        appending = {uri: {**options, "overwrite": False} for uri, options in feeds.items()}
        settings.set("FEEDS", appending, priority="spider")
    if update:  # posts fetched go aside, merged into posts.jsonl at the end (update.py)
        settings.set("ARCHIVER_OVERWRITE", True, priority="spider")
        feeds = settings.getdict("FEEDS")
        aside = {
            uri.replace("posts.jsonl", UPDATE_NAME): {**options, "overwrite": True}
            for uri, options in feeds.items()
        }
        settings.set("FEEDS", aside, priority="spider")
