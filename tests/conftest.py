"""Shared fixtures: the sample blog served on 127.0.0.1, and real crawls of it.

Each crawl runs `archiver crawl --fast` in a subprocess (Twisted's reactor cannot restart inside
one pytest process) against a server started here, so the test sees what the server sent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from archiver.archive.warc import Exchange
from archiver.sample_blog.server import SampleBlogServer


@dataclass
class Crawl:
    server: SampleBlogServer
    output: Path
    records: list[dict[str, Any]]
    log: str
    returncode: int

    @property
    def warcs(self) -> list[Path]:
        return sorted((self.output / "warc").glob("*.warc.gz"))


def run_crawl(
    server: SampleBlogServer, output: Path, *urls: str, options: tuple[str, ...] = ()
) -> Crawl:
    cmd = [sys.executable, "-m", "archiver.cli", "crawl", "--fast", "--output", str(output)]
    cmd += options
    done = subprocess.run(
        [*cmd, *(urls or (server.url,))], capture_output=True, text=True, timeout=300
    )
    posts = output / "posts.jsonl"
    lines = posts.read_text(encoding="utf-8").splitlines() if posts.exists() else []
    return Crawl(server, output, [json.loads(line) for line in lines], done.stderr, done.returncode)


# theme, encoding, machine_dates: the variants crawled end to end.
VARIANTS = {
    "default-utf8": ("default", "utf-8", True),
    "default-latin1": ("default", "iso-8859-1", True),
    "berlin": ("berlin", "utf-8", True),
    "ductile": ("ductile", "utf-8", True),
    "ductile-feed-times": ("ductile", "utf-8", False),
}


@pytest.fixture(scope="session", params=sorted(VARIANTS))
def crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawl]:
    theme, encoding, machine_dates = VARIANTS[request.param]
    with SampleBlogServer(theme=theme, encoding=encoding, machine_dates=machine_dates) as server:
        yield run_crawl(server, tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="session")
def default_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with SampleBlogServer(theme="default") as server:
        yield run_crawl(server, tmp_path_factory.mktemp("default"))


def html_exchange(
    url: str, body: bytes, fetched_at: datetime = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
) -> Exchange:
    """A GET answered 200 with an HTML `body`, as WarcWriter.write takes it."""
    return Exchange(
        url=url,
        method="GET",
        request_headers=[],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body,
        fetched_at=fetched_at,
    )
