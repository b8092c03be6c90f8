"""What a complete copy of the synthetic blog needs: every same-host page and requisite, once.

Found by walking the blog's own rendering (the sample site, no server), as a visitor's browser
would: from the home page and the tags page, every HTML page is read for what it links and
embeds, every stylesheet for what it imports and names (archiver/archive/requisites.py reads
both). Left out, as a crawl leaves them out (docs/requisites.md): other hosts, what robots.txt
disallows, search results (a ``q`` parameter) and the archive calendar's days and years.
Feeds, media and other files are captured, not read further.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from urllib.parse import parse_qsl, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from archiver.archive.requisites import css_requisites, page_parts
from archiver.dotclear import markup as dc
from archiver.dotclear.parsers import parse_html
from archiver.sample_blog.site import SampleSite

BASE = "http://127.0.0.1:1/"  # any: the site renders its URLs from the one asked with
STARTS = ("/robots.txt", "/", "/tags")  # what a crawl asks for first


def target(url: str) -> str:
    """A URL's request target (path and query), as the server's log names it."""
    parts = urlsplit(url)
    return (parts.path or "/") + ("?" + parts.query if parts.query else "")


def complete_copy(site: SampleSite) -> list[str]:
    """The request targets of every page and requisite a complete copy holds, in walk order."""
    seen = dict.fromkeys(STARTS)
    queue = list(STARTS)
    wanted = _wanted(site)
    while queue:
        for found in named_by(site, [queue.pop()], wanted):
            if found not in seen:
                seen[found] = None
                queue.append(found)
    return list(seen)


def named_by(
    site: SampleSite, paths: Iterable[str], wanted: Callable[[str], bool] | None = None
) -> dict[str, None]:
    """The request targets that the pages (or stylesheets) at `paths` link or embed and that a
    crawl would fetch (same host, allowed by robots.txt, neither search nor calendar)."""
    wanted = wanted or _wanted(site)
    named: dict[str, None] = {}
    for path in paths:
        named.update((target(url), None) for url in _named(site, path) if wanted(url))
    return named


def _named(site: SampleSite, path: str) -> Iterator[str]:
    """The URLs a page or stylesheet names: links and requisites (other files name none)."""
    page = site.render(BASE, path)
    url = urljoin(BASE, path)
    if page.status != 200:
        return
    if page.content_type.startswith("text/css"):
        yield from (r.url for r in css_requisites(page.body.decode("utf-8"), url))
    elif page.content_type.startswith("text/html"):
        parts = page_parts(parse_html(url, page.body), url)
        yield from (r.url for r in parts.requisites)
        yield from parts.links


def _wanted(site: SampleSite) -> Callable[[str], bool]:
    robots = RobotFileParser()
    robots.parse(site.render(BASE, "/robots.txt").body.decode("utf-8").splitlines())
    blog = dc.Blog(BASE)

    def wanted(url: str) -> bool:
        parts = urlsplit(url)
        if parts.netloc != urlsplit(BASE).netloc or not robots.can_fetch("*", url):
            return False
        if any(name == "q" for name, _ in parse_qsl(parts.query, True)):
            return False  # search results
        route = blog.route(url) or ""
        return not (blog.kind(url) is dc.Kind.OTHER and route.startswith("archive/"))  # calendar

    return wanted
