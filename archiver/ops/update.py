"""Incremental recrawl into the same output folder (`archiver crawl --update`, spider arg update=1).

What the earlier crawls left is the starting point: their WARC files (the latest capture of
each URL, with the ETag and Last-Modified it was served with) and posts.jsonl (the posts
known, and the latest comment each one has). The update crawl then:

* asks for every page it captured before with If-None-Match / If-Modified-Since
  (`ConditionalRequests`); a 304 is written as a server-not-modified revisit record and
  the spider reads the earlier capture instead, so it walks and parses as usual;
* walks each listing (home, tags, monthly archives) only until a page whose last post is
  known: the posts after it are older, hence known too (`--full` walks everything, and
  asks again for every known post, finding the ones gone); a tag's listing or a month held
  from earlier crawls is read again only for a post fetched that is (or was) in it
  (archiver/crawl/listingnews.py);
* reads the blog's comments feed: a known post with a comment newer than its record's
  latest is fetched again;
* writes the posts it fetched to posts.update.jsonl, merged into posts.jsonl once the
  crawl ends (`merge_posts`): new posts appended, a changed post replaced in place (same
  id) with `crawls.last_changed`, an unchanged one keeping its content with
  `crawls.last_seen` moved on, a post answered 404/410 marked `gone`, never deleted.

A crawl killed during an update leaves posts.jsonl as it was; its captures stay in warc/
and the next `--update` finds them.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import Settings
from w3lib.url import canonicalize_url

from archiver.archive.capture import NOT_MODIFIED_META
from archiver.archive.reading import Record
from archiver.archive.warc import Capture, RecordLocation
from archiver.crawl.arguments import UPDATE_NAME
from archiver.crawl.report import add_section
from archiver.crawl.start import COULD_NOT_START
from archiver.dataset.records import SCHEMA_VERSION, FeedEntry, crawls
from archiver.dotclear.dates import PARIS, parse_machine
from archiver.ops.diff import CHANGES_NAME, change_log
from archiver.ops.extract import Extractor, Location, open_record
from archiver.ops.resume import answers, mend_output

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

MERGE_COUNTS = ("new", "changed", "unchanged", "gone", "kept")
# Fields that may differ between two captures of an unchanged post.
VOLATILE = frozenset(["schema_version", "warc", "listings", "crawls", "gone"])


@dataclass(frozen=True)
class Stored:
    """The latest capture of a URL: its validators and the record holding its body."""

    url: str
    etag: str | None
    last_modified: str | None
    body: Location  # a 200 response record (or a revisit of identical payload)

    def capture(self) -> Capture:
        """The capture a 304 answer is a revisit of."""
        loc = self.body
        where = RecordLocation(
            loc.path.name, loc.offset, loc.length, loc.record_id, loc.payload_digest
        )
        return Capture(self.url, loc.date, loc.record_id, where)


@dataclass(frozen=True)
class KnownPost:
    """What posts.jsonl says of a post: enough to tell whether it has news."""

    url: str
    latest_comment: str | None  # ISO 8601, the newest comment's date
    last_seen: str | None  # crawls.last_seen: the latest capture of its page
    # Its tags and month then ("YYYY-MM", its published local date, as Dotclear files it): a
    # post fetched again has the listings of those it left read again too.
    tags: tuple[str, ...] = ()
    month: str | None = None


@dataclass
class Known:
    """The output folder's earlier crawls: captures by URL, posts by canonical URL."""

    extractor: Extractor
    stored: dict[str, Stored] = field(default_factory=dict)  # canonical URL ->
    posts: dict[str, KnownPost] = field(default_factory=dict)  # canonical URL ->
    last_capture: str = ""  # the latest WARC-Date of the earlier crawls

    @classmethod
    def load(cls, output: Path, settings: Settings, start_urls: list[str]) -> Self:
        warcs = mend_output(output) if (output / "warc").is_dir() else []
        known = cls(Extractor(settings, start_urls))
        for path in warcs:
            known._read(path)
        posts = output / "posts.jsonl"
        if posts.exists():
            for record in read_jsonl(posts):
                known.posts[canonicalize_url(record["url"])] = _known_post(record)
        logger.info(
            "Updating: %d posts known, %d pages captured before (latest %s)",
            len(known.posts),
            len(known.stored),
            known.last_capture or "never",
        )
        return known

    def _read(self, path: Path) -> None:
        for record in answers(self.extractor, path):
            date = record.header("WARC-Date")
            self.last_capture = max(self.last_capture, date)
            body = self._body(path, record)
            if body is None:
                continue
            url = record.header("WARC-Target-URI")
            key = canonicalize_url(url)
            before = self.stored.get(key)
            self.stored[key] = Stored(
                url,
                record.http_header("ETag") or (before.etag if before else None),
                record.http_header("Last-Modified") or (before.last_modified if before else None),
                body,
            )

    def _body(self, path: Path, record: Record) -> Location | None:
        """The 200 record holding this capture's body; None for any other answer."""
        status = record.status
        if record.rec_type == "response":
            return self.extractor.location(path, record) if status == 200 else None
        if status not in (200, 304):
            return None
        refers_to = record.header("WARC-Refers-To")
        digest = record.header("WARC-Payload-Digest")
        scan = self.extractor.scan
        return scan.by_id.get(refers_to) or (scan.by_digest.get(digest) if digest else None)

    def validators(self, url: str) -> Stored | None:
        return self.stored.get(canonicalize_url(url))

    def page(self, url: str, stored: Stored) -> Response | None:
        """The earlier capture as the spider got it (decoded as Scrapy decodes)."""
        with open_record(stored.body.path, stored.body.offset) as record:
            return self.extractor.page(url, record)

    def captured(self, record: dict[str, Any]) -> str:
        """When a record's page was captured, for records written before `crawls` (1.0)."""
        where = self.extractor.scan.by_id.get((record.get("warc") or {}).get("record_id", ""))
        stored = self.stored.get(canonicalize_url(record["url"]))
        return (
            (where.date if where else "")
            or (stored.body.date if stored else "")
            or (self.last_capture)
        )

    def knows(self, url: str) -> bool:
        return canonicalize_url(url) in self.posts

    def feed_starts_after(self, entries: list[FeedEntry]) -> bool:
        """Whether every entry of a (comments) feed is newer than the earlier crawls: then
        the feed may not reach back far enough to show every comment since."""
        last = instant(self.last_capture)
        if not entries or last is None:
            return False
        return all(_after(entry.published, last) for entry in entries)

    def edited_since(self, entry: FeedEntry) -> bool:
        """Whether a feed says a known post was edited after its page was last captured."""
        post = self.posts.get(canonicalize_url(entry.url))
        if post is None or not entry.updated or entry.updated == entry.published:
            return False
        seen = instant(post.last_seen)
        return seen is None or _after(entry.updated, seen, or_equal=True)

    def has_news(self, url: str, comment_date: str | None) -> bool:
        """Whether a comment dated `comment_date` (ISO 8601) is newer than the post's record."""
        post = self.posts.get(canonicalize_url(url))
        if post is None:
            return False
        if comment_date is None or post.latest_comment is None:
            return True
        when, latest = instant(comment_date), instant(post.latest_comment)
        return when is None or latest is None or when > latest


