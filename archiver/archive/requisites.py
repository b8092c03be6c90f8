"""Page requisites: what an HTML page or a stylesheet needs to render, and a page's links.

Pure, no Scrapy: an lxml tree (the one the spider already parsed) or CSS text in, typed
records out, each URL resolved against the document's URL (a page's ``<base href>`` honoured)
and its fragment dropped. data:, javascript:, about: and blob: URLs are never requisites.

An HTML page is read from its tree (:func:`page_parts`, 0.17 ms a page): the elements that embed
something (``<link rel=stylesheet|icon|preload…>``, ``<script src>``, ``<img src/srcset>``,
``<source src/srcset>``, ``<video|audio src/poster>``, ``<track src>``, ``<input type=image>``,
``<object data>``, ``<embed src>``, ``<iframe|frame src>``, ``style`` attributes and
``<style>`` blocks), and the links a visitor follows (``<a href>``, ``<area href>``, the other
``<link>`` elements). CSS is read by tinycss2's tokenizer (comments and escapes as a browser
reads them): ``@import`` in its string and ``url()`` forms, every ``url()`` and the strings of
``image-set()``. A ``url()`` inside ``@font-face`` or naming a font file is a font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import tinycss2
from lxml import etree
from w3lib.url import safe_url_string

KINDS = (
    "stylesheet",
    "css-import",
    "script",
    "image",
    "font",
    "media",
    "frame",
    "object",
    "icon",
    "preload",
)
STYLESHEET_KINDS = frozenset(["stylesheet", "css-import"])  # fetched, then read as CSS
FONT_EXTENSIONS = (".woff", ".woff2", ".ttf", ".otf", ".eot")
_SKIPPED_SCHEMES = ("data:", "javascript:", "about:", "blob:", "mailto:", "tel:")
_WHITESPACE = " \t\n\r\f"
# rel tokens (lower case) of a <link> that embeds; any other <link> is a link.
_LINK_RELS = {
    "stylesheet": "stylesheet",
    "icon": "icon",
    "apple-touch-icon": "icon",
    "apple-touch-icon-precomposed": "icon",
    "mask-icon": "icon",
    "preload": "preload",
}
# <link rel=preload as=...>: the kind of what it preloads.
_PRELOAD_AS = {"style": "stylesheet", "script": "script", "font": "font", "image": "image"}
_PRELOAD_AS |= {"audio": "media", "video": "media", "track": "media"}
_IMAGE_SET = frozenset(["image-set", "-webkit-image-set"])

# The elements that may name a requisite or a link, found by lxml's own walk (a third of what
# an XPath testing their attributes costs); style attributes, on any element, by XPath.
_TAGS = tuple(
    "a area link script img source video audio track input object embed iframe frame style".split()
)
# The values themselves, in document order: no element proxy made for each styled element.
_STYLES = etree.XPath("/descendant::*/@style", smart_strings=False)
_BASE = etree.XPath("/html/head/base/@href", smart_strings=False)


@dataclass(frozen=True, slots=True)
class Requisite:
    """A resource a document embeds: its absolute URL and what it is (one of KINDS)."""

    url: str
    kind: str


@dataclass(slots=True)
class PageParts:
    """An HTML page's requisites and links, each listed once, in document order (the URLs
    of style attributes after the others)."""

    requisites: list[Requisite] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Collector:
    """Resolves and gathers one document's URLs, each once."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.requisites: dict[str, Requisite] = {}
        self.links: dict[str, None] = {}

    def add(self, value: str | None, kind: str) -> None:
        url = resolve(self.base, value)
        if url is not None and url not in self.requisites:
            self.requisites[url] = Requisite(url, kind)

    def link(self, value: str | None) -> None:
        url = resolve(self.base, value)
        if url is not None:
            self.links.setdefault(url, None)

    def srcset(self, value: str | None, kind: str = "image") -> None:
        for candidate in srcset_urls(value or ""):
            self.add(candidate, kind)

    def css(self, text: str | None, *, stylesheet: bool) -> None:
        if text and _may_name_urls(text):
            for requisite in _css(text, self.base, stylesheet=stylesheet):
                self.requisites.setdefault(requisite.url, requisite)


