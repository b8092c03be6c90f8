"""Replay in real pywb: every page a crawl fetched comes back byte-exact, from the WARCs
(with our CDXJ index) and from the WACZ (unpacked by pywb's wb-manager, with its index).

Crawls of the sample blog in four shapes (UTF-8 with gzip, ISO-8859-1, chunked, and a
plain blog crawled twice into one folder), then one ``wayback`` process for the session.

Bodies are compared as sent on the wire once the transfer coding is removed: a gzip page
is compared with the gzip bytes the server sent (the replay client says it accepts gzip,
and ``id_`` mode gives back the stored body and ``Content-Encoding`` untouched).
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.archive.replay import Wayback, prepare
from archiver.sample_blog.server import SampleBlogServer, ServedRequest
from tests.conftest import Crawl, run_crawl

VARIANTS = {
    "gzip": {"gzip": True},
    "latin1": {"encoding": "iso-8859-1"},
    "chunked": {"chunked": True},
}
# the chunked crawl also rolls over to a new WARC file past 200 kB (about 3 files)
OPTIONS = {"chunked": ("--set", "ARCHIVER_WARC_MAX_SIZE=200000")}


@dataclass
class Archive:
    name: str
    crawls: list[Crawl]
    served: dict[str, ServedRequest]  # absolute URL -> its last GET
    collections: list[str]
    first_served: dict[str, ServedRequest] = field(default_factory=dict)  # "twice": crawl 1

    @property
    def output(self) -> Path:
        return self.crawls[-1].output


@dataclass
class Replay:
    wayback: Wayback
    archives: dict[str, Archive]


def _served(server: SampleBlogServer, since: int = 0) -> dict[str, ServedRequest]:
    """The last GET of each URL among the requests from number ``since`` on."""
    base = server.url.rstrip("/")
    return {base + r.path: r for r in server.requests[since:] if r.method == "GET"}


@pytest.fixture(scope="session")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    root = tmp_path_factory.mktemp("pywb")
    archives: dict[str, Archive] = {}
    for name, options in VARIANTS.items():
        with SampleBlogServer(**options) as server:  # type: ignore[arg-type]
            options = (*OPTIONS.get(name, ()), "--wacz")  # a WACZ too (not made by default)
            crawl = run_crawl(server, tmp_path_factory.mktemp(name), options=options)
            served = _served(server)
        archives[name] = Archive(name, [crawl], served, prepare(crawl.output, root, name + "-"))
    with SampleBlogServer() as server:  # the same blog crawled twice into one folder
        output = tmp_path_factory.mktemp("twice")
        first = run_crawl(server, output, options=("--wacz",))
        first_served = _served(server)
        since = len(server.requests)
        second = run_crawl(server, output, options=("--overwrite", "--wacz"))  # WARCs are kept
        served = _served(server, since)
    collections = prepare(output, root, "twice-")
    archives["twice"] = Archive("twice", [first, second], served, collections, first_served)
    with Wayback(root) as wayback:
        yield Replay(wayback, archives)


def fetch(wayback: Wayback, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", wayback.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def header(headers: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in headers if k.lower() == name.lower()), "")


def test_crawls_succeeded(replay: Replay) -> None:
    for archive in replay.archives.values():
        for crawl in archive.crawls:
            assert crawl.returncode == 0, crawl.log[-3000:]
            assert "Traceback" not in crawl.log, crawl.log[-3000:]
        assert archive.collections == [f"{archive.name}-warc", f"{archive.name}-wacz"]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("source", ["warc", "wacz"])
def test_every_fetched_page_replays_byte_exact(replay: Replay, variant: str, source: str) -> None:
    archive = replay.archives[variant]
    assert len(archive.served) > 100  # robots.txt, listings, posts, feeds, tags...
    mismatched = []
    for url, sent in archive.served.items():
        status, headers, body = fetch(replay.wayback, f"/{variant}-{source}/id_/{url}")
        if (status, body) != (sent.status, sent.body):
            mismatched.append((url, status, sent.status, len(body), len(sent.body)))
    assert mismatched == []


@pytest.mark.parametrize("source", ["warc", "wacz"])
def test_the_four_kinds_of_pages(replay: Replay, source: str) -> None:
    """A UTF-8 page, an ISO-8859-1 page, a gzip-encoded page and a chunked page."""
    cases = {
        "gzip": ("utf-8", "gzip"),
        "latin1": ("iso-8859-1", ""),
        "chunked": ("utf-8", ""),
    }
    for variant, (charset, encoding) in cases.items():
        archive = replay.archives[variant]
        sent = next(r for url, r in archive.served.items() if url.endswith("/"))  # the root
        sent_headers = dict((k.lower(), v) for k, v in sent.headers)
        assert f"charset={charset}" in sent_headers["content-type"].lower()
        assert sent_headers.get("content-encoding", "") == encoding
        assert ("transfer-encoding" in sent_headers) == (variant == "chunked")
        url = archive.crawls[-1].server.url
        status, headers, body = fetch(replay.wayback, f"/{variant}-{source}/id_/{url}")
        assert (status, body) == (200, sent.body)
        assert header(headers, "Content-Type") == sent_headers["content-type"]
        assert header(headers, "Content-Encoding") == encoding
    latin1 = [
        r.body
        for r in replay.archives["latin1"].served.values()
        if "text/html" in dict(r.headers)["Content-Type"]
    ]
    assert any("é".encode("iso-8859-1") in body for body in latin1)
    assert not any("é".encode() in body for body in latin1)


def records(output: Path) -> list[tuple[str, str, str]]:
    """(type, URL, WARC file name) of each response and revisit record."""
    found = []
    for path in sorted((output / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type in ("response", "revisit"):
                    found.append((rec.rec_type, rec.rec_headers["WARC-Target-URI"], path.name))
    return found


def test_rollover_into_several_files(replay: Replay) -> None:
    output = replay.archives["chunked"].output
    names = sorted(p.name for p in (output / "warc").iterdir())
    assert len(names) >= 3
    assert [n.rsplit("-", 1)[1] for n in names] == [f"{i:05d}.warc.gz" for i in range(len(names))]
    for path in sorted((output / "warc").iterdir())[:-1]:  # closed once past the size
        assert 200_000 <= path.stat().st_size < 260_000
    served = replay.archives["chunked"].served
    assert sorted(url for _, url, _ in records(output)) == sorted(served)


def test_second_crawl_writes_revisits_that_replay(replay: Replay) -> None:
    archive = replay.archives["twice"]
    first_served = archive.first_served
    warcs = sorted(p.name for p in (archive.output / "warc").iterdir())
    assert len(warcs) == 2 and all(w.endswith(".warc.gz") for w in warcs)
    second = [(t, url) for t, url, name in records(archive.output) if name == warcs[1]]
    first_bodies = {r.path: r.body for r in first_served.values()}
    unchanged = sorted(
        url
        for url, sent in archive.served.items()
        if 200 <= sent.status < 300 and sent.body and first_bodies.get(sent.path) == sent.body
    )
    assert len(unchanged) > 100
    assert sorted(url for t, url in second if t == "revisit") == unchanged
    assert sorted(url for t, url in second if t == "response") == sorted(
        set(archive.served) - set(unchanged)
    )
    for source in ("warc", "wacz"):
        for url in unchanged:  # the latest capture of each is the revisit
            status, _, body = fetch(replay.wayback, f"/twice-{source}/id_/{url}")
            assert (status, body) == (200, archive.served[url].body), (source, url)


def test_pages_list_names_every_post_and_listing(replay: Replay) -> None:
    archive = replay.archives["gzip"]
    lines = (archive.output / "pages" / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    pages = {p["url"]: p["title"] for p in map(json.loads, lines[1:])}
    html = {
        url
        for url, sent in archive.served.items()
        if sent.status == 200 and "text/html" in dict(sent.headers)["Content-Type"]
    }
    assert set(pages) == html
    posts_file = archive.output / "posts.jsonl"
    posts = [json.loads(line) for line in posts_file.read_text(encoding="utf-8").splitlines()]
    for post in posts:
        assert pages[post["url"]].startswith(post["title"]), post["url"]


def test_validate_command_passes_on_fresh_crawls(replay: Replay) -> None:
    for archive in replay.archives.values():
        done = subprocess.run(
            [sys.executable, "-m", "archiver.cli", "validate", str(archive.output)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.splitlines()[-1] == "valid"
        assert done.stdout.count("PASS  ") == 7  # the 7th: archiver qa in Chromium


def test_replay_command_serves_on_loopback_until_stopped(replay: Replay, tmp_path: Path) -> None:
    archive = replay.archives["latin1"]
    command = [sys.executable, "-m", "archiver.cli", "replay", str(archive.output), "--port", "0"]
    command += ["--root", str(tmp_path / "root")]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            lines = [proc.stdout.readline() for _ in range(3)]
            port = int(lines[0].rsplit(":", 1)[1].split("/", 1)[0])
            url, sent = next(iter(archive.served.items()))
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", f"/wacz/id_/{url}")
            response = conn.getresponse()
            replayed = (response.status, response.read())
            conn.close()
        finally:
            proc.terminate()
            status = proc.wait(30)
    prefix = f"Replaying {archive.output} (warc) at http://127.0.0.1:"
    assert lines[0].startswith(prefix) and lines[0].endswith("/warc/*\n")
    assert lines[1] == lines[0].replace("(warc)", "(wacz)").replace("/warc/*", "/wacz/*")
    assert lines[2] == "Press Ctrl+C to stop.\n"
    assert replayed == (sent.status, sent.body)
    assert status == 0
    with pytest.raises(ConnectionRefusedError):  # wayback stopped with the command
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_replay_command_without_a_crawl(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "replay", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == (
        f"archiver replay: {tmp_path} has no WARC files or no indexes/index.cdxj: crawl first\n"
    )
