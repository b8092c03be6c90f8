"""The sample blog's posts: a Dotclear 2 blog on the social and solidarity economy and digital
inclusion (2006–2009), in the spirit of Jean-Luc Raymond's blog. The text is in data/posts.json.

The ten posts of page 2 of the tag "economie sociale et solidaire" are the real ones of
`shared/samples/tag-economie-sociale-et-solidaire-page-2.txt`, titles and text verbatim (including
its non-breaking spaces, written ``\\u00a0`` in the JSON); a few site names became example.org
links. Every other post is invented, generic content.

Shape of the listings this data yields (10 posts a page, newest first):

- tag "economie sociale et solidaire": 38 posts, 4 pages; page 1 from April 2009 back to March
  2007, page 2 the sample page, page 3 starting with "Café social (tendance 011)";
- other tags: "inclusion numérique" (13), "TIC" (10), "Espaces Publics Numériques" (8),
  "tendance" (5); eight posts have no tag at all.

Paragraphs are HTML fragments (inline markup only, ``&`` and ``<`` escaped); titles are plain text.
Dates are Paris wall-clock times, "YYYY-MM-DD HH:MM"; slugs follow from date and title.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from archiver.sample_blog.model import SampleComment, SamplePost

TZ = ZoneInfo("Europe/Paris")

# What Dotclear's text::tidyURL() strips from a title before turning spaces into hyphens.
_STRIPPED = str.maketrans("", "", '?&#=+<>"%')


def _dt(when: str) -> datetime:
    """'YYYY-MM-DD HH:MM', Paris wall-clock time, as an aware datetime."""
    return datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def slug(published: datetime, title: str) -> str:
    """Dotclear's post URL "{y}/{m}/{d}/{t}": accents and most punctuation kept, raw Unicode."""
    words = title.translate(_STRIPPED).replace("'", " ").split()
    tail = re.sub("-+", "-", "-".join(words))
    return unicodedata.normalize("NFC", f"{published:%Y/%m/%d}/{tail}")


def _comment(row: dict[str, Any]) -> SampleComment:
    return SampleComment(
        author=row["author"],
        website=row["website"],
        published=_dt(row["published"]),
        paragraphs=tuple(row["paragraphs"]),
    )


def _post(row: dict[str, Any]) -> SamplePost:
    published = _dt(row["published"])
    return SamplePost(
        id=row["id"],
        slug=slug(published, row["title"]),
        title=row["title"],
        published=published,
        author=row["author"],
        category=row["category"],
        tags=tuple(row["tags"]),
        paragraphs=tuple(row["paragraphs"]),
        comments=tuple(_comment(c) for c in row.get("comments", ())),
    )


def load(name: str = "posts.json") -> tuple[SamplePost, ...]:
    """The posts of a data file of the package (data/<name>), newest first as written."""
    text = resources.files("archiver.sample_blog").joinpath("data", name).read_text("utf-8")
    return tuple(_post(row) for row in json.loads(text))


POSTS: tuple[SamplePost, ...] = load()
