"""The web archive: WARC files as written, read, indexed, packaged, replayed and checked.

Bytes as they came off the wire (`wire.py`, a download handler), their capture into WARC
records (`capture.py`, a Scrapy extension, over the pure writer `warc.py` and its records'
bytes, warcio's byte for byte, `warcrecord.py`), reading WARCs (`reading.py`), revisit records and
outlinks (`revisits.py`), what a page or stylesheet needs to render (`requisites.py`), mending
files a killed crawl left (`recovery.py`), the CDXJ index, pages list and WACZ (`indexing.py`,
`replay_index.py`; the crawl's index lines made as its records are written: `liveindex.py`; the
pages read from record heads: `heads.py`, a coded body's start
decoded as warcio decodes it: `codings.py`), pywb replay (`replay.py`) and replay QA in a browser
(`qa.py`), validation (`validate.py`), and reading other web archives: their CDX APIs
(`cdx.py`) and their captures recorded at the blog's URLs (`mementos.py`). The bottom layer: it
imports nothing else of archiver.
"""
