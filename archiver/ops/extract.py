"""Rebuild posts.jsonl from WARC files alone, offline, through the crawl's own code path.

Two passes. The first reads every response: listings and feeds fill a `Discovered` (as the
spider does live), posts are only located. The second reads each post's record at its offset,
parses it with the same parser, annotates it with the same `Discovered`, and runs it through
the crawl's item pipelines (ITEM_PIPELINES, built and ordered as Scrapy does). Bodies are
decoded as Scrapy decodes them: Content-Encoding undone, then `TextResponse.text` (w3lib's
html_to_unicode). A better parser thus never needs a recrawl.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from archiver.archive.mementos import memento_meta
from archiver.archive.recovery import complete_length
from archiver.archive.warc import OPEN_SUFFIX
from archiver.crawl.archived import stamp_provenance
from archiver.crawl.scope import LISTING_KINDS, Scope, make_scope
from archiver.crawl.spider import DotclearSpider
from archiver.dataset.provenance import Discovered
from archiver.dotclear import markup as dc
from archiver.dotclear.feeds import parse_feed
from archiver.dotclear.parsers import parse_listing, parse_post

logger = logging.getLogger(__name__)

START_URLS_MARK = "start URLs:"  # in the warcinfo description WarcCapture writes
# Downloader middlewares that change how a body reads (HttpCompression's work is warcio's here):
# run on extracted pages too when the crawl settings enable them.
DECODING_MIDDLEWARES = (
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware",
    "archiver.crawl.charset.CharsetMiddleware",
)
READ_CHUNK = 1 << 16


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
def open_record(path: Path, offset: int) -> Iterator[ArcWarcRecord]:
    """The record at `offset` of a WARC file (a post's `warc.offset`), content unread."""
    with path.open("rb") as fh:
        fh.seek(offset)
        yield next(iter(ArchiveIterator(fh)))


def _warcinfo(record: ArcWarcRecord, scan: WarcScan) -> None:
    fields: dict[str, str] = {}
    for line in record.content_stream().read().decode("utf-8", "replace").splitlines():
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


def _read(stream: Any, maxsize: int) -> bytes | None:
    """The whole stream, or None past `maxsize` bytes (0: no limit); reads chunk by chunk."""
    chunks, size = [], 0
    while chunk := stream.read(READ_CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if maxsize and size > maxsize:
            return None
    return b"".join(chunks)


def to_response(
    url: str, record: ArcWarcRecord, payload: ArcWarcRecord | None = None, maxsize: int = 0
) -> Response | None:
    """The response as the downloader handed it over: status, headers, body as transferred.

    Content-Encoding stays for HttpCompressionMiddleware to undo, as in the crawl. `payload` is
    the earlier record a revisit refers to: it holds the body and the headers that body was
    served with. None when the body exceeds `maxsize` (DOWNLOAD_MAXSIZE).
    """
    source = payload or record
    pairs = source.http_headers.headers
    chunked = any(name.lower() == "transfer-encoding" for name, _ in pairs)
    # Our WARCs hold bodies transfer-decoded; another tool's may be chunked: warcio then
    # decodes both layers, and the Content-Encoding header must go with the compression.
    stream = source.content_stream() if chunked else source.raw_stream
    body = _read(stream, maxsize)
    if body is None:
        return None
    headers = Headers()
    for name, value in pairs:
        if name.lower() != "transfer-encoding" and not (
            chunked and name.lower() == "content-encoding"
        ):
            headers.appendlist(name, value)
    status = int(record.http_headers.get_statuscode() or 0)
    if status == 304 and payload is not None:  # not modified: the page is the earlier one
        status = int(payload.http_headers.get_statuscode() or 0)
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url=url, status=status, headers=headers, body=body)


class Extractor:
    """Two passes over WARC files; `run` writes posts.jsonl and returns the stats."""

    def __init__(self, settings: Settings, scopes_from: Sequence[str] = ()) -> None:
        self.crawler = Crawler(DotclearSpider, settings)
        self.stats = MemoryStatsCollector(self.crawler)
        self.crawler.stats = self.stats
        self.scan = WarcScan()
        self.given_urls = list(scopes_from)  # --url: instead of the warcinfo's start URLs
        self.scopes: list[Scope] = [make_scope(url) for url in scopes_from]
        self.pipelines = self._pipelines()
        self.decoders = self._decoders()
        self.maxsize = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.fail_on_dataloss = self.crawler.settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS")

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
        with path.open("rb") as fh:
            records = ArchiveIterator(whole_records(fh, path))
            for record in records:
                self._scan_record(path, records, record)

    def _scan_record(self, path: Path, records: ArchiveIterator, record: ArcWarcRecord) -> None:
        if record.rec_type == "warcinfo":
            _warcinfo(record, self.scan)
            if not self.given_urls:
                self.scopes = [make_scope(url) for url in self.scan.start_urls]
            return
        if record.rec_type not in ("response", "revisit") or record.http_headers is None:
            return
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        status = int(record.http_headers.get_statuscode() or 0)
        if status == 304 and record.rec_type == "revisit" and self._original(record):
            status = 200  # server-not-modified: the earlier 200 capture, seen again
        scope = self.scope_of(url)
        kind = scope.blog.kind(url) if scope else None
        page: Response | None = None
        if 200 <= status < 300 and kind in LISTING_KINDS | {dc.Kind.FEED}:
            page = self.page(url, record)
        location = self.location(path, records, record)
        if record.rec_type == "response" and 200 <= status < 300:
            self.scan.by_digest.setdefault(location.payload_digest, location)
            self.scan.by_id[location.record_id] = location
        if not 200 <= status < 300:
            self.stats.inc_value(f"archiver/extract/status/{status}")
        elif kind is dc.Kind.POST:
            key = canonicalize_url(url)
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
            self.scan.discovered.add_listing(parse_listing(url, page.text))
        else:
            self.stats.inc_value("archiver/extract/not_routed")

    def location(self, path: Path, records: ArchiveIterator, record: ArcWarcRecord) -> Location:
        digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
        if not digest and record.rec_type == "revisit":  # the capture's digest is the same
            original = self._original(record)
            digest = original.payload_digest if original else ""
        return Location(
            path,
            records.get_record_offset(),
            records.get_record_length(),
            record.rec_headers.get_header("WARC-Record-ID") or "",
            digest,
            record.rec_headers.get_header("WARC-Date") or "",
        )

    def _original(self, revisit: ArcWarcRecord) -> Location | None:
        """The response a revisit refers to: by WARC-Refers-To, else by payload digest."""
        refers_to = revisit.rec_headers.get_header("WARC-Refers-To") or ""
        digest = revisit.rec_headers.get_header("WARC-Payload-Digest") or ""
        return self.scan.by_id.get(refers_to) or self.scan.by_digest.get(digest)

    def page(self, url: str, record: ArcWarcRecord) -> Response | None:
        """The response the spider got for `record`; None for one the crawl refused too."""
        if record.rec_headers.get_header("WARC-Truncated") and self.fail_on_dataloss:
            return self._refused(url, "truncated")
        if record.rec_type == "response":
            page = to_response(url, record, maxsize=self.maxsize) or self._refused(url, "maxsize")
        else:
            page = self._revisited(url, record)
        if page is None:
            return None
        request = Request(url)  # one for all: the decoders only read it
        try:
            for decoder in self.decoders:
                page = decoder.process_response(request, page)
        except IgnoreRequest:  # HttpCompressionMiddleware: over DOWNLOAD_MAXSIZE once decoded
            return self._refused(url, "maxsize")
        return page

    def _refused(self, url: str, reason: str) -> Response | None:
        """Count and log a page the crawl did not read either; None, to return."""
        self.stats.inc_value(f"archiver/extract/refused/{reason}")
        logger.warning("Not read, as the crawl did not read it either (%s): %s", reason, url)
        return None

    def _revisited(self, url: str, record: ArcWarcRecord) -> Response | None:
        """A revisit's page: its own status line, the body of the capture it refers to."""
        earlier = self._original(record)
        if earlier is None:
            self.stats.inc_value("archiver/extract/revisit_unresolved")
            logger.warning("Revisit of %s refers to no response in these WARCs", url)
            return None
        with open_record(earlier.path, earlier.offset) as original:
            page = to_response(url, record, payload=original, maxsize=self.maxsize)
        return page or self._refused(url, "maxsize")

    def post(self, url: str, location: Location) -> dict[str, Any] | None:
        """One post through the parser and the crawl's pipelines; None if a pipeline drops it."""
        with open_record(location.path, location.offset) as record:
            page = self.page(url, record)
            archived = memento_meta(record)  # --from-archive: the memento it came from
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
        seen = self.scan.seen.get(canonicalize_url(url))
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
        # The crawl's FEEDS writer (jsonlines, utf-8): the same bytes for the same record.
        exporter = JsonLinesItemExporter(cast(BytesIO, out), encoding="utf-8")
        exporter.start_exporting()
        for url, location in self.scan.posts.values():
            record = self.post(url, location)
            if record is not None:
                exporter.export_item(record)
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


class _Prefix:
    """The first `length` bytes of a file, as a stream (warcio reads with read() alone)."""

    def __init__(self, fh: IO[bytes], length: int) -> None:
        self.fh, self.left = fh, length

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.fh.read(size)
        self.left -= len(data)
        return data

    def tell(self) -> int:
        return self.fh.tell()


def whole_records(fh: IO[bytes], path: Path) -> IO[bytes]:
    """A WARC's stream; a `.open` one (still written, or its crawl killed) cut back to its
    last whole exchange (archiver/archive/recovery.py), the file left as it is."""
    if not path.name.endswith(OPEN_SUFFIX):
        return fh
    return cast(IO[bytes], _Prefix(fh, complete_length(path)))
