"""The sample Dotclear 2 blog: renders any URL of the site on demand, as Dotclear would.

    site = SampleSite(theme="berlin", encoding="iso-8859-1")
    page = site.render("http://127.0.0.1:8000/", "/tag/economie%20sociale%20et%20solidaire/page/2")

URLs follow Dotclear's path-info mode: `/`, `/page/N`, `/post/{slug}`, `/tag/{id}[/page/N]`,
`/tags`, `/category/{cat_url}[/page/N]`, `/archive`, `/archive/YYYY/MM`, `/feed/atom`,
`/feed/rss2`, `/feed/(atom|rss2)/comments[/ID]`, `/feed/tag/{id}/(atom|rss2)[/comments]`,
`/feed/category/{cat_url}/(atom|rss2)[/comments]`, plus `/robots.txt`, `/rsd`, `/xbel` and the
theme, plugin and media files of assets.py. Anything else is the theme's 404 page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import format_datetime
from urllib.parse import unquote

from archiver.sample_blog import assets, feeds
from archiver.sample_blog.blog import Blog, Listing, Urls
from archiver.sample_blog.context import Ctx, Options
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.pages import Renderer

THEMES = ("default", "berlin", "ductile")
ENCODINGS = {"utf-8": ("UTF-8", "utf-8"), "iso-8859-1": ("ISO-8859-1", "latin-1")}
ROBOTS_TXT = "User-agent: *\nDisallow: /search\n"


@dataclass(frozen=True)
class ServedRequest:
    """One request a SampleBlogServer answered, as its log keeps it."""

    method: str
    path: str  # the request target as received ("/tag/a%20b?x=1")
    status: int
    body: bytes  # the body bytes sent (gzip bytes when gzipped, without chunk framing)
    headers: tuple[tuple[str, str], ...] = field(default=())  # response headers sent


@dataclass
class Page:
    status: int
    content_type: str
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


def split_page(args: str) -> tuple[str, int | None]:
    """dcUrlHandlers::getPageNumber: "tag/x/page/2" -> ("tag/x", 2); page/0 is no page."""
    match = re.search(r"(^|/)page/([0-9]+)$", args)
    if match and int(match.group(2)) > 0:
        return args[: match.start()], int(match.group(2))
    return args, None


class SampleSite:
    """A Dotclear 2 blog rendered from SamplePosts (by default the bundled content.POSTS)."""

    def __init__(
        self,
        posts: Sequence[SamplePost] | None = None,
        *,
        theme: str = "default",
        encoding: str = "utf-8",
        machine_dates: bool = True,
        comment_times: bool = True,
        feed_size: int = 100,
        per_page: int = 10,
    ) -> None:
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}, expected one of {THEMES}")
        if encoding.lower() not in ENCODINGS:
            raise ValueError(f"unknown encoding {encoding!r}, expected utf-8 or iso-8859-1")
        if posts is None:
            from archiver.sample_blog.content import POSTS

            posts = POSTS
        self.blog = Blog(list(posts))
        self.charset, self.codec = ENCODINGS[encoding.lower()]
        self.opts = Options(theme, self.charset, machine_dates, comment_times, per_page, feed_size)
        self.theme = Renderer(theme)
        self.words = self.theme.words

    def asset_paths(self) -> list[str]:
        """The path (and query) of every file the blog serves beside its pages in its theme:
        theme files (as /themes/... and as ?tf=), plugin files (?pf=), media, the favicon."""
        return assets.paths(self.opts.theme)

    def render(self, base_url: str, path: str) -> Page:
        """The response to a GET of `path` (request target, may hold a query) on `base_url`."""
        base = base_url if base_url.endswith("/") else base_url + "/"
        raw_path, _, query = path.partition("?")
        part = unquote(raw_path).lstrip("/")
        self_uri = base + path.lstrip("/")
        page = self._special(base, part, query, self_uri)
        if page is None:
            page = self._html(base, part)
        page.headers.append(
            (
                "Last-Modified",
                format_datetime(self.blog.updated.astimezone(UTC), usegmt=True),
            )
        )
        etag = hashlib.md5(page.body + self_uri.encode("utf-8")).hexdigest()
        page.headers.append(("ETag", f'"{etag}"'))
        return page

    def _special(self, base: str, part: str, query: str, self_uri: str) -> Page | None:
        """Non-HTML documents: feeds, robots.txt, RSD, XBEL, theme, plugin and media files."""
        path = assets.lookup(self.opts.theme, part, unquote(query))
        if path is not None:
            found = assets.read(path)
            if found is not None:
                return Page(200, found[0], found[1])
            if not path.startswith("public/") and path != "favicon.ico":
                return Page(404, "text/plain", b"Not Found\n")
        if part == "robots.txt":
            return Page(200, "text/plain", ROBOTS_TXT.encode("ascii"))
        if part in ("rsd", "xbel"):
            return _service_doc(part, base, self.blog.settings.name)
        if part.startswith("feed/"):
            return self._feed(base, part[len("feed/") :], self_uri)
        return None

    def _ctx(self, base: str, part: str, url_type: str) -> Ctx:
        return Ctx(self.blog, Urls(base), self.opts, self.words, part, url_type)

    def _html(self, base: str, part: str) -> Page:
        ctx = self._ctx(base, part, "404")
        try:
            html = self._route(ctx, part)
        except LookupError:
            html = None
        if html is None:
            ctx.url_type = "404"
            return self._page(404, self.theme.not_found(ctx))
        return self._page(200, html)

    def _page(self, status: int, html: str) -> Page:
        body = html.encode(self.codec, errors="xmlcharrefreplace")
        return Page(status, f"text/html; charset={self.charset}", body)

    def _route(self, ctx: Ctx, part: str) -> str | None:
        args, number = split_page(part)
        handler, _, rest = args.partition("/")
        if args == "":
            ctx.url_type = "default-page" if number and number > 1 else "default"
            return self.theme.home(ctx, self._listing(self.blog.posts, number))
        if handler == "tag" and rest:
            return self._tag(ctx, rest, number)
        if handler == "category" and rest:
            return self._category(ctx, rest, number)
        if number is not None:
            return None
        if handler == "post" and rest:
            return self._post(ctx, rest)
        if args == "tags":
            ctx.url_type = "tags"
            return self.theme.tags(ctx)
        if handler == "archive":
            return self._archive(ctx, rest if "/" in args else None)
        return None

    def _listing(self, posts: list[SamplePost], number: int | None) -> Listing:
        return Listing(posts, number or 1, self.opts.per_page)

    def _tag(self, ctx: Ctx, tag_id: str, number: int | None) -> str | None:
        posts = self.blog.with_tag(tag_id)
        if not posts:
            return None
        ctx.url_type = "tag"
        return self.theme.tag(ctx, tag_id, self._listing(posts, number))

    def _category(self, ctx: Ctx, cat_url: str, number: int | None) -> str | None:
        name = self.blog.categories.get(cat_url)
        if name is None:
            return None
        ctx.url_type, ctx.current_category = "category", name
        return self.theme.category(ctx, name, self._listing(self.blog.in_category(name), number))

    def _post(self, ctx: Ctx, slug: str) -> str | None:
        entry = self.blog.by_slug.get(slug)
        if entry is None:
            return None
        ctx.url_type, ctx.current_category = "post", entry.category
        ctx.current_post_tags = entry.tags
        return self.theme.post(ctx, entry)

    def _archive(self, ctx: Ctx, rest: str | None) -> str | None:
        ctx.url_type = "archive"
        if rest is None:
            return self.theme.archive(ctx)
        match = re.fullmatch(r"([0-9]{4})/([0-9]{2})", rest)
        if not match or not self.blog.in_month(int(match.group(1)), int(match.group(2))):
            return None
        return self.theme.archive_month(ctx, int(match.group(1)), int(match.group(2)))

    def _feed(self, base: str, args: str, self_uri: str) -> Page:
        """dcUrlHandlers::feed and urlTags::tagFeed."""
        urls = Urls(base)
        generator = (
            "http://www.dotclear.org/"
            if self.opts.theme == "default"
            else "https://www.dotclear.org/"
        )
        match = re.fullmatch(
            r"(?:(tag|category)/(.+)/)?(atom|rss2)(/comments)?(?:/([0-9]+))?", args
        )
        posts = self._feed_posts(match)
        if match is None or posts is None:
            return self._html(base, "feed/" + args)
        scope, _, kind, comments, post_id = match.groups()
        subtitle = self._feed_subtitle(match, posts)
        req = feeds.FeedRequest(kind, self_uri, subtitle, generator)
        size = self.opts.feed_size
        if comments or post_id:
            ids = {p.id for p in posts}
            chosen = [c for c in self.blog.all_comments if c.post.id in ids][:size]
            text = feeds.comments_feed(self.blog, urls, req, chosen)
        else:
            text = feeds.posts_feed(self.blog, urls, req, posts[:size])
        mime = "application/atom+xml" if kind == "atom" else "application/xml"
        page = Page(200, f"{mime}; charset=UTF-8", text.encode("utf-8"))
        page.headers.append(("X-Robots-Tag", self.blog.settings.robots))
        return page

    def _feed_posts(self, match: re.Match[str] | None) -> list[SamplePost] | None:
        if match is None:
            return None
        scope, value, _, comments, post_id = match.groups()
        if post_id and (scope or not comments):
            return None
        if post_id:
            entry = self.blog.by_id.get(int(post_id))
            return [entry] if entry else None
        if scope == "tag":
            return self.blog.with_tag(value) or None
        if scope == "category":
            name = self.blog.categories.get(value)
            return self.blog.in_category(name) if name else None
        return self.blog.posts

    def _feed_subtitle(self, match: re.Match[str], posts: list[SamplePost]) -> str:
        scope, value, _, _, post_id = match.groups()
        if post_id:
            return " - " + posts[0].title
        if scope == "tag":
            return " - " + value
        if scope == "category":
            return " - " + self.blog.categories[value]
        return ""


def _service_doc(kind: str, base: str, name: str) -> Page:
    """The RSD (EditURI) and XBEL (blogroll) documents linked from the pages' heads."""
    if kind == "rsd":
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rsd version="1.0" '
            'xmlns="http://archipelago.phrasewise.com/rsd">\n<service>\n'
            "  <engineName>Dotclear</engineName>\n"
            "  <engineLink>http://www.dotclear.net/</engineLink>\n"
            f"  <homePageLink>{base}</homePageLink>\n</service>\n</rsd>\n"
        )
        return Page(200, "text/xml; charset=UTF-8", text.encode("utf-8"))
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE xbel PUBLIC "+//IDN python.org//DTD XML Bookmark Exchange Language 1.0//'
        'EN//XML" '
        '"http://www.python.org/topics/xml/dtds/xbel-1.0.dtd">\n'
        f'<xbel version="1.0">\n<title>{name} blogroll</title>\n</xbel>\n'
    )
    return Page(200, "text/xml; charset=UTF-8", text.encode("utf-8"))
