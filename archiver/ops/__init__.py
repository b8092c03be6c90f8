"""Operations on a collection: everything beyond one plain crawl.

Continuing an interrupted crawl (`resume.py`), recrawling a collection for what changed
(`update.py`) and re-extracting the dataset from WARC files offline (`extract.py`, the spider's
own routing run over stored responses). It may import the crawl and every layer below it; only
the CLI imports it.
"""