def instant(text: str | None) -> datetime | None:
    """An ISO 8601 moment to the second (parse_machine keeps minutes), else RFC 822's."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return parse_machine(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=PARIS)


def _after(date: str | None, moment: datetime, *, or_equal: bool = False) -> bool:
    when = instant(date)
    return when is not None and (when >= moment if or_equal else when > moment)


def _known_post(record: dict[str, Any]) -> KnownPost:
    parsed = [
        (when, c["published"])
        for c in record.get("comments") or []
        if c.get("published") and (when := instant(c["published"]))
    ]
    latest = max(parsed)[1] if parsed else None
    seen = (record.get("crawls") or {}).get("last_seen")
    tags = tuple(sys.intern(tag) for tag in record.get("tags") or ())  # a few names, repeated
    published = record.get("published")
    month = sys.intern(published[:7]) if published else None
    return KnownPost(record["url"], latest, seen, tags, month)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def content(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the fields that change when nothing in the post did."""
    return {name: value for name, value in record.items() if name not in VOLATILE}


@dataclass
class Merged:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    gone: int = 0
    kept: int = 0  # earlier records this crawl did not fetch


def _offsets(path: Path) -> dict[str, int]:
    """Canonical URL -> byte offset of its line in the update file (records stay on disk)."""
    offsets: dict[str, int] = {}
    if not path.exists():
        return offsets
    with path.open("rb") as fh:
        while True:
            offset = fh.tell()
            line = fh.readline()
            if not line:
                return offsets
            if line.strip():
                offsets.setdefault(canonicalize_url(json.loads(line)["url"]), offset)


