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


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child_text(entry: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in entry:
            if _local(child) == name and (child.text or "").strip():
                return (child.text or "").strip()
    return None


def _entry_link(entry: etree._Element) -> str | None:
    for child in entry:
        if _local(child) != "link":
            continue
        if child.get("href") and child.get("rel", "alternate") == "alternate":
            return child.get("href")
        if not child.get("href") and (child.text or "").strip():
            return (child.text or "").strip()
    return None


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
    entries = []
    for el in root.iter():
        if _local(el) not in ("entry", "item"):
            continue
        link = _entry_link(el)
        if not link:
            continue
        entries.append(
            FeedEntry(
                url=absolute(url, link),
                published=_child_text(el, "published", "pubDate", "date", "issued", "updated"),
                title=_child_text(el, "title"),
                updated=_child_text(el, "updated"),
            )
        )
    return entries
