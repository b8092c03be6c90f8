"""The dataset: what a row of posts.jsonl is, and what is made from the rows.

Record types and the JSON Schema (`records.py`, `schema/`), where a post was found
(`provenance.py`), commenters' pseudonyms (`pseudonymise.py`), the dataset card (`card.py`, its
chart `chart.py`) and exports to other formats (`export.py`). It may import the web-archive
layer (`archiver.archive`, for child processes) and nothing else of archiver; it knows nothing
of Scrapy but the card's extension hook.
"""