def resolve(base: str, value: str | None) -> str | None:
    """`value` resolved against `base`, percent-encoded, fragment dropped; None if it names
    nothing to fetch (empty, a fragment only, data:, javascript:...)."""
    if value is None:
        return None
    known = _PLAIN_SEEN.get(value)
    if known is not None:  # an absolute URL met before: the sidebar's, on every page
        return known
    value = value.strip(_WHITESPACE)
    if not value or value.startswith("#") or value.lower().startswith(_SKIPPED_SCHEMES):
        return None
    # What urljoin and safe_url_string would give back, the fragment dropped: most of a blog's
    # links ("#comments" too: the part before the first "#" is quoted apart from it).
    plain = value.split("#", 1)[0] if "#" in value else value
    if plain.isascii() and _PLAIN_ABSOLUTE.fullmatch(plain):
        if len(_PLAIN_SEEN) >= _PLAIN_SEEN_MAX:
            _PLAIN_SEEN.clear()
        _PLAIN_SEEN[value] = plain
        return plain
    if _FROM_ROOT.match(value) or _HAS_HOST.match(value):
        base = _origin(base)  # the same URL on every page of the host: resolved once
    return _resolve(base, value)


# An absolute http(s) URL that urljoin and safe_url_string return as it is: lower-case scheme,
# a host, ASCII with nothing they would drop or encode (white space, controls, quotes, angle
# brackets, braces...), no "?", "#" or ";" (an empty query or fragment would be dropped).
_PLAIN_ABSOLUTE = re.compile(
    r"https?://[^\x00-\x20\x7f/?#;\[\]\\\"<>{}|^`]+(?:/(?:[^\x00-\x20\x7f?#;\[\]\\\"<>{}|^`%]|%[0-9A-Fa-f]{2})*)?"
)
# A host named ("//h/p"; not "//" nor "///p", whose empty host is the page's), or a path from
# the root ("/p"): the same URL on every page of the host.
_HAS_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#\\\s]")
_FROM_ROOT = re.compile(r"/(?!/)")
# Values whose part before any "#" matched _PLAIN_ABSOLUTE (no white space to strip), and that
# part: found again by one hash lookup instead of five string tests and a regex.
_PLAIN_SEEN: dict[str, str] = {}
_PLAIN_SEEN_MAX = 8192


@lru_cache(maxsize=1024)
def _origin(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}/" if parts.netloc else base


@lru_cache(maxsize=8192)  # a theme's files are named alike on every page
def _resolve(base: str, value: str) -> str | None:
    try:
        url = safe_url_string(urljoin(base, value)).split("#", 1)[0]
    except ValueError:  # "http://[::1": no URL parser takes it
        return None
    return url if url.startswith(("http://", "https://")) else None


def page_parts(doc: Any, url: str) -> PageParts:
    """The requisites and links of a parsed HTML page (lxml.html)."""
    bases = _BASE(doc)
    base = urljoin(url, str(bases[0]).strip()) if bases and str(bases[0]).strip() else url
    found = _Collector(base)
    links, known = found.links, _PLAIN_SEEN
    for el in doc.iter(*_TAGS):
        tag = el.tag  # lxml.html names tags in lower case
        if tag == "a":  # most of a page's elements, most naming a URL met before: inline
            href = el.get("href")
            link = known.get(href) if href is not None else None
            if link is None:
                link = resolve(base, href)
            if link is not None:
                links[link] = None  # kept at its first place if there (as setdefault)
        else:
            _HANDLERS[tag](el, found)
    for style in _STYLES(doc):
        found.css(style, stylesheet=False)
    return PageParts(list(found.requisites.values()), list(found.links))


def html_requisites(doc: Any, url: str) -> list[Requisite]:
    return page_parts(doc, url).requisites


@lru_cache(maxsize=256)  # a theme's few rel values ("chapter" on each category's link...)
def _rel_kind(rel: str) -> str | None:
    """What a <link rel> embeds (its first embedding token's kind); None for a link."""
    return next((_LINK_RELS[token] for token in rel.lower().split() if token in _LINK_RELS), None)


def _link(el: Any, found: _Collector) -> None:
    kind = _rel_kind(el.get("rel") or "")
    if kind is None:
        found.link(el.get("href"))
    elif kind == "preload":
        found.add(el.get("href"), _PRELOAD_AS.get((el.get("as") or "").lower(), "preload"))
        found.srcset(el.get("imagesrcset"))
    else:
        found.add(el.get("href"), kind)


def _img(el: Any, found: _Collector) -> None:
    found.add(el.get("src"), "image")
    found.srcset(el.get("srcset"))


def _source(el: Any, found: _Collector) -> None:
    """In <picture> a srcset of images; in <video>/<audio> a src of media."""
    found.srcset(el.get("srcset"))
    found.add(el.get("src"), "media")


def _media(el: Any, found: _Collector) -> None:
    found.add(el.get("src"), "media")
    found.add(el.get("poster"), "image")


