"""Rebuild posts.jsonl from WARC files alone, offline, through the crawl's own code path.

Two passes. The first reads every file once (archive/reading.py, FastWARC): listings and
feeds fill a `Discovered` (as the spider does live), posts are only located, other bodies
(stylesheets, images, comment feeds) are skipped unread. The second reads each post's record
at its offset, parses it with the same parser, annotates it with the same `Discovered`, and
runs it through the crawl's item pipelines (ITEM_PIPELINES, built and ordered as Scrapy does).
Bodies are decoded as Scrapy decodes them: Content-Encoding undone, then `TextResponse.text`
(w3lib's html_to_unicode). A better parser thus never needs a recrawl.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import IO, Any, cast

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.exporters import JsonLinesItemExporter
from scrapy.http import Headers, Request, Response, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import build_from_crawler, load_object

from archiver.archive import reading
from archiver.archive.mementos import memento_meta
from archiver.archive.reading import Record
from archiver.archive.warc import OPEN_SUFFIX
from archiver.crawl.archived import stamp_provenance
from archiver.crawl.scope import LISTING_KINDS, Scope, make_scope
from archiver.crawl.settings import scrapy_decodes_br
from archiver.crawl.spider import DotclearSpider
from archiver.dataset.provenance import Discovered, canonical
from archiver.dotclear import markup as dc
from archiver.dotclear.feeds import parse_feed
from archiver.dotclear.parsers import listed_posts, parse_post

logger = logging.getLogger(__name__)

START_URLS_MARK = "start URLs:"  # in the warcinfo description WarcCapture writes
# Downloader middlewares that change how a body reads (HttpCompression's work is warcio's here):
# run on extracted pages too when the crawl settings enable them.
DECODING_MIDDLEWARES = (
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware",
    "archiver.crawl.charset.CharsetMiddleware",
)
# Pages the first pass reads: the spider's listings and the posts feeds (not comment feeds).
SCANNED_KINDS = LISTING_KINDS | {dc.Kind.FEED}


@dataclass(frozen=True)
class Location:
    """A response (or revisit) record: the `warc` field of a post record, plus its file's path."""

    path: Path
    offset: int
    length: int
    record_id: str
    payload_digest: str
    date: str = ""  # WARC-Date of the record: the capture's time

    def as_field(self) -> dict[str, Any]:
        return {
            "filename": self.path.name,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
            "payload_digest": self.payload_digest,
        }


@dataclass
class Seen:
    """A post page's captures, in WARC order: the `crawls` field extract can rebuild.

    Offline, a change is a change of the page's bytes (payload digest): `last_changed` is the
    first capture of the latest payload (`archiver crawl --update` compares records instead).
    """

    first: str
    changed: str
    digest: str

    def add(self, date: str, digest: str) -> None:
        if digest != self.digest:
            self.changed, self.digest = date, digest

    def crawls(self, latest: str) -> dict[str, str]:
        return {"first_seen": self.first, "last_seen": latest, "last_changed": self.changed}


@dataclass
class WarcScan:
    """What the first pass learns: start URLs, where the posts are, where each payload is."""

    start_urls: list[str] = field(default_factory=list)
    software: list[str] = field(default_factory=list)
    # Canonical URL -> (URL, record): a post captured again (a later crawl) is read from its
    # latest capture, in the order the WARC files are given.
    posts: dict[str, tuple[str, Location]] = field(default_factory=dict)
    by_digest: dict[str, Location] = field(default_factory=dict)  # first response per payload
    by_id: dict[str, Location] = field(default_factory=dict)  # 2xx responses by WARC-Record-ID
    # Canonical URL -> when each post's page was captured: (first, latest payload's first).
    seen: dict[str, Seen] = field(default_factory=dict)
    discovered: Discovered = field(default_factory=Discovered)


@contextmanager
def open_record(path: Path, offset: int) -> Iterator[Record]:
    """The record at `offset` of a WARC file (a post's `warc.offset`), payload read."""
    yield reading.read_record(path, offset)


def _warcinfo_only(record: Record) -> bool:
    return record.rec_type == "warcinfo"


