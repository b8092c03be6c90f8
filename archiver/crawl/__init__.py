"""The crawl: Scrapy's side of archiver.

The `dotclear` spider (`spider.py`, routing only), the project's Scrapy settings
(`settings.py`), downloader middlewares (robots.txt, retries, charsets, off-host redirects),
item pipelines (`pipelines.py`: dates, sanitizing, records), the extensions that guard the
output folder, report and show progress, and the hostile-web rules (`traps.py`). It may import
Dotclear knowledge, the dataset and the web archive; never the operations or the CLI (the
settings name operations' components by dotted path, as Scrapy settings do).
"""
