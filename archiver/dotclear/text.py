"""A page's text as the dataset gives it: blocks and line breaks kept, white space squeezed.

Pure functions over lxml elements (archiver/dotclear/parsers.py reads posts and comments with
them). No-break spaces are French typography and stay.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree
from lxml.html import HtmlElement

BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table tbody thead tfoot tr td th ul".split()
)
SKIP_TAGS = frozenset(["script", "style", "noscript", "template"])
_BREAK = "\x00"  # between blocks
_LINE = "\x01"  # a <br>: source newlines are only white space
_SPACES = " \t\r\n\f\v"  # no-break spaces are French typography: kept


def _pieces(el: HtmlElement, out: list[str]) -> None:
    """Append `el`'s text to `out`, blocks and <br> marked (a list: no generator per level).
    Each of `tag`, `text`, `tail` read once: lxml builds a new str at every read."""
    tag = el.tag
    if not isinstance(tag, str) or tag in SKIP_TAGS:  # a comment's text is not the page's
        return
    block = tag in BLOCK_TAGS
    if block:
        out.append(_BREAK)
    elif tag == "br":
        out.append(_LINE)
    text = el.text
    if text:
        out.append(text)
    for child in el:
        _pieces(child, out)
        tail = child.tail
        if tail:
            out.append(tail)
    if block:
        out.append(_BREAK)


def block_text(elements: Iterable[HtmlElement]) -> str:
    """Readable text: blocks separated by a blank line, <br> kept as a line break."""
    pieces: list[str] = []
    for el in elements:
        _pieces(el, pieces)
    # White space never runs across the markers (they are not white space): one pass for all.
    raw = squeeze("".join(pieces))
    if _LINE not in raw:  # no <br>: a block is one line
        return "\n\n".join(text for block in raw.split(_BREAK) if (text := block.strip()))
    paragraphs = []
    for block in raw.split(_BREAK):
        lines = (line.strip() for line in block.split(_LINE))
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def squeeze(text: str) -> str:
    """Each run of white space (no-break spaces aside) as one space: str methods, 7x faster
    than a substitution on a post's text, where most runs are one space already."""
    for space in _SPACES[1:]:
        if space in text:
            text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def inline_text(el: HtmlElement | None) -> str | None:
    if el is None:
        return None
    text = squeeze(el.text_content()).strip()
    return text or None


def inner_html(el: HtmlElement) -> str:
    parts = [el.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in el)
    return "".join(parts).strip()


_CONNECTORS = frozenset("le la par de du by on from à at - , . :".split())


def strip_words(text: str | None) -> str | None:
    """Drop the interface's connecting words around a name ("Par X," -> "X")."""
    if not text:
        return None
    words = text.replace(",", " , ").split()
    while words and words[0].lower() in _CONNECTORS:
        words.pop(0)
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    return " ".join(words).replace(" , ", ", ") or None