def _warcinfo(record: Record, scan: WarcScan) -> None:
    fields: dict[str, str] = {}
    for line in (record.block or b"").decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    description = fields.get("description", "")
    if START_URLS_MARK in description:
        for url in description.split(START_URLS_MARK, 1)[1].split():
            if url not in scan.start_urls:
                scan.start_urls.append(url)
    if fields.get("software") and fields["software"] not in scan.software:
        scan.software.append(fields["software"])


def to_response(
    url: str, record: Record, payload: Record | None = None, maxsize: int = 0
) -> Response | None:
    """The response as the downloader handed it over: status, headers, body as transferred.

    Content-Encoding stays for HttpCompressionMiddleware to undo, as in the crawl. `payload` is
    the earlier record a revisit refers to: it holds the body and the headers that body was
    served with. None when the body exceeds `maxsize` (DOWNLOAD_MAXSIZE).
    """
    source = payload or record
    body = source.payload or b""
    # Our WARCs hold bodies transfer-decoded; another tool's may be chunked: undone here as
    # the HTTP client undoes it, Content-Encoding left to the middleware.
    if source.chunked:
        body = reading.dechunk(body)
    if maxsize and len(body) > maxsize:
        return None
    status = record.status
    if status == 304 and payload is not None:  # not modified: the page is the earlier one
        status = payload.status
    headers = _headers(source.http)
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    response = cls(url=url, status=status, body=body)
    response.headers = headers  # a Headers is kept as it is (given to __init__, it is copied)
    return response


def _headers(http: tuple[tuple[bytes, bytes], ...]) -> Headers:
    """Headers filled in the form Scrapy holds them (title-case keys, repeats in order):
    Headers(...) would normalise every name and value again, and a Response copy it again."""
    grouped: dict[bytes, list[bytes]] = {}
    for name, value in http:
        key = name.title()
        if key != b"Transfer-Encoding":  # undone above, as the HTTP client undoes it
            grouped.setdefault(key, []).append(value)
    headers = Headers()
    dict.update(headers, grouped)
    return headers


def _coded_br(page: Response) -> bool:
    codings = b",".join(page.headers.getlist(b"Content-Encoding")).lower()
    return b"br" in (coding.strip() for coding in codings.split(b","))


