"""Scrapy settings for archiver: polite by default. Listed in docs/settings.md."""

from scrapy.downloadermiddlewares import httpcompression
from scrapy.settings import default_settings

from archiver import __version__


def scrapy_decodes_br() -> bool:
    """Whether Scrapy can undo a br Content-Encoding here. It decodes with Google's Brotli
    (`brotli.Decompressor().process`); pywb (the replay extra) requires brotlipy, whose
    `brotli` package takes that name over and has no `process`: every br answer would fail."""
    try:
        import brotli  # type: ignore[import-untyped]
    except ImportError:  # Scrapy then uses brotlicffi, or offers no br
        return True
    return hasattr(brotli.Decompressor, "process")


def accept_encoding() -> str:
    """What HttpCompressionMiddleware offers, br left out where it could not decode it.
    (Module names only, above: Scrapy takes every upper-case name of this module for a
    setting.)"""
    offered = httpcompression.ACCEPTED_ENCODINGS
    return ", ".join(e.decode() for e in offered if e != b"br" or scrapy_decodes_br())


DEFAULT_REQUEST_HEADERS = {
    **default_settings.DEFAULT_REQUEST_HEADERS,
    "Accept-Encoding": accept_encoding(),
}

BOT_NAME = "archiver"
SPIDER_MODULES = ["archiver.crawl.spider"]
NEWSPIDER_MODULE = "archiver.crawl.spider"

USER_AGENT = f"archiver/{__version__} (Dotclear blog archiver; Scrapy)"
ROBOTSTXT_OBEY = True

# Politeness: one request at a time per host, about one a second, slower if the server is.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay drawn within ±50%
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 60
# A blog page is well under a megabyte; beyond these, a page is refused (maxsize) or logged.
# Scrapy applies DOWNLOAD_MAXSIZE to the decompressed size too, chunk by chunk: gzip bombs stop.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for the output of every response, however little
# it yields (scrapy/utils/asyncio.py, _parallel_asyncio): 100 by default, about 1 ms a page.
# The item pipelines are synchronous, so one at a time loses nothing.
CONCURRENT_ITEMS = 1

# Listings and feeds first, posts after them (the spider also holds posts back until then).
DEPTH_PRIORITY = 0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# Failed pages reach the spider's errback, which logs and counts them with their reason.
HTTPERROR_ALLOW_ALL = False

# Scrapy's HTTP/1.1 handler, also noting the reason phrase and the connection headers that
# Twisted hides (archiver/archive/wire.py), for exact WARC response records.
DOWNLOAD_HANDLERS = {
    "http": "archiver.archive.wire.WireHTTP11DownloadHandler",
    "https": "archiver.archive.wire.WireHTTP11DownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "archiver.crawl.middlewares.SharedRobotsTxtMiddleware": 100,
    # Hostile servers (docs/hostile-web.md): back-off honouring Retry-After, charsets
    # re-detected after decompression, redirects off the blog's host stopped before Redirect.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "archiver.crawl.retry.BackoffRetryMiddleware": 550,
    "archiver.crawl.charset.CharsetMiddleware": 580,
    # Update crawls: If-None-Match / If-Modified-Since; a 304 read from the earlier capture.
    "archiver.ops.update.ConditionalRequests": 570,
    "archiver.crawl.offhost.OffHostRedirectMiddleware": 650,
    # --from-archive: blog URLs read from a web archive's mementos (archiver/crawl/fromarchive.py);
    # after UserAgent and before HttpProxy, its answers seen before OffHost and Redirect.
    "archiver.crawl.fromarchive.FromArchiveMiddleware": 700,
}
ITEM_PIPELINES = {
    "archiver.crawl.pipelines.DedupPipeline": 100,
    "archiver.crawl.pipelines.DatesPipeline": 200,
    "archiver.crawl.pipelines.SanitizePipeline": 300,
    "archiver.crawl.pipelines.PseudonymisePipeline": 400,  # only with ARCHIVER_PSEUDONYMISE_SALT
    "archiver.crawl.pipelines.RecordPipeline": 900,
}
EXTENSIONS = {
    "archiver.crawl.output.OutputGuard": 0,  # refuses an output folder holding another crawl
    "archiver.crawl.report.CrawlReport": 800,  # <output>/crawl-report.json
    "archiver.archive.capture.WarcCapture": 500,
    "archiver.crawl.progress.Progress": 900,
    "archiver.ops.update.UpdateMerge": 940,  # update crawls: posts.jsonl merged, before the card
    "archiver.crawl.coverage.Coverage": 945,  # the report's `coverage`, once posts.jsonl is final
    "archiver.dataset.card.DatasetCard": 950,  # README.md and posts.svg beside posts.jsonl
}
# %(archiver_output)s is the spider attribute set from ARCHIVER_OUTPUT.
FEEDS = {
    "%(archiver_output)s/posts.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "overwrite": True,
    },
}
FEED_EXPORT_ENCODING = "utf-8"
# Scrapy's duplicate filter, also skipping what an interrupted run fetched (archiver/ops/resume.py).
DUPEFILTER_CLASS = "archiver.ops.resume.ResumeDupeFilter"
# What the spider reads back of earlier runs: the operations layer's loaders (`.load(...)`).
ARCHIVER_RESUME_STATE = "archiver.ops.resume.Previous"
ARCHIVER_UPDATE_STATE = "archiver.ops.update.Known"

