"""Fault mode for the sample blog: the trouble old shared hosting serves, on chosen URLs.

    faults = Faults(offhost="http://127.0.0.1:9999/")
    with SampleBlogServer(theme="default", faults=faults) as srv:
        ...
        faults.hits              # [Hit(at, path, fault, status)] in arrival order
        faults.plan              # {decoded path: fault name}

`Faults.serve(handler, target)` answers a request itself when its path carries a fault and
returns True; every other path is left to the normal site. Which post gets which fault is
fixed (by its place in the sample content), so tests know what to expect of each URL:
``faults.path_of("http-502")`` is the path of the post that always answers 502.

Run by hand: python -m archiver.sample_blog.server --faults
"""

from __future__ import annotations

import gzip
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol
from urllib.parse import quote, unquote

from archiver.sample_blog.site import Page, SampleSite, ServedRequest

# Which post (index in the blog's posts, newest first) carries which fault.
POST_FAULTS = {
    1: "http-503-retry-after",  # 503 with Retry-After: 1, twice, then the page
    3: "http-500-once",  # 500 once, then the page
    5: "http-429-retry-after",  # 429 with Retry-After: 1 once, then the page
    7: "http-502",  # 502 for ever: given up after the retries
    9: "slow-once",  # no answer for SLOW_SECONDS once (a timeout), then the page
    12: "reset-twice",  # connection reset mid-body twice, then the page
    13: "reset",  # connection reset mid-body for ever
    14: "truncated",  # the HTML cut after the post's content, as a dying PHP process leaves it
    17: "latin1-declared-utf8",  # ISO-8859-1 bytes in a page declared UTF-8
    19: "utf8-declared-latin1",  # UTF-8 bytes in a page declared ISO-8859-1
    22: "windows-1252",  # œ ’ € as Windows-1252 bytes in a page declared ISO-8859-1
    23: "dates-missing",  # no date in the page, nor in the feeds
    25: "dates-unparseable",  # a date no one can read, and none in the feeds
    27: "empty-body",  # the post's content is empty
    29: "redirect-offhost",  # 302 to another host
    31: "huge",  # a 50 MB page, chunked (no Content-Length to refuse it by)
    33: "gzip-bomb",  # a small gzip body that inflates to GZIP_BOMB_SIZE
}
SLOW_SECONDS = 4.0
HUGE_SIZE = 50 * 1024 * 1024
GZIP_BOMB_SIZE = 1024 * 1024 * 1024
WINDOWS_1252_TEXT = "Cœur d’ouvrage : 5 € la journée."
UNPARSEABLE_DATE = "le 31 févruary 20x6, 25:61"
LOOP_TAG = "economie sociale et solidaire"  # its last page links back to its page 1
TRAP_DAY = 24  # the calendar also links a day archive, a URL shape the crawler ignores
ROBOTS = {
    "disallow-tag": "User-agent: *\nDisallow: /search\nDisallow: /tag/TIC\n",
}


class Owner(Protocol):
    """What faults need of the server they sit in (server.SampleBlogServer; no import of it)."""

    site: SampleSite

    @property
    def url(self) -> str: ...

    def record(self, request: ServedRequest) -> None: ...


@dataclass
class Hit:
    at: float  # time.monotonic() when the request came in
    path: str  # decoded path
    fault: str
    status: int = -1  # once answered; 0 when the connection was reset instead


