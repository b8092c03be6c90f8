"""The crawl: Scrapy's side of archiver.

The `dotclear` spider (`spider.py`, routing only) with its arguments (`arguments.py`) and what a
start URL asks for (`scope.py`), a page's requisites and links (`embedded.py`); an update's
decisions (`recrawl.py`: what earlier crawls left, which listings and posts to ask again, and
`listingnews.py`: a held tag or month listing read again only for a post in it); page
requisites and every other same-host page (`reach.py`); the
project's Scrapy settings (`settings.py`); downloader middlewares (robots.txt, retries, charsets,
off-host redirects, reading a blog from a web archive: `fromarchive.py`, `archived.py`); item
pipelines (`pipelines.py`: dates, sanitizing, records); the extensions that guard the output
folder, report, audit coverage and show progress; a crawl that cannot start (`start.py`); the
hostile-web rules (`traps.py`); and one crawl shared by many workers through scrapy-redis
(`distributed.py`, `shared.py`). It may import Dotclear knowledge, the dataset and the web
archive; never the operations or the CLI (the settings name operations' components by dotted
path, as Scrapy settings do).
"""
