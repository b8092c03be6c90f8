"""Dotclear knowledge: what a Dotclear 2 blog's pages look like, and how to read them.

URL shapes and markup selectors (`markup.py`, the one module a theme change edits), the pure
parsers that turn `(url, html)` into records (`parsers.py`, `feeds.py`) and the text they
read (`text.py`), post-body cleaning
(`sanitize.py`), posts rebuilt from a listing's entry when their own page is lost
(`rebuild.py`) and the French-date gateway (`dates.py`). Pure: it imports no Scrapy, reads
no files and writes none, so the same code runs on a live response, a saved page or a WARC
record. It may import the dataset's record types (`archiver.dataset.records`) and nothing
else of archiver.
"""