class Faults:
    """The fault plan of one server, and the log of the faults it served."""

    def __init__(
        self,
        offhost: str = "http://127.0.0.1:9/",
        robots: str = "disallow-tag",
        post_faults: Mapping[int, str] | None = None,
    ) -> None:
        if robots not in (*ROBOTS, "fail"):
            raise ValueError(f"robots must be one of {(*ROBOTS, 'fail')}, not {robots!r}")
        self.offhost = offhost
        self.robots = robots
        self.post_faults = dict(POST_FAULTS if post_faults is None else post_faults)
        self.plan: dict[str, str] = {}
        self.hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def attach(self, server: Owner) -> None:
        posts = server.site.blog.posts
        self.plan = {f"/post/{posts[i].slug}": name for i, name in self.post_faults.items()}
        self.plan["/robots.txt"] = f"robots-{self.robots}"

    def path_of(self, fault: str) -> str:
        """The decoded path carrying `fault`."""
        return next(path for path, name in self.plan.items() if name == fault)

    def hits_of(self, fault: str) -> list[Hit]:
        with self._lock:
            return [hit for hit in self.hits if hit.fault == fault]

    def serve(self, handler: Any, target: str, *, send_body: bool) -> bool:
        path = unquote(target.split("?", 1)[0])
        fault = self.plan.get(path) or _shape_fault(path)
        if fault is None:
            return False
        hit = Hit(time.monotonic(), path, fault)
        with self._lock:  # logged as it comes in: a slow answer may end after the crawl
            count = self._counts.get(path, 0)
            self._counts[path] = count + 1
            self.hits.append(hit)
        hit.status = _HANDLERS[fault](_Ctx(handler, target, path, count, send_body, self))
        return True


def _shape_fault(path: str) -> str | None:
    if re.fullmatch(r"/archive/\d{4}/\d{2}", path):
        return "calendar"
    if path.startswith(f"/tag/{LOOP_TAG}/page/"):
        return "pagination-loop"
    if re.fullmatch(r"/feed/(?:tag/.+/|category/.+/)?(?:atom|rss2)", path):
        return "feed-without-dates"
    return None