class Extractor:
    """Two passes over WARC files; `run` writes posts.jsonl and returns the stats."""

    def __init__(self, settings: Settings, scopes_from: Sequence[str] = ()) -> None:
        self.crawler = Crawler(DotclearSpider, settings)
        self.stats = MemoryStatsCollector(self.crawler)
        self.crawler.stats = self.stats
        # Canonical URLs, each computed once: a post's URL comes back on several listings.
        self.key = lru_cache(maxsize=None)(canonical)
        self.scan = WarcScan(discovered=Discovered(self.key))
        self.given_urls = list(scopes_from)  # --url: instead of the warcinfo's start URLs
        self.scopes: list[Scope] = [make_scope(url) for url in scopes_from]
        self.pipelines = self._pipelines()
        self.decoders = self._decoders()
        # One request for every page: the decoders read its method and meta alone.
        self.request = Request("data:,")
        self.maxsize = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.fail_on_dataloss = self.crawler.settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS")
        self.decodes_br = scrapy_decodes_br()  # else a br body fails in HttpCompression

    def _pipelines(self) -> list[Any]:
        """The crawl's item pipelines, in ITEM_PIPELINES order, disabled ones left out."""
        configured = self.crawler.settings.getwithbase("ITEM_PIPELINES")
        pipelines = []
        for path, order in sorted(configured.items(), key=lambda item: item[1]):
            if order is None:
                continue
            try:
                pipelines.append(build_from_crawler(load_object(path), self.crawler))
            except NotConfigured:
                continue
        return pipelines

    def _decoders(self) -> list[Any]:
        """DECODING_MIDDLEWARES the settings enable, in the order responses meet them."""
        enabled = self.crawler.settings.getwithbase("DOWNLOADER_MIDDLEWARES")
        paths = [path for path in DECODING_MIDDLEWARES if enabled.get(path) is not None]
        decoders = []
        for path in sorted(paths, key=lambda path: enabled[path], reverse=True):
            try:
                decoders.append(build_from_crawler(load_object(path), self.crawler))
            except NotConfigured:
                continue
        return decoders

    def scope_of(self, url: str) -> Scope | None:
        return next((scope for scope in self.scopes if scope.wants(url)), None)

    def scan_file(self, path: Path) -> None:
        for _ in self.scanned(path):
            pass

    def scanned(self, path: Path, pages: bool = True) -> Iterator[Record]:
        """`path`'s warcinfo, response and revisit records, each handed over once the scan has
        learnt from it: start URLs, captures and, with `pages`, the listings and feeds extract
        reads (resume and update need the captures alone: their bodies stay unread)."""
        for record in reading.read(path, self._wants if pages else _warcinfo_only):
            self._scan_record(path, record, pages)
            yield record

    def _wants(self, record: Record) -> bool:
        """Whether the first pass needs a record's body, from its headers: listings and
        feeds, and anything no scope knows yet (a later warcinfo may name its blog)."""
        if record.rec_type == "warcinfo":
            return True
        scope = self.scope_of(record.header("WARC-Target-URI"))
        return scope is None or scope.blog.kind(record.header("WARC-Target-URI")) in SCANNED_KINDS

    def _scan_record(self, path: Path, record: Record, pages: bool = True) -> None:
        if record.rec_type == "warcinfo":
            _warcinfo(record, self.scan)
            if not self.given_urls:
                self.scopes = [make_scope(url) for url in self.scan.start_urls]
            return
        if not record.http:  # a response or revisit without an HTTP message
            return
        url = record.header("WARC-Target-URI")
        status = record.status
        if status == 304 and record.rec_type == "revisit" and self._original(record):
            status = 200  # server-not-modified: the earlier 200 capture, seen again
        scope = self.scope_of(url)
        kind = scope.blog.kind(url) if scope else None
        page: Response | None = None
        if pages and 200 <= status < 300 and kind in SCANNED_KINDS:
            if record.payload is None and record.http:  # skipped unread: its scope came later
                record = reading.read_record(path, record.offset, record.length)
            page = self.page(url, record)
        location = self.location(path, record)
        if record.rec_type == "response" and 200 <= status < 300:
            self.scan.by_digest.setdefault(location.payload_digest, location)
            self.scan.by_id[location.record_id] = location
        if not 200 <= status < 300:
            self.stats.inc_value(f"archiver/extract/status/{status}")
        elif kind is dc.Kind.POST:
            key = self.key(url)
            self.scan.posts[key] = (url, location)
            seen = self.scan.seen.get(key)
            if seen is None:
                self.scan.seen[key] = Seen(location.date, location.date, location.payload_digest)
            else:
                seen.add(location.date, location.payload_digest)
        elif kind is dc.Kind.FEED and page is not None:
            self.stats.inc_value("archiver/pages/feed")
            self.scan.discovered.add_feed(parse_feed(url, page.body))
        elif page is not None and isinstance(page, TextResponse):
            self.stats.inc_value("archiver/pages/listing")
            self.scan.discovered.add_listed(url, listed_posts(url, page.text))
        else:
            self.stats.inc_value("archiver/extract/not_routed")

    def location(self, path: Path, record: Record) -> Location:
        digest = record.header("WARC-Payload-Digest")
        if not digest and record.rec_type == "revisit":  # the capture's digest is the same
            original = self._original(record)
            digest = original.payload_digest if original else ""
        return Location(
            path,
            record.offset,
            record.length,
            record.header("WARC-Record-ID"),
            digest,
            record.header("WARC-Date"),
        )

    def _original(self, revisit: Record) -> Location | None:
        """The response a revisit refers to: by WARC-Refers-To, else by payload digest."""
        refers_to = revisit.header("WARC-Refers-To")
        digest = revisit.header("WARC-Payload-Digest")
        return self.scan.by_id.get(refers_to) or self.scan.by_digest.get(digest)

    def page(self, url: str, record: Record) -> Response | None:
        """The response the spider got for `record`; None for one the crawl refused too."""
        if record.header("WARC-Truncated") and self.fail_on_dataloss:
            return self._refused(url, "truncated")
        if record.rec_type == "response":
            page = to_response(url, record, maxsize=self.maxsize) or self._refused(url, "maxsize")
        else:
            page = self._revisited(url, record)
        if page is None:
            return None
        if not self.decodes_br and _coded_br(page):  # another tool's capture: the crawl asks no br
            return self._refused(url, "br")
        try:
            for decoder in self.decoders:
                page = decoder.process_response(self.request, page)
        except IgnoreRequest:  # HttpCompressionMiddleware: over DOWNLOAD_MAXSIZE once decoded
            return self._refused(url, "maxsize")
        return page

    def _refused(self, url: str, reason: str) -> Response | None:
        """Count and log a page the crawl did not read either; None, to return."""
        self.stats.inc_value(f"archiver/extract/refused/{reason}")
        logger.warning("Not read, as the crawl did not read it either (%s): %s", reason, url)
        return None

    def _revisited(self, url: str, record: Record) -> Response | None:
        """A revisit's page: its own status line, the body of the capture it refers to."""
        earlier = self._original(record)
        if earlier is None:
            self.stats.inc_value("archiver/extract/revisit_unresolved")
            logger.warning("Revisit of %s refers to no response in these WARCs", url)
            return None
        with open_record(earlier.path, earlier.offset) as original:
            page = to_response(url, record, payload=original, maxsize=self.maxsize)
        return page or self._refused(url, "maxsize")

    def post(self, url: str, location: Location, fh: IO[bytes]) -> dict[str, Any] | None:
        """One post through the parser and the crawl's pipelines; None if a pipeline drops it.
        `fh`: its WARC file, open."""
        stored = reading.read_at(fh, location.offset, location.length)
        page = self.page(url, stored)
        archived = memento_meta(stored)  # --from-archive: the memento it came from
        if page is None or not isinstance(page, TextResponse):
            self.stats.inc_value("archiver/extract/post_unreadable")
            logger.warning("Post page %s has no text body in the WARC", url)
            return None
        post = parse_post(url, page.text)
        stamp_provenance(post, archived)
        fetched = archived.get("warc_date") or location.date  # a memento: when it was fetched
        item: Any = self.scan.discovered.annotate(post, location.as_field(), fetched)
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem as reason:
            logger.info("Dropped %s: %s", url, reason)
            return None
        record = dict(item)
        seen = self.scan.seen.get(self.key(url))
        if seen is not None and record.get("crawls"):
            record["crawls"] = seen.crawls(location.date)
        return record

    def run(self, warcs: Sequence[Path], out: IO[bytes]) -> dict[str, Any]:
        self.stats.open_spider()
        for path in warcs:
            self.scan_file(path)
        if not self.scopes:
            raise ValueError(
                "no start URLs in the WARCs' warcinfo records: give the blog with --url"
            )
        # The crawl's FEEDS writer (jsonlines, utf-8): the same bytes for the same record. Its
        # encoder is called directly: export_item's per-field pass (serializers, none set
        # for a dict) cost as much as the encoding.
        exporter = JsonLinesItemExporter(cast(BytesIO, out), encoding="utf-8")
        exporter.start_exporting()
        with ExitStack() as files:  # each WARC opened once for all its posts
            opened: dict[Path, IO[bytes]] = {}
            for url, location in self.scan.posts.values():
                fh = opened.get(location.path)
                if fh is None:
                    fh = opened[location.path] = files.enter_context(location.path.open("rb"))
                record = self.post(url, location, fh)
                if record is not None:
                    out.write(exporter.encoder.encode(record).encode("utf-8") + b"\n")
        exporter.finish_exporting()
        return self.stats.get_stats()


def extract(
    warcs: Sequence[Path], output: Path, *, urls: Sequence[str] = (), salt: str = ""
) -> tuple[dict[str, Any], WarcScan]:
    """WARC files -> `output`/posts.jsonl; returns the stats and what the scan found."""
    settings = Settings()
    settings.setmodule("archiver.crawl.settings", priority="project")
    if salt:
        settings.set("ARCHIVER_PSEUDONYMISE_SALT", salt, priority="cmdline")
    extractor = Extractor(settings, urls)
    output.mkdir(parents=True, exist_ok=True)
    with (output / "posts.jsonl").open("wb") as out:
        stats = extractor.run(warcs, out)
    return stats, extractor.scan


WARC_NAMES = (".warc.gz", ".warc", f".warc.gz{OPEN_SUFFIX}")


def expand(paths: Sequence[Path]) -> Iterator[Path]:
    """WARC files given directly, or every WARC in a given folder and the folders in it
    (a crawl's warc/, the workers' folders of a distributed crawl), sorted; `.open` ones
    too: a killed crawl's, read up to their last whole record."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.name.endswith(WARC_NAMES))
        else:
            yield path
