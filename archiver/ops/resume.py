"""Resume an interrupted crawl (Ctrl-C, SIGTERM, kill -9) from what its output folder holds.

The WARC files are the crawl's commit log: a page is fetched once its response record is whole
on disk. On `--resume` (spider argument `resume=1`):

1. the files the killed run left half-written are mended (archiver/archive/recovery.py): the
   WARC cut back to its last whole exchange and renamed from `.open`, posts.jsonl to its last
   whole line;
2. the WARCs are read: every page answered (status below 500, 429 aside) counts as fetched and
   is not asked for again (`ResumeDupeFilter`);
3. the listing and feed pages fetched are routed again through the spider, from the WARC, so it
   learns the posts, feed dates and further pages they name, exactly as it did live;
4. the posts fetched but missing from posts.jsonl (killed between the two) are parsed from
   the WARC; the others are left alone: posts.jsonl is appended to, never rewritten.

Only the pages in flight when the crawl died are fetched twice, and robots.txt once per run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request, Response
from scrapy.settings import Settings
from w3lib.url import canonicalize_url

from archiver.archive.mementos import memento_meta
from archiver.archive.reading import Record
from archiver.archive.recovery import mend_jsonl, mend_warc
from archiver.archive.warc import OPEN_SUFFIX
from archiver.crawl.reach import REPLAYED_META
from archiver.dotclear import markup as dc
from archiver.ops.extract import Extractor, Location, open_record

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def _answered(status: int) -> bool:
    """A final answer, not to ask for again; server errors and 429 are asked for again."""
    return 0 < status < 500 and status != 429


def mend_output(output: Path) -> list[Path]:
    """Mend a killed crawl's files in place; returns the WARC files, in crawl order."""
    posts = output / "posts.jsonl"
    if posts.exists():
        mend_jsonl(posts)
    folder = output / "warc"
    for path in sorted(folder.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        mend_warc(path)
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        path.rename(final)
        logger.warning("Mended and closed %s, left open by an interrupted crawl", final)
    return sorted(folder.glob("*.warc.gz"))


def answers(extractor: Extractor, path: Path) -> Iterator[Record]:
    """The response and revisit records of a WARC file that hold an HTTP answer, in one
    reading with the extractor's scan (revisits resolve through the captures before them);
    bodies unread (read again at their offset when needed)."""
    for record in extractor.scanned(path, pages=False):
        if record.rec_type != "warcinfo" and record.http:
            yield record


def exported_posts(output: Path) -> set[str]:
    """Canonical URLs of the posts posts.jsonl already holds."""
    path = output / "posts.jsonl"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as fh:
        return {canonicalize_url(json.loads(line)["url"]) for line in fh if line.strip()}


@dataclass
class Previous:
    """What the interrupted run left: pages answered, and the captures to read again."""

    extractor: Extractor
    kept: int = 0  # posts posts.jsonl already holds
    fetched: set[str] = field(default_factory=set)  # canonical URLs
    pages: list[tuple[str, Location]] = field(default_factory=list)  # listings and feeds
    posts: list[tuple[str, Location]] = field(default_factory=list)  # posts not exported
    # Page requisites: stylesheets fetched and posts exported are read again for what they
    # name (what was in flight at the kill is asked for again, the rest is in the WARC).
    requisites: bool = True
    embeds: list[tuple[str, Location]] = field(default_factory=list)

    @classmethod
    def load(cls, output: Path, settings: Settings, start_urls: list[str]) -> Self:
        warcs = mend_output(output)
        previous = cls(Extractor(settings, start_urls))
        previous.requisites = settings.getbool("ARCHIVER_REQUISITES", True)
        exported = exported_posts(output)
        previous.kept = len(exported)
        for path in warcs:
            previous._read(path, exported)
        logger.info(
            "Resuming: %d pages already fetched, %d listings and feeds to route again, "
            "%d posts to write from the WARC",
            len(previous.fetched),
            len(previous.pages),
            len(previous.posts),
        )
        return previous

    def _read(self, path: Path, exported: set[str]) -> None:
        for record in answers(self.extractor, path):
            url = record.header("WARC-Target-URI")
            status = record.status
            if not _answered(status):
                continue
            key = canonicalize_url(url)
            self.fetched.add(key)
            kind = self._kind(url)
            if not 200 <= status < 300 or (kind is None and not self._css(record)):
                continue
            location = self.extractor.location(path, record)
            if kind is None:  # a stylesheet
                self.embeds.append((url, location))
            elif kind is dc.Kind.POST:
                if key not in exported:
                    self.posts.append((url, location))
                elif self.requisites:
                    self.embeds.append((url, location))
            else:
                self.pages.append((url, location))

    def _css(self, record: Record) -> bool:
        content_type = record.http_header("Content-Type")
        return self.requisites and content_type.lower().startswith("text/css")

    def _kind(self, url: str) -> dc.Kind | None:
        scope = self.extractor.scope_of(url)
        return scope.blog.kind(url) if scope else None

    def was_fetched(self, url: str) -> bool:
        return canonicalize_url(url) in self.fetched

    def embedded(self) -> Iterator[Response]:
        """Stylesheets and exported posts, read again for the requisites and links they name."""
        for url, location in self.embeds:
            with open_record(location.path, location.offset) as record:
                page = self.extractor.page(url, record)
            if page is not None:
                yield page.replace(request=Request(url, meta={REPLAYED_META: True}))

    def responses(self) -> Iterator[Response]:
        """Listing and feed pages first (all of them), then the posts not yet exported."""
        for url, location in self.pages + self.posts:
            with open_record(location.path, location.offset) as record:
                page = self.extractor.page(url, record)
                archived = memento_meta(record)  # --from-archive: the memento it came from
            if page is not None:
                # meta["warc"], as WarcCapture sets it live: where the post's page lies.
                meta = {"warc": location.as_field(), "warc_date": location.date, **archived}
                yield page.replace(request=Request(url, meta=meta))


class ResumeDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, which also counts as seen what an earlier run fetched."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        dupefilter = super().from_crawler(crawler)
        dupefilter.crawler = crawler
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        previous: Previous | None = getattr(self.crawler.spider, "previous", None)
        if previous is not None and previous.was_fetched(request.url):
            self.crawler.stats.inc_value("archiver/resume/skipped")  # type: ignore[union-attr]
            return True
        return super().request_seen(request)
