"""Web archives for the --from-archive tests (tests/test_from_archive.py).

* `read_mementos` / `write_warc`: the sample blog's crawls replayed as captures taken at
  another date (2009, 2012...), some left out, some turned into error answers;
* `IAStandIn`: the Internet Archive's Wayback and CDX server APIs as their public
  documentation describes them (github.com/internetarchive/wayback, wayback-cdx-server
  README): `/cdx/search/cdx` with `output=json` arrays and a header row, `fl`, `from`/`to`,
  `matchType=host`, `limit` (capped by the server) and `showResumeKey`/`resumeKey` paging;
  `/web/<timestamp>id_/<url>` with the captured headers as `X-Archive-Orig-*`, a 302 to the
  closest capture when the timestamp is not one, and a 429 with `Retry-After` now and then;
* `ConnectionRecorder`: a loopback port that counts every connection made to it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote_plus, unquote_plus, urlsplit

import surt
from warcio.archiveiterator import ArchiveIterator

from archiver.archive.warc import Exchange, WarcWriter

FRAMING = {"content-length", "transfer-encoding", "x-orig-transfer-encoding", "connection"}


@dataclass(frozen=True)
class Memento:
    """One capture an archive holds."""

    timestamp: str  # 14 digits, UTC
    url: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def key(self) -> str:
        return str(surt.surt(self.url))


def read_mementos(warcs: Iterable[Path], start: datetime) -> list[Memento]:
    """The response records of a crawl as captures from `start` on, a second apart."""
    found = []
    for warc in warcs:
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                moment = start + timedelta(seconds=len(found))
                found.append(
                    Memento(
                        moment.strftime("%Y%m%d%H%M%S"),
                        record.rec_headers.get_header("WARC-Target-URI"),
                        int(http.get_statuscode()),
                        http.statusline.split(" ", 1)[1] if " " in http.statusline else "",
                        tuple((k, v) for k, v in http.headers if k.lower() not in FRAMING),
                        record.content_stream().read(),
                    )
                )
    return found


def as_error(memento: Memento, status: int, reason: str) -> Memento:
    body = f"<html><body><h1>{status} {reason}</h1></body></html>".encode()
    return replace(memento, status=status, reason=reason, body=body)


def moved(memento: Memento, old: str, new: str) -> Memento:
    """The capture as if the blog had been at `new` (host and port) instead of `old`."""
    headers = tuple((k, v.replace(old, new)) for k, v in memento.headers)
    body = memento.body.replace(old.encode(), new.encode())
    return replace(memento, url=memento.url.replace(old, new), headers=headers, body=body)


def write_warc(mementos: Iterable[Memento], path: Path) -> None:
    """The captures as request/response pairs dated when they were taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with WarcWriter(path, {"software": "tests/webarchive.py"}) as writer:
        for memento in mementos:
            moment = datetime.strptime(memento.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            exchange = Exchange(
                url=memento.url,
                method="GET",
                request_headers=[("User-Agent", "2009's crawler")],
                request_body=b"",
                protocol="HTTP/1.1",
                status=memento.status,
                reason=memento.reason,
                response_headers=[*memento.headers, ("Content-Length", str(len(memento.body)))],
                body=memento.body,
                fetched_at=moment,
            )
            writer.write(exchange)


class ConnectionRecorder:
    """Listens on 127.0.0.1:`port` and counts the connections made (closing each)."""

    def __init__(self, port: int) -> None:
        self.connections = 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


IA_FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        owner = self.server.owner
        with owner.lock:
            owner.in_flight += 1
            owner.most_in_flight = max(owner.most_in_flight, owner.in_flight)
        time.sleep(0.005)  # requests sent together overlap here
        status, headers, body = owner.answer(self.path)
        with owner.lock:  # before the answer leaves: a client's next request comes after it
            owner.in_flight -= 1
            owner.served.append((self.path, status))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: IAStandIn


class IAStandIn:
    """web.archive.org's `/web/` and `/cdx/search/cdx` on 127.0.0.1, over `mementos`."""

    def __init__(
        self,
        mementos: list[Memento],
        *,
        page_size: int = 40,
        refuse_every: int = 0,
        shifted: frozenset[str] = frozenset(),
    ) -> None:
        self.mementos = sorted(mementos, key=lambda m: (m.key, m.timestamp))
        self.page_size = page_size  # the server's own cap on `limit`
        self.refuse_every = refuse_every  # every Nth memento asked for: 429, Retry-After: 1
        self.shifted = shifted  # URLs the CDX lists a second before the stored capture
        self.served: list[tuple[str, int]] = []
        self.asked = 0
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0  # requests being answered at once
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, target: str) -> tuple[int, list[tuple[str, str]], bytes]:
        if target.startswith("/cdx/search/cdx?"):
            return self.cdx(parse_qs(urlsplit(target).query))
        if target.startswith("/web/"):
            return self.memento(target[len("/web/") :])
        return 404, [("Content-Type", "text/plain")], b"not here"

    def _listed(self, memento: Memento) -> str:
        if memento.url not in self.shifted:
            return memento.timestamp
        moment = datetime.strptime(memento.timestamp, "%Y%m%d%H%M%S") - timedelta(seconds=1)
        return moment.strftime("%Y%m%d%H%M%S")

    def cdx(self, query: dict[str, list[str]]) -> tuple[int, list[tuple[str, str]], bytes]:
        url = query["url"][0]
        assert query.get("matchType") == ["host"] and query.get("output") == ["json"]
        host = str(surt.surt(f"http://{url}/")).split(")", 1)[0] + ")"
        start = query.get("from", [""])[0].ljust(14, "0")
        end = query.get("to", ["9"])[0].ljust(14, "9")
        rows = [
            [m.key, self._listed(m), m.url, _mime(m), str(m.status), "-", str(len(m.body))]
            for m in self.mementos
            if m.key.startswith(host) and start <= m.timestamp <= end
        ]
        if "resumeKey" in query:
            after = tuple(unquote_plus(query["resumeKey"][0]).rstrip("!").split(" "))
            rows = [row for row in rows if (row[0], row[1]) > after]
        limit = min(int(query.get("limit", [str(self.page_size)])[0]), self.page_size)
        fields = query.get("fl", [",".join(IA_FIELDS)])[0].split(",")
        page = [[row[IA_FIELDS.index(name)] for name in fields] for row in rows[:limit]]
        out: list[list[str]] = [fields, *page]
        if len(rows) > limit and query.get("showResumeKey") == ["true"]:
            last = rows[limit - 1]
            out += [[], [quote_plus(f"{last[0]} {last[1]}!")]]
        return 200, [("Content-Type", "application/json")], json.dumps(out).encode()

    def memento(self, rest: str) -> tuple[int, list[tuple[str, str]], bytes]:
        stamp, _, url = rest.partition("id_/")
        self.asked += 1
        if self.refuse_every and self.asked % self.refuse_every == 0:
            return 429, [("Retry-After", "1"), ("Content-Type", "text/plain")], b"slow down"
        key = str(surt.surt(url))
        held = [m for m in self.mementos if m.key == key]
        if not held:
            return 404, [("Content-Type", "text/html")], b"<p>Wayback has not archived that</p>"
        exact = [m for m in held if m.timestamp == stamp]
        if not exact:  # the Wayback's own redirect to the closest capture
            closest = min(held, key=lambda m: abs(int(m.timestamp) - int(stamp.ljust(14, "0"))))
            location = f"{self.url}/web/{closest.timestamp}id_/{closest.url}"
            return 302, [("Location", location), ("Content-Type", "text/plain")], b""
        return exact[0].status, self._headers(exact[0]), exact[0].body

    @staticmethod
    def _headers(memento: Memento) -> list[tuple[str, str]]:
        moment = datetime.strptime(memento.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        headers = [("Memento-Datetime", format_datetime(moment, usegmt=True))]
        for name, value in memento.headers:
            if name.lower() == "content-type":
                headers.append((name, value))
            else:
                headers.append((f"X-Archive-Orig-{name}", value))
        return headers


def _mime(memento: Memento) -> str:
    for name, value in memento.headers:
        if name.lower() == "content-type":
            return value.split(";", 1)[0].strip()
    return "unk"