@dataclass
class _Ctx:
    handler: Any
    target: str
    path: str
    count: int  # earlier requests of this path
    send_body: bool
    faults: Faults

    @property
    def server(self) -> Owner:
        return self.handler.server.owner  # type: ignore[no-any-return]

    def page(self) -> Page:
        return self.server.site.render(self.server.url, self.target)

    def send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> int:
        """A whole response with its Content-Length."""
        self._head(status, [*headers, ("Content-Length", str(len(body)))], body)
        if self.send_body:
            self.handler.wfile.write(body)
        return status

    def send_page(self, page: Page, body: bytes | None = None, ctype: str | None = None) -> int:
        headers = [("Content-Type", ctype or page.content_type)]
        return self.send(page.status, headers, page.body if body is None else body)

    def _head(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.handler.send_response(status)
        for name, value in headers:
            self.handler.send_header(name, value)
        self.handler.end_headers()
        sent = body if self.send_body else b""
        self.server.record(ServedRequest(self.handler.command, self.target, status, sent))

    def reset_after(self, body: bytes) -> int:
        """Headers and half the body, then a TCP reset (SO_LINGER 0)."""
        self._head(200, [("Content-Type", "text/html; charset=UTF-8"), _length(body)], b"")
        self.handler.wfile.write(body[: len(body) // 2])
        self.handler.wfile.flush()
        linger = struct.pack("ii", 1, 0)
        self.handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.handler.close_connection = True
        self.handler.connection.close()
        return 0


def _length(body: bytes) -> tuple[str, str]:
    return ("Content-Length", str(len(body)))


def _error(status: int, times: int | None, retry_after: str | None) -> Callable[[_Ctx], int]:
    def serve(ctx: _Ctx) -> int:
        if times is not None and ctx.count >= times:
            return ctx.send_page(ctx.page())
        headers = [("Content-Type", "text/html; charset=UTF-8")]
        if retry_after is not None:
            headers.append(("Retry-After", retry_after))
        return ctx.send(status, headers, f"<html><body><h1>{status}</h1></body></html>".encode())

    return serve


def _slow_once(ctx: _Ctx) -> int:
    if ctx.count == 0:
        time.sleep(SLOW_SECONDS)
    return ctx.send_page(ctx.page())


def _reset(times: int | None) -> Callable[[_Ctx], int]:
    def serve(ctx: _Ctx) -> int:
        if times is not None and ctx.count >= times:
            return ctx.send_page(ctx.page())
        return ctx.reset_after(ctx.page().body)

    return serve


def _truncated(ctx: _Ctx) -> int:
    page = ctx.page()
    html = page.body.decode("utf-8")
    start = html.index('<div class="post-content">')
    end = html.index("</p>", start) + len("</p>")
    return ctx.send_page(page, html[:end].encode("utf-8"))


def _recode(declared: str, codec: str, extra: str = "") -> Callable[[_Ctx], int]:
    def serve(ctx: _Ctx) -> int:
        page = ctx.page()
        html = page.body.decode("utf-8").replace('charset="UTF-8"', f'charset="{declared}"')
        html = html.replace("charset=UTF-8", f"charset={declared}")
        if extra:
            html = _prepend_content(html, f"<p>{extra}</p>\n")
        body = html.encode(codec, errors="xmlcharrefreplace")
        return ctx.send_page(page, body, f"text/html; charset={declared}")

    return serve


def _prepend_content(html: str, fragment: str) -> str:
    marker = '<div class="post-content">'
    return html.replace(marker, marker + fragment, 1)


_DATE_MARKUP = (
    re.compile(r'\s*<meta name="(?:date|dc\.date)"[^>]*>'),
    re.compile(r'<p class="day-date">.*?</p>', re.S),
)
_INFO_DATE = re.compile(r'(<p class="post-info">[^<]*?)\s+le [^<]*?\d{2}:\d{2}', re.S)


def _dates(replacement: str) -> Callable[[_Ctx], int]:
    def serve(ctx: _Ctx) -> int:
        page = ctx.page()
        html = page.body.decode("utf-8")
        for pattern in _DATE_MARKUP:
            html = pattern.sub("", html)
        html = _INFO_DATE.sub(lambda m: m.group(1) + (f"\n    {replacement}"), html, count=1)
        return ctx.send_page(page, html.encode("utf-8"))

    return serve


def _empty_body(ctx: _Ctx) -> int:
    page = ctx.page()
    html = re.sub(
        r'(<div class="post-content">).*?(</div>)',
        r"\1\2",
        page.body.decode("utf-8"),
        count=1,
        flags=re.S,
    )
    return ctx.send_page(page, html.encode("utf-8"))


def _redirect_offhost(ctx: _Ctx) -> int:
    location = ctx.faults.offhost.rstrip("/") + quote(ctx.path)
    headers = [("Location", location), ("Content-Type", "text/html; charset=UTF-8")]
    return ctx.send(302, headers, b"<html><body>Moved</body></html>")


def _huge(ctx: _Ctx) -> int:
    """50 MB of HTML, chunked: only reading it tells its size."""
    ctx._head(
        200, [("Content-Type", "text/html; charset=UTF-8"), ("Transfer-Encoding", "chunked")], b""
    )
    if not ctx.send_body:
        return 200
    chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
    try:
        for _ in range(HUGE_SIZE // len(chunk)):
            ctx.handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        ctx.handler.wfile.write(b"0\r\n\r\n")
    except OSError:  # the crawler hung up, as it should
        ctx.handler.close_connection = True
    return 200


@cache
def gzip_bomb() -> bytes:
    """GZIP_BOMB_SIZE of "<p>" in about a megabyte: one small gzip member, repeated.

    Several members one after the other are one valid gzip stream (RFC 1952, 2.2).
    """
    block = b"<p>" * (8 * 1024 * 1024 // 3 + 1)
    member = gzip.compress(block, compresslevel=9, mtime=0)
    return member * (GZIP_BOMB_SIZE // len(block) + 1)


def _gzip_bomb(ctx: _Ctx) -> int:
    headers = [("Content-Type", "text/html; charset=UTF-8"), ("Content-Encoding", "gzip")]
    return ctx.send(200, headers, gzip_bomb())


def _robots(ctx: _Ctx) -> int:
    if ctx.faults.robots == "fail":
        return ctx.send(500, [("Content-Type", "text/html")], b"<h1>Internal Server Error</h1>")
    return ctx.send(200, [("Content-Type", "text/plain")], ROBOTS[ctx.faults.robots].encode())


def _months(year: int, month: int) -> Iterator[tuple[int, int]]:
    index = year * 12 + month - 1
    for neighbour in (index - 1, index + 1):
        yield divmod(neighbour, 12)[0], divmod(neighbour, 12)[1] + 1


def _calendar(ctx: _Ctx) -> int:
    """Every month answers 200, with links to the months around it: an endless space."""
    year, month = (int(n) for n in ctx.path.split("/")[2:4])
    base = ctx.server.url
    links = [
        f'<a href="{base}archive/{y:04d}/{m:02d}">{m:02d}/{y}</a>' for y, m in _months(year, month)
    ]
    links.append(f'<a href="{base}archive/{year:04d}/{month:02d}/{TRAP_DAY}">{TRAP_DAY}</a>')
    calendar = '<div id="calendar">' + " ".join(links) + "</div>"
    page = ctx.page()
    if page.status == 200:
        html = page.body.decode("utf-8").replace(
            '<div id="sidebar">', calendar + '<div id="sidebar">', 1
        )
    else:
        html = f'<html><body><div id="content"><p>Aucun billet.</p></div>{calendar}</body></html>'
    return ctx.send(200, [("Content-Type", "text/html; charset=UTF-8")], html.encode("utf-8"))


def _pagination_loop(ctx: _Ctx) -> int:
    """The tag's last page has, besides its "previous" link, a "next" one to its page 1."""
    page = ctx.page()
    html = page.body.decode("utf-8")
    count = re.search(r"page (\d+) de (\d+)", html)
    if count and count.group(1) == count.group(2) and 'class="pagination"' in html:
        loop = f' - <a href="{ctx.server.url}tag/{LOOP_TAG}/page/1" class="next">suivants</a>'
        box = html.index('class="pagination"')
        end = html.index("</p>", box)
        html = html[:end] + loop + html[end:]
    return ctx.send_page(page, html.encode("utf-8"))


def _feed_without_dates(ctx: _Ctx) -> int:
    """The blog's feeds, less the entries of the posts whose dates are missing or unreadable."""
    page = ctx.page()
    xml = page.body.decode("utf-8")
    planned = {name: path for path, name in ctx.faults.plan.items()}
    for fault in ("dates-missing", "dates-unparseable"):
        if fault not in planned:
            continue
        slug = quote(planned[fault][len("/post/") :], safe="/:,()'!*")
        for tag in ("entry", "item"):
            pattern = rf"<{tag}>(?:(?!</{tag}>).)*?{re.escape(slug)}.*?</{tag}>\s*"
            xml = re.sub(pattern, "", xml, flags=re.S)
    return ctx.send_page(page, xml.encode("utf-8"))


_HANDLERS: dict[str, Callable[[_Ctx], int]] = {
    "http-503-retry-after": _error(503, 2, "1"),
    "http-500-once": _error(500, 1, None),
    "http-429-retry-after": _error(429, 1, "1"),
    "http-502": _error(502, None, None),
    "slow-once": _slow_once,
    "reset-twice": _reset(2),
    "reset": _reset(None),
    "truncated": _truncated,
    "latin1-declared-utf8": _recode("UTF-8", "latin-1"),
    "utf8-declared-latin1": _recode("ISO-8859-1", "utf-8"),
    "windows-1252": _recode("ISO-8859-1", "cp1252", WINDOWS_1252_TEXT),
    "dates-missing": _dates(""),
    "dates-unparseable": _dates(UNPARSEABLE_DATE),
    "empty-body": _empty_body,
    "redirect-offhost": _redirect_offhost,
    "huge": _huge,
    "gzip-bomb": _gzip_bomb,
    "robots-disallow-tag": _robots,
    "robots-fail": _robots,
    "calendar": _calendar,
    "pagination-loop": _pagination_loop,
    "feed-without-dates": _feed_without_dates,
}
