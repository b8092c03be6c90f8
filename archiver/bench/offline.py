"""Offline re-extraction from the crawl's WARC: archiver's extractor against trafilatura.

archiver's side is `archiver.ops.extract.extract` (the `archiver extract` code path: both passes,
parsers, feed dates, item pipelines, posts.jsonl written). trafilatura's side is
`bare_extraction(html, with_metadata=True)` over the post pages' decoded HTML, read from the
WARC beforehand (its reading time is not counted). Both are scored against the blog's truth.

The floor is what `archiver extract` cannot do without, however fast the rest: each record of
the WARCs read once, and lxml's parse of every page it reads (posts, listings, feeds), nothing
selected. Against trafilatura it is the most any extract built on lxml's parse could reach.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree
from warcio.archiveiterator import ArchiveIterator

from archiver.archive import reading
from archiver.dotclear import dates
from archiver.dotclear import markup as dc
from archiver.ops.extract import SCANNED_KINDS
from archiver.sample_blog.model import SamplePost

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Extracted:
    slug: str
    title: str | None
    published: str | None  # ISO 8601 as the extractor gives it (trafilatura: the day only)
    text: str


@dataclass(frozen=True)
class Score:
    name: str
    posts: int
    seconds: float  # CPU seconds of the extraction alone
    title: float  # share of exact titles
    day: float  # share with the right day
    minute: float  # share with the right time to the minute (and Paris offset)
    text: float  # mean similarity of the body text to the truth (0..1)

    @property
    def per_second(self) -> float:
        return self.posts / self.seconds if self.seconds else 0.0


def slug_of(url: str) -> str:
    return unquote(urlsplit(url).path).split("/post/", 1)[-1]


def truth_text(post: SamplePost) -> str:
    texts = (_SPACES.sub(" ", html.unescape(_TAGS.sub("", p))).strip() for p in post.paragraphs)
    return " ".join(text for text in texts if text)


def _similarity(found: str, truth: str) -> float:
    """Word-level similarity (difflib's ratio over words: characters would be quadratic)."""
    words, expected = found.split(), truth.split()
    if words == expected:
        return 1.0
    return difflib.SequenceMatcher(None, words, expected, autojunk=False).ratio()


def score(name: str, found: Sequence[Extracted], truth: dict[str, SamplePost], cpu: float) -> Score:
    n = len(found) or 1
    title = day = minute = text = 0.0
    for item in found:
        post = truth.get(item.slug)
        if post is None:
            continue
        iso = dates.to_iso(post.published)
        title += item.title == post.title
        day += (item.published or "")[:10] == iso[:10]
        minute += item.published == iso
        text += _similarity(item.text, truth_text(post))
    return Score(name, len(found), cpu, title / n, day / n, minute / n, text / n)


def post_pages(warcs: Sequence[Path]) -> Iterator[tuple[str, str]]:
    """(URL, decoded HTML) of every post page response in the WARCs."""
    for path in warcs:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.rec_type != "response" or "/post/" not in url:
                    continue
                body = record.content_stream().read()
                yield url, body.decode("utf-8", "replace")


def archiver_side(warcs: Sequence[Path], output: Path, url: str) -> tuple[list[Extracted], float]:
    """`archiver extract` over the WARCs: the records and the CPU seconds it took."""
    from archiver.ops.extract import extract

    start = time.process_time()
    extract(warcs, output, urls=[url])
    cpu = time.process_time() - start
    lines = (output / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    found = [
        Extracted(slug_of(r["url"]), r["title"], r["published"], r["body_text"]) for r in records
    ]
    return found, cpu


def distinct_date_strings(output: Path) -> int:
    """Distinct raw date texts in posts.jsonl (posts and comments)."""
    raws: set[str] = set()
    for line in (output / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        record: dict[str, Any] = json.loads(line)
        raws.update(r for r in [record["published_raw"]] if r)
        raws.update(c["published_raw"] for c in record["comments"] if c["published_raw"])
    return len(raws)


def parsers_side(pages: Sequence[tuple[str, str]]) -> tuple[list[Extracted], float]:
    """The parsers alone: `parse_post` and the date cascade, no WARC reading, no pipelines."""
    from archiver.crawl.pipelines import resolve
    from archiver.dotclear.parsers import parse_post

    found = []
    start = time.process_time()
    for url, page in pages:
        post = parse_post(url, page)
        when = resolve(post.dates)
        iso = dates.to_iso(when[0]) if when else None
        found.append(Extracted(slug_of(url), post.title, iso, post.body_text))
    return found, time.process_time() - start


def floor_side(warcs: Sequence[Path], url: str) -> tuple[int, float]:
    """Post pages read and the CPU seconds of the floor: every record read once, the bodies
    extract reads (posts, listings, feeds) parsed by lxml, nothing selected."""
    blog = dc.Blog.from_url(url)
    read_kinds = SCANNED_KINDS | {dc.Kind.POST}
    posts = 0

    def wants(record: reading.Record) -> bool:
        return blog.kind(record.header("WARC-Target-URI")) in read_kinds

    start = time.process_time()
    for path in warcs:
        for record in reading.read(path, wants, reading.RESPONSE):
            if not record.payload:
                continue
            kind = blog.kind(record.header("WARC-Target-URI"))
            if kind is dc.Kind.FEED:
                etree.fromstring(record.payload, _FEED_PARSER)
            else:
                lxml.html.document_fromstring(record.payload)
                posts += kind is dc.Kind.POST
    return posts, time.process_time() - start


_FEED_PARSER = etree.XMLParser(resolve_entities=False, recover=True)


def trafilatura_side(pages: Sequence[tuple[str, str]]) -> tuple[list[Extracted], float]:
    import trafilatura

    found = []
    start = time.process_time()
    for url, page in pages:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True)
        if doc is None:
            found.append(Extracted(slug_of(url), None, None, ""))
            continue
        fields = doc if isinstance(doc, dict) else doc.as_dict()
        text = fields.get("text") or ""
        found.append(Extracted(slug_of(url), fields.get("title"), fields.get("date"), text))
    return found, time.process_time() - start