def _input(el: Any, found: _Collector) -> None:
    if (el.get("type") or "").strip().lower() == "image":
        found.add(el.get("src"), "image")


def _style(el: Any, found: _Collector) -> None:
    found.css(el.text, stylesheet=True)


_HANDLERS = {
    "a": lambda el, found: found.link(el.get("href")),
    "area": lambda el, found: found.link(el.get("href")),
    "link": _link,
    "script": lambda el, found: found.add(el.get("src"), "script"),
    "img": _img,
    "source": _source,
    "video": _media,
    "audio": _media,
    "track": lambda el, found: found.add(el.get("src"), "media"),
    "input": _input,
    "object": lambda el, found: found.add(el.get("data"), "object"),
    "embed": lambda el, found: found.add(el.get("src"), "object"),
    "iframe": lambda el, found: found.add(el.get("src"), "frame"),
    "frame": lambda el, found: found.add(el.get("src"), "frame"),
    "style": _style,
}


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset attribute, descriptors ("2x", "480w") left out (HTML's parsing
    of image candidate strings: a URL runs to white space; descriptors run to a comma
    outside parentheses)."""
    urls: list[str] = []
    pos, end = 0, len(value)
    while True:
        while pos < end and (value[pos] in _WHITESPACE or value[pos] == ","):
            pos += 1
        if pos >= end:
            return urls
        start = pos
        while pos < end and value[pos] not in _WHITESPACE:
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            pos = _descriptors_end(value, pos)
        if url:
            urls.append(url)


def _descriptors_end(value: str, pos: int) -> int:
    depth = 0
    while pos < len(value):
        char = value[pos]
        pos += 1
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == "," and not depth:
            break
    return pos


# --- CSS -----------------------------------------------------------------------------------


def css_requisites(css: str, url: str) -> list[Requisite]:
    """What a stylesheet needs: its @import-ed stylesheets, fonts and pictures."""
    return list(dict.fromkeys(_css(css, url, stylesheet=True))) if _may_name_urls(css) else []


def _may_name_urls(text: str) -> bool:
    """Cheap test first: most style attributes name no URL (an escape could spell one)."""
    return "url" in text.lower() or "@import" in text.lower() or "\\" in text or "set(" in text


def _css(text: str, base: str, *, stylesheet: bool) -> list[Requisite]:
    found = []
    for value, kind in _css_names(text, stylesheet):
        url = resolve(base, value)
        if url is not None:
            found.append(Requisite(url, kind or _kind_by_name(url)))
    return found


_Named = list[tuple[str, str | None]]  # (URL as written, its kind; None: told by its name)


# A theme's <style> block repeats on every page: tokenized once.
@lru_cache(maxsize=1024)
def _css_names(text: str, stylesheet: bool) -> tuple[tuple[str, str | None], ...]:
    found: _Named = []
    if not stylesheet:  # a style attribute: declarations only
        _tokens(tinycss2.parse_component_value_list(text), None, found)
        return tuple(found)
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            _import(rule.prelude, found)
            continue
        font = rule.type == "at-rule" and rule.lower_at_keyword == "font-face"
        _tokens(getattr(rule, "prelude", None) or [], None, found)
        _tokens(getattr(rule, "content", None) or [], "font" if font else None, found)
    return tuple(found)


def _import(prelude: list[Any], found: _Named) -> None:
    for token in prelude:
        if token.type in ("whitespace", "comment"):
            continue
        value = _url_value(token) if token.type != "string" else token.value
        if value is not None:
            found.append((value, "css-import"))
        return


def _url_value(token: Any) -> str | None:
    """The URL of a url token or of a url("...") function; None for anything else."""
    if token.type == "url":
        return str(token.value)
    if token.type == "function" and token.lower_name in ("url", "src"):
        strings = [t.value for t in token.arguments if t.type == "string"]
        return str(strings[0]) if strings else None
    return None


def _tokens(tokens: list[Any], kind: str | None, found: _Named) -> None:
    """Every url() among `tokens`, nested blocks and functions included."""
    for token in tokens:
        value = _url_value(token)
        if value is not None:
            found.append((value, kind))
            continue
        if token.type == "function" and token.lower_name in _IMAGE_SET:
            found.extend((arg.value, "image") for arg in token.arguments if arg.type == "string")
        children = getattr(token, "arguments", None) or getattr(token, "content", None)
        if isinstance(children, list):
            _tokens(children, kind, found)


def _kind_by_name(url: str) -> str:
    path = url.split("?", 1)[0].lower()
    return "font" if path.endswith(FONT_EXTENSIONS) else "image"
