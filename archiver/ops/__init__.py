"""Operations on a collection: everything beyond one plain crawl.

Continuing an interrupted crawl (`resume.py`), recrawling a collection for what changed
(`update.py`), re-extracting the dataset from WARC files offline (`extract.py`, the spider's
own routing run over stored responses), comparing two crawls post by post (`diff.py`) and
merging the folders of distributed workers (`merge.py`). It may import the crawl and every
layer below it; only the CLI and the benchmark import it.
"""