def _line(fh: Any, offset: int) -> dict[str, Any]:
    fh.seek(offset)
    record: dict[str, Any] = json.loads(fh.readline())
    return record


def merge_posts(
    output: Path,
    gone: dict[str, tuple[str, int]],
    captured: Callable[[dict[str, Any]], str] | None = None,
) -> Merged:
    """posts.update.jsonl into posts.jsonl (rewritten aside, then renamed over it).

    `captured` dates the records an earlier version wrote without `crawls` (schema 1.0),
    which are brought to the current schema on the way.
    """
    posts, update = output / "posts.jsonl", output / UPDATE_NAME
    offsets = _offsets(update)
    merged = Merged()
    tmp = posts.with_name(posts.name + ".merging")
    with tmp.open("w", encoding="utf-8") as out, update.open("rb") as fresh_fh:
        for old in read_jsonl(posts) if posts.exists() else iter(()):
            key = canonicalize_url(old["url"])
            if "crawls" not in old and captured is not None:
                old = _upgraded(old, captured(old))
            offset = offsets.pop(key, None)
            record = _merge(old, _line(fresh_fh, offset) if offset is not None else None, merged)
            if key in gone:
                since, status = gone[key]
                record["gone"] = old.get("gone") or {"since": since, "status": status}
                merged.gone += 1
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for offset in sorted(offsets.values()):  # new posts, in the order they were fetched
            out.write(json.dumps(_line(fresh_fh, offset), ensure_ascii=False) + "\n")
            merged.new += 1
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(posts)
    update.unlink()
    return merged


def _upgraded(old: dict[str, Any], date: str) -> dict[str, Any]:
    """A schema 1.0 record as 1.1: its capture date as crawls, not gone."""
    return {**old, "schema_version": SCHEMA_VERSION, "crawls": crawls(date), "gone": None}


def _merge(old: dict[str, Any], fresh: dict[str, Any] | None, merged: Merged) -> dict[str, Any]:
    if fresh is None:
        merged.kept += 1
        return old
    history = old.get("crawls") or crawls(fresh["crawls"]["first_seen"])
    seen = fresh["crawls"]["last_seen"]
    if content(old) == content(fresh):
        merged.unchanged += 1
        record = {**old, "schema_version": fresh["schema_version"], "warc": fresh["warc"]}
        last_changed = history["last_changed"]
    else:
        merged.changed += 1
        record = {**fresh, "id": old["id"]}
        last_changed = seen
    record["listings"] = sorted(set(old.get("listings") or []) | set(fresh["listings"]))
    record["crawls"] = {
        "first_seen": history["first_seen"],
        "last_seen": seen,
        "last_changed": last_changed,
    }
    record["gone"] = None  # answered 200 again
    return record


