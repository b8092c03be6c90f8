"""Scrapy settings for archiver: polite by default. See the README's settings table."""

from archiver import __version__

BOT_NAME = "archiver"
SPIDER_MODULES = ["archiver.spiders"]
NEWSPIDER_MODULE = "archiver.spiders"

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

# Listings and feeds first, posts after them (the spider also holds posts back until then).
DEPTH_PRIORITY = 0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# Failed pages reach the spider's errback, which logs and counts them with their reason.
HTTPERROR_ALLOW_ALL = False

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "archiver.middlewares.SharedRobotsTxtMiddleware": 100,
}
ITEM_PIPELINES = {
    "archiver.pipelines.DedupPipeline": 100,
    "archiver.pipelines.DatesPipeline": 200,
    "archiver.pipelines.RecordPipeline": 900,
}
EXTENSIONS = {
    "archiver.capture.WarcCapture": 500,
    "archiver.progress.Progress": 900,
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

ARCHIVER_OUTPUT = "output"
ARCHIVER_WARC_ENABLED = True
ARCHIVER_WARC_PREFIX = "archiver"
ARCHIVER_OPERATOR = ""
ARCHIVER_PROGRESS = "auto"  # a live progress line on stderr: "auto" (on a terminal), True, False
ARCHIVER_PROGRESS_INTERVAL = 1.0
# What `--fast` (spider argument fast=1) changes: no politeness, for a blog on your own machine.
ARCHIVER_FAST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