ARCHIVER_OUTPUT = "output"
ARCHIVER_WARC_ENABLED = True
ARCHIVER_WARC_PREFIX = "archiver"
ARCHIVER_WARC_MAX_SIZE = 1_000_000_000  # bytes; a new WARC file is started beyond it
ARCHIVER_WARC_INDEX = True  # CDXJ index and pages list at crawl end (made as records are written)
ARCHIVER_WACZ_ENABLED = False  # the WACZ package too at crawl end (or later: archiver package)
ARCHIVER_WARC_OUTLINKS = True  # a metadata record listing each HTML page's outlinks
ARCHIVER_OPERATOR = ""
ARCHIVER_PSEUDONYMISE_SALT = ""  # set: commenters' names and websites hashed in the dataset
ARCHIVER_DATASET_CARD = True  # README.md and posts.svg beside posts.jsonl at crawl end
ARCHIVER_OVERWRITE = False  # crawl into a folder holding another crawl (archiver crawl --overwrite)
# Page requisites (stylesheets, scripts, pictures, fonts) and every same-host page a visitor can
# reach, each fetched once (archiver/crawl/reach.py); False: a dataset-only crawl.
ARCHIVER_REQUISITES = True
ARCHIVER_REQUISITES_HOSTS = list[str]()  # other hosts whose requisites are fetched, or ["all"]
ARCHIVER_POST_BATCH = 1000  # post requests handed to Scrapy at a time, once listings are done
ARCHIVER_CONDITIONAL = True  # update crawls send If-None-Match / If-Modified-Since
ARCHIVER_REPORT_ENABLED = True  # <output>/crawl-report.json at the end of the crawl
ARCHIVER_COVERAGE = True  # the report's coverage audit against the blog's own counts
ARCHIVER_RETRY_BACKOFF = 1.0  # seconds before the first retry, doubled at each further try
ARCHIVER_RETRY_BACKOFF_MAX = 60.0
ARCHIVER_RETRY_AFTER_MAX = 300.0  # a longer Retry-After gives the URL up (reported)
ARCHIVER_CHARSET_FALLBACKS = ["utf-8", "cp1252"]  # tried when the declared charset does not fit
ARCHIVER_PROGRESS = "auto"  # a live progress line on stderr: "auto" (on a terminal), True, False
ARCHIVER_PROGRESS_INTERVAL = 1.0
# Crawling from a web archive (--from-archive PREFIX; docs/from-archive.md): unset, a live crawl.
ARCHIVER_FROM_ARCHIVE = ""  # replay prefix: https://web.archive.org/web/ or a pywb collection
ARCHIVER_ARCHIVE_API = ""  # "ia" or "pywb"; empty: told from the prefix
ARCHIVER_ARCHIVE_AT = ""  # YYYYMMDD[hhmmss]: the capture closest to it; empty: the latest
ARCHIVER_ARCHIVE_FROM = ""  # captures from this timestamp (prefix) on
ARCHIVER_ARCHIVE_TO = ""  # captures up to this timestamp (prefix)
ARCHIVER_ARCHIVE_MAX_REFUSALS = 20  # 429/503 in a row from the archive: the crawl stops
# What `--fast` (spider argument fast=1) changes: no politeness, for a blog on your own machine.
ARCHIVER_FAST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