class UpdateMerge:
    """Extension: merge posts.update.jsonl into posts.jsonl once the feed exporter closed it.

    Listed before DatasetCard in EXTENSIONS, so the card describes the merged file.
    """

    def __init__(self, crawler: Crawler, output: Path) -> None:
        self.crawler = crawler
        self.output = output

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler, Path(crawler.settings.get("ARCHIVER_OUTPUT") or "output"))
        crawler.signals.connect(ext.feed_exporter_closed, signal=signals.feed_exporter_closed)
        return ext

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def feed_exporter_closed(self) -> None:
        spider = self.crawler.spider
        if getattr(spider, "known", None) is None:
            return
        if self.stats.get_value("finish_reason") == COULD_NOT_START:
            return  # nothing fetched: the collection stays as it was
        if not (self.output / UPDATE_NAME).exists():
            (self.output / UPDATE_NAME).touch()  # nothing fetched: still a merge (gone posts)
        known: Known = spider.known  # type: ignore[union-attr]
        # changes.jsonl: what the merge changed, as `archiver diff` tells it (archiver/ops/diff.py)
        with change_log(self.output / "posts.jsonl", self.output / CHANGES_NAME) as changed:
            gone = getattr(getattr(spider, "recrawl", None), "gone", {})  # crawl/recrawl.py
            merged = merge_posts(self.output, gone, known.captured)
        counts = {name: getattr(merged, name) for name in MERGE_COUNTS}
        for name, value in counts.items():
            self.stats.set_value(f"archiver/update/{name}", value)
        log = {CHANGES_NAME: dict(sorted(changed.items()))}  # posts added, removed, edited
        add_section(self.output, "update", {**counts, **log})  # the report was written at close
        logger.info(
            "Merged into posts.jsonl: %d new, %d changed, %d unchanged, %d gone, %d kept",
            merged.new,
            merged.changed,
            merged.unchanged,
            merged.gone,
            merged.kept,
        )


class ConditionalRequests:
    """Downloader middleware: revalidate what an earlier crawl captured (update crawls only).

    A request for a URL captured before carries If-None-Match (its ETag) and
    If-Modified-Since (its Last-Modified). A 304 answer is replaced by the earlier capture
    (flag "not_modified"), after WarcCapture wrote it as a revisit of that capture. Placed
    after the decoding middlewares' process_response: the earlier page comes decoded.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVER_CONDITIONAL", True):
            raise NotConfigured("ARCHIVER_CONDITIONAL is off")
        assert crawler.stats is not None
        middleware = cls(crawler.stats)
        middleware.crawler = crawler
        return middleware

    def _known(self) -> Known | None:
        spider = self.crawler.spider if self.crawler else None
        return getattr(spider, "known", None)

    def process_request(self, request: Request) -> None:
        known = self._known()
        if known is None or request.method != "GET" or "no_revalidation" in request.meta:
            return
        stored = known.validators(request.url)
        if stored is None or not (stored.etag or stored.last_modified):
            return
        if stored.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = stored.etag
        if stored.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = stored.last_modified
        request.meta[NOT_MODIFIED_META] = stored.capture()
        request.meta["archiver_stored"] = stored
        request.meta["handle_httpstatus_list"] = [
            *request.meta.get("handle_httpstatus_list", []),
            304,
        ]
        self.stats.inc_value("archiver/update/revalidated")

    def process_response(self, request: Request, response: Response) -> Response:
        stored: Stored | None = request.meta.get("archiver_stored")
        known = self._known()
        if response.status != 304 or stored is None or known is None:
            return response
        page = known.page(request.url, stored)
        if page is None:  # unreadable now: ask again, unconditionally
            self.stats.inc_value("archiver/update/earlier_unreadable")
            logger.warning("Earlier capture of %s unreadable; fetching it again", request.url)
            headers = request.headers.copy()
            for name in (b"If-None-Match", b"If-Modified-Since"):
                headers.pop(name, None)
            drop = (NOT_MODIFIED_META, "archiver_stored", "handle_httpstatus_list")
            meta = {k: v for k, v in request.meta.items() if k not in drop}
            return request.replace(  # type: ignore[return-value]
                headers=headers, meta={**meta, "no_revalidation": True}, dont_filter=True
            )
        self.stats.inc_value("archiver/update/not_modified")
        return page.replace(request=request, flags=[*page.flags, "not_modified"])
