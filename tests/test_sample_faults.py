"""The sample blog's fault mode, served and read back without a crawler."""

from __future__ import annotations

import gzip
import io
import urllib.request
from urllib.parse import quote

import pytest

from archiver.sample_blog.content import POSTS
from archiver.sample_blog.faults import (
    GZIP_BOMB_SIZE,
    POST_FAULTS,
    Faults,
    gzip_bomb,
)
from archiver.sample_blog.server import SampleBlogServer


def _get(server: SampleBlogServer, path: str) -> tuple[int, bytes, dict[str, str]]:
    url = server.url.rstrip("/") + quote(path, safe="/:,()'!*%")
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_plan_names_each_faulty_post() -> None:
    faults = Faults()
    with SampleBlogServer(faults=faults):
        assert faults.path_of("http-502") == f"/post/{POSTS[7].slug}"
        assert sorted(faults.plan.values()) == sorted(
            [*POST_FAULTS.values(), "robots-disallow-tag"]
        )


def test_unknown_robots_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="robots must be one of"):
        Faults(robots="maybe")


def test_gzip_bomb_inflates_to_its_size_in_a_megabyte() -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    inflated = 0
    with gzip.GzipFile(fileobj=io.BytesIO(bomb)) as stream:  # read in pieces: memory stays low
        while chunk := stream.read1(1024 * 1024):
            inflated += len(chunk)
    assert inflated >= GZIP_BOMB_SIZE


def test_transient_faults_then_the_page() -> None:
    faults = Faults()
    with SampleBlogServer(faults=faults) as server:
        path = faults.path_of("http-503-retry-after")
        answers = [_get(server, path) for _ in range(3)]
    assert [status for status, _, _ in answers] == [503, 503, 200]
    assert answers[0][2]["Retry-After"] == "1"
    assert POSTS[1].title.encode() in answers[2][1]


def test_content_faults() -> None:
    faults = Faults()
    with SampleBlogServer(faults=faults) as server:
        _, latin1, headers = _get(server, faults.path_of("latin1-declared-utf8"))
        _, windows, _ = _get(server, faults.path_of("windows-1252"))
        _, feed, _ = _get(server, "/feed/atom")
        _, last, _ = _get(server, "/tag/economie%20sociale%20et%20solidaire/page/4")
        status, empty_month, _ = _get(server, "/archive/1999/01")
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    assert "équitable".encode("latin-1") in latin1
    assert "Cœur d’ouvrage : 5 €".encode("cp1252") in windows
    assert feed.count(b"<entry>") == 58  # the two posts without dates left out
    assert b"/tag/economie sociale et solidaire/page/1" in last
    assert status == 200
    assert b'href="%sarchive/1998/12"' % server.url.encode() in empty_month
    assert b'href="%sarchive/1999/02"' % server.url.encode() in empty_month
