"""robots.txt is obeyed by every request, even many waiting for it at once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CRAWL = """
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

urls, result = json.loads(sys.argv[1]), sys.argv[2]

class ManyAtOnce(scrapy.Spider):
    name = "robots-test"

    async def start(self):
        for url in urls:
            yield scrapy.Request(url)

process = CrawlerProcess({
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "archiver.crawl.middlewares.SharedRobotsTxtMiddleware": 100,
    },
    "ROBOTSTXT_OBEY": True,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
})
crawler = process.create_crawler(ManyAtOnce)
process.crawl(crawler)
process.start()
with open(result, "w") as fh:
    json.dump(crawler.stats.get_stats(), fh, default=str)
"""


@pytest.fixture
def robots_server() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:
            seen.append(self.path)
            body = b"User-agent: *\nDisallow: /private/\n" if self.path == "/robots.txt" else b"ok"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", seen
    server.shutdown()
    server.server_close()


def test_every_waiting_request_obeys_robots(robots_server, tmp_path: Path) -> None:
    base, seen = robots_server
    urls = [f"{base}{path}" for path in ("a", "b", "private/1", "private/2", "private/3", "c")]
    result = tmp_path / "stats.json"
    script = tmp_path / "crawl.py"
    script.write_text(CRAWL)
    done = subprocess.run(
        [sys.executable, str(script), json.dumps(urls), str(result)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    stats = json.loads(result.read_text())
    assert sorted(seen) == ["/a", "/b", "/c", "/robots.txt"]
    assert stats["robotstxt/forbidden"] == 3
