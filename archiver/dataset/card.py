"""The dataset card: README.md and posts.svg beside posts.jsonl.

The card is written from posts.jsonl itself (fields from the shipped JSON Schema, counts, date
range, tags with counts) plus the provenance its maker gives: the crawl (the `DatasetCard`
extension, once the feed exporter has closed posts.jsonl) or `archiver extract`. posts.svg, posts
per month and per tag, is written as SVG text by archiver/dataset/chart.py: no plotting library
(matplotlib in a child Python cost a second of CPU and 50 MB per crawl before).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from archiver import __version__
from archiver.dataset.chart import chart_svg
from archiver.dataset.records import post_schema

if TYPE_CHECKING:  # Scrapy is imported by the extension only
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

CARD = "README.md"
PLOT = "posts.svg"
TOP_TAGS = 30  # tags drawn in the plot; the card lists them all
# The close reason of a crawl that could not start (archiver/crawl/start.py): no card.
COULD_NOT_START = "could_not_start"


@dataclass
class Summary:
    posts: int = 0
    comments: int = 0
    precision: Counter[str] = field(default_factory=Counter)  # "minute", "day", "none"
    months: Counter[str] = field(default_factory=Counter)  # "2006-12" -> posts
    tags: Counter[str] = field(default_factory=Counter)
    untagged: int = 0
    first: str | None = None
    last: str | None = None
    with_warc: int = 0


def summarize(records: Iterable[dict[str, Any]]) -> Summary:
    """Counts over the records, read once: memory stays flat however many posts there are."""
    summary = Summary()
    for record in records:
        summary.posts += 1
        summary.comments += len(record.get("comments") or [])
        summary.precision[record.get("published_precision") or "none"] += 1
        published = record.get("published")
        if published:
            summary.months[str(published)[:7]] += 1
            summary.first = min(summary.first or str(published), str(published))
            summary.last = max(summary.last or str(published), str(published))
        summary.tags.update(record.get("tags") or [])
        summary.untagged += not record.get("tags")
        summary.with_warc += bool(record.get("warc"))
    return summary


def _type(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return " or ".join("null" if v is None else f'"{v}"' for v in prop["enum"])
    kinds = prop.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "array" in kinds and prop.get("items", {}).get("type") == "string":
        return "list of strings"
    return " or ".join("list" if k == "array" else k for k in kinds)


def field_rows(schema: dict[str, Any], prefix: str = "") -> list[str]:
    """One Markdown table row per field, nested objects (comments, warc) as `a[].b` / `a.b`."""
    rows = []
    for name, prop in schema["properties"].items():
        rows.append(f"| `{prefix}{name}` | {_type(prop)} | {prop.get('description', '')} |")
        if "properties" in prop:
            rows += field_rows(prop, f"{prefix}{name}.")
        elif "properties" in prop.get("items", {}):
            rows += field_rows(prop["items"], f"{prefix}{name}[].")
    return rows


def render(summary: Summary, provenance: dict[str, str]) -> str:
    schema = post_schema()
    tags = [f"| {tag} | {n} |" for tag, n in sorted(summary.tags.items(), key=_by_count)]
    lines = [
        "# Dataset card: posts.jsonl",
        "",
        "A Dotclear 2 blog's posts, archived by archiver: one JSON object a line (UTF-8),",
        f"schema version {schema['properties']['schema_version']['const']}"
        " (`archiver/dataset/schema/post.schema.json`);"
        " the pages themselves are in the WARC files.",
        "",
        "## Counts",
        "",
        *_counts(summary),
        "",
        f"![posts per month and per tag]({PLOT})",
        "",
        "## Provenance",
        "",
        *[f"- {name}: {value}" for name, value in provenance.items()],
        "",
        "## Fields",
        "",
        "| field | type | meaning |",
        "|---|---|---|",
        *field_rows(schema),
        "",
        "## Tags",
        "",
        "| tag | posts |",
        "|---|---|",
        *tags,
        "",
    ]
    return "\n".join(lines)


def _counts(summary: Summary) -> list[str]:
    precision = ", ".join(f"{n} {k}" for k, n in sorted(summary.precision.items()))
    return [
        f"- posts: {summary.posts}",
        f"- comments: {summary.comments}",
        f"- dates: {precision or 'none'}",
        f"- first post: {summary.first or 'unknown'}",
        f"- last post: {summary.last or 'unknown'}",
        f"- tags: {len(summary.tags)} ({summary.untagged} posts untagged)",
        f"- posts traced to a WARC record: {summary.with_warc}",
    ]


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def plot(summary: Summary, path: Path) -> None:
    """Posts per month (every month from first to last, empty ones too) and per tag."""
    chart = chart_svg(summary.posts, summary.months, summary.tags, TOP_TAGS)
    path.write_text(chart, encoding="utf-8")


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_card(output: Path, provenance: dict[str, str]) -> Summary:
    """README.md and posts.svg in `output`, from `output`/posts.jsonl."""
    summary = summarize(read_records(output / "posts.jsonl"))
    (output / CARD).write_text(render(summary, provenance), encoding="utf-8")
    plot(summary, output / PLOT)
    return summary


class DatasetCard:
    """Extension: the card, once the feed exporter has closed posts.jsonl."""

    def __init__(self, crawler: Crawler, output: Path) -> None:
        self.crawler = crawler
        self.output = output

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("ARCHIVER_DATASET_CARD", True):
            raise NotConfigured("ARCHIVER_DATASET_CARD is off")
        ext = cls(crawler, Path(crawler.settings.get("ARCHIVER_OUTPUT") or "output"))
        crawler.signals.connect(ext.feed_exporter_closed, signal=signals.feed_exporter_closed)
        return ext

    def provenance(self) -> dict[str, str]:
        import scrapy

        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        spider = self.crawler.spider
        started = stats.get("start_time")
        settings = self.crawler.settings
        return {
            "made by": f"archiver {__version__} crawl (Scrapy {scrapy.__version__})",
            "start URLs": " ".join(getattr(spider, "start_urls_for_warcinfo", None) or []),
            "crawl started": started.isoformat(timespec="seconds") if started else "unknown",
            "crawl ended": datetime.now(UTC).isoformat(timespec="seconds"),
            "pages fetched": str(stats.get("downloader/response_count", 0)),
            "pages failed": str(stats.get("archiver/pages/failed", 0)),
            "WARC file": Path(stats.get("archiver/warc/path", "none")).name,
            "User-Agent": settings.get("USER_AGENT") or "",
            "commenters pseudonymised": "yes"
            if settings.get("ARCHIVER_PSEUDONYMISE_SALT")
            else "no",
        }

    def feed_exporter_closed(self) -> None:
        assert self.crawler.stats is not None
        if self.crawler.stats.get_value("finish_reason") == COULD_NOT_START:
            return  # nothing archived: an earlier card stays as it was
        posts = self.output / "posts.jsonl"
        if not posts.exists():
            logger.warning("No %s: no dataset card written", posts)
            return
        try:
            summary = write_card(self.output, self.provenance())
        except Exception:  # the card must not cost the crawl its exit status
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("archiver/card/errors")
            logger.exception("Could not write the dataset card in %s", self.output)
            return
        logger.info("Dataset card: %s (%d posts)", self.output / CARD, summary.posts)
