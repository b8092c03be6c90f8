"""The feeds parser: Atom 1.0 and RSS 2.0 -> each entry's permalink and publication date.

Pure, like archiver/dotclear/parsers.py: the feeds are where a theme that prints only the day still
gives a post's exact time.
"""

from __future__ import annotations

import logging

from lxml import etree

from archiver.dataset.records import FeedEntry
from archiver.dotclear.parsers import absolute

logger = logging.getLogger(__name__)

# Entries in any namespace or none ("{*}" is lxml's wildcard): Atom's, RSS 2.0's, RSS 1.0's.
ENTRY_TAGS = ("{*}entry", "{*}item")
# Where an entry's publication date may be, in order of preference.
DATE_NAMES = ("published", "pubDate", "date", "issued", "updated")
_TEXT_NAMES = frozenset([*DATE_NAMES, "title"])


def _link(link: etree._Element) -> str | None:
    """A <link>'s URL: an Atom alternate's href, or an RSS link's text."""
    href = link.get("href")
    if href and link.get("rel", "alternate") == "alternate":
        return href
    if not href:
        return (link.text or "").strip() or None
    return None


def _entry(url: str, entry: etree._Element) -> FeedEntry | None:
    """One entry, its children read in one pass, each by its local name (namespace or prefix
    dropped): the first link that gives a URL, the first non-blank text of each name."""
    link = None
    texts: dict[str, str] = {}
    for child in entry:
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            continue
        # "{namespace}date", or "dc:date" when recover mode met an undeclared prefix
        name = tag.rpartition("}")[2].rpartition(":")[2]
        if name == "link":
            if link is None:
                link = _link(child)
        elif name in _TEXT_NAMES and name not in texts:
            text = (child.text or "").strip()
            if text:
                texts[name] = text
    if not link:
        return None
    return FeedEntry(
        url=absolute(url, link),
        published=next((texts[name] for name in DATE_NAMES if name in texts), None),
        title=texts.get("title"),
        updated=texts.get("updated"),
    )


def parse_feed(url: str, xml: bytes) -> list[FeedEntry]:
    """An Atom 1.0 or RSS 2.0 feed -> its entries' permalinks and publication dates."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(xml, parser) if xml.strip() else None
    except etree.XMLSyntaxError as error:  # beyond even recover mode ("\x00")
        logger.warning("Unreadable feed %s: %s", url, error)
        return []
    if root is None:
        return []
    entries = (_entry(url, el) for el in root.iter(*ENTRY_TAGS))
    return [entry for entry in entries if entry is not None]
