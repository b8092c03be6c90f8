"""Serve the sample blog on loopback, recording every request.

    with SampleBlogServer(theme="berlin", encoding="utf-8") as srv:
        crawl(srv.url)                      # "http://127.0.0.1:PORT/"
        srv.requests                        # [ServedRequest(method, path, status, body, headers)]
        srv.served_bodies()                 # {absolute URL as requested: body bytes sent}

Run by hand: python -m archiver.sample_blog.server --theme ductile --port 8000
"""

from __future__ import annotations

import argparse
import contextlib
import gzip as gzip_module
import threading
from collections.abc import Sequence
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from archiver.sample_blog.faults import Faults
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.site import Page, SampleSite, ServedRequest

__all__ = ["HOST", "SampleBlogServer", "ServedRequest", "main"]

HOST = "127.0.0.1"
_CHUNK = 4096


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: SampleBlogServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients hanging up mid-response are no news."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: with Nagle's algorithm on, a keep-alive
    # client that reads one response at a time (wget) waits out a delayed ACK on each.
    disable_nagle_algorithm = True
    server: _Server

    def version_string(self) -> str:
        return "Apache"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """No access log on stderr."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self._respond(send_body=False)

    def _target(self) -> str:
        """The request target as text: raw UTF-8 bytes decoded, absolute-form reduced to a path."""
        raw = self.path.encode("latin-1")
        try:
            target = raw.decode("utf-8")
        except UnicodeDecodeError:
            target = self.path
        if target.startswith(("http://", "https://")):
            rest = target.split("://", 1)[1]
            target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return target

    def _respond(self, *, send_body: bool) -> None:
        owner = self.server.owner
        target = self._target()
        if owner.faults is not None and owner.faults.serve(self, target, send_body=send_body):
            return
        page = owner.site.render(owner.url, target)
        status, body, headers = self._prepare(page)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        sent = body if send_body and status != 304 else b""
        # Recorded before the body goes out: a client that has read it all finds it listed.
        owner.record(ServedRequest(self.command, target, status, sent, tuple(headers)))
        if send_body and status != 304:
            self._write(body, chunked=owner.chunked)

    def _prepare(self, page: Page) -> tuple[int, bytes, list[tuple[str, str]]]:
        owner = self.server.owner
        headers = [("Content-Type", page.content_type), *page.headers]
        if page.status == 200 and _not_modified(dict(page.headers), self.headers):
            return 304, b"", [h for h in headers if h[0] != "Content-Type"]
        body = page.body
        if owner.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip_module.compress(body, mtime=0)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        if owner.chunked:
            headers.append(("Transfer-Encoding", "chunked"))
        else:
            headers.append(("Content-Length", str(len(body))))
        return page.status, body, headers

    def _write(self, body: bytes, *, chunked: bool) -> None:
        if not chunked:
            self.wfile.write(body)
            return
        for start in range(0, len(body), _CHUNK):
            chunk = body[start : start + _CHUNK]
            self.wfile.write(f"{len(chunk):x}\r\n".encode("ascii") + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")


def _not_modified(sent: dict[str, str], asked: Any) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if asked.get("If-None-Match") is not None:
        return asked.get("If-None-Match") == sent.get("ETag")
    since, modified = asked.get("If-Modified-Since"), sent.get("Last-Modified")
    if not since or not modified:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class SampleBlogServer:
    """The sample blog on http://127.0.0.1:PORT/ in a daemon thread (a context manager)."""

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
        port: int = 0,
        gzip: bool = False,
        chunked: bool = False,
        faults: Faults | None = None,
    ) -> None:
        self._site_options: dict[str, Any] = {
            "theme": theme,
            "encoding": encoding,
            "machine_dates": machine_dates,
            "comment_times": comment_times,
            "feed_size": feed_size,
            "per_page": per_page,
        }
        self.site = SampleSite(posts, **self._site_options)
        self.port = port
        self.gzip = gzip
        self.chunked = chunked
        self.faults = faults  # fault mode: see faults.py
        if faults is not None:
            faults.attach(self)
        self._lock = threading.Lock()
        self._requests: list[ServedRequest] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def publish(self, posts: Sequence[SamplePost]) -> None:
        """Serve these posts from now on (new posts, comments, edits, removals), same URL."""
        self.site = SampleSite(posts, **self._site_options)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def requests(self) -> list[ServedRequest]:
        """A snapshot of the requests served so far, in order."""
        with self._lock:
            return list(self._requests)

    def record(self, request: ServedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def served_bodies(self) -> dict[str, bytes]:
        """Body bytes sent, keyed by absolute URL as requested (the last GET wins)."""
        base = self.url.rstrip("/")
        return {base + r.path: r.body for r in self.requests if r.method == "GET"}

    def start(self) -> SampleBlogServer:
        server = _Server((HOST, self.port), _Handler)
        server.owner = self
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name="sample-blog", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SampleBlogServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the sample Dotclear 2 blog on 127.0.0.1.")
    parser.add_argument("--theme", choices=("default", "berlin", "ductile"), default="default")
    parser.add_argument("--encoding", choices=("utf-8", "iso-8859-1"), default="utf-8")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-machine-dates", action="store_true", help="no dates in HTML metadata")
    parser.add_argument(
        "--no-comment-times", action="store_true", help="comments show the day only"
    )
    parser.add_argument("--feed-size", type=int, default=100)
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--chunked", action="store_true")
    parser.add_argument(
        "--faults", action="store_true", help="fault mode: server errors, traps, bad charsets..."
    )
    args = parser.parse_args(argv)
    server = SampleBlogServer(
        theme=args.theme,
        encoding=args.encoding,
        machine_dates=not args.no_machine_dates,
        comment_times=not args.no_comment_times,
        feed_size=args.feed_size,
        port=args.port,
        gzip=args.gzip,
        chunked=args.chunked,
        faults=Faults() if args.faults else None,
    )
    with server:
        print(server.url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
