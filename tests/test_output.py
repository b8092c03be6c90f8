"""Output safety: names stay inside the output folder; another crawl is never overwritten."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.utils.test import get_crawler

from archiver.crawl.output import (
    OutputExistsError,
    OutputGuard,
    UnsafeNameError,
    check_output,
    inside,
    previous_crawl,
    safe_name,
)
from archiver.sample_blog.server import SampleBlogServer


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("economie sociale et solidaire", "economie_sociale_et_solidaire"),
        ("inclusion numérique", "inclusion_numérique"),
        ("../../etc/passwd", "etc_passwd"),
        ("..", "_"),
        ("", "_"),
        ("/absolute/path", "absolute_path"),
        ("a\\b:c*?d", "a_b_c_d"),
        ("tag/x%2F..%2F", "tag_x_2F.._2F"),
        ("nul\x00byte", "nul_byte"),
        ("archiver", "archiver"),
    ],
)
def test_safe_name(text: str, name: str) -> None:
    assert safe_name(text) == name


@given(st.text())
def test_safe_name_never_leaves_its_folder(text: str) -> None:
    name = safe_name(text)
    assert name not in ("", ".", "..") and "/" not in name and "\\" not in name
    assert "\x00" not in name and len(name) <= 120
    folder = Path("/srv/archive")
    assert inside(folder, name).parent == folder


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../b", ".", ""])
def test_inside_refuses_names_that_leave(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafeNameError):
        inside(tmp_path, name)


def test_inside_accepts_a_subfolder(tmp_path: Path) -> None:
    assert inside(tmp_path, "warc/a.warc.gz") == tmp_path.resolve() / "warc" / "a.warc.gz"


def test_previous_crawl_and_check_output(tmp_path: Path) -> None:
    check_output(tmp_path / "new", overwrite=False)  # an absent folder is fine
    check_output(tmp_path, overwrite=False)  # an empty one too
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "archiver-20261127000000-00000.warc.gz").write_bytes(b"")
    (tmp_path / "posts.jsonl").write_text("{}\n")
    assert previous_crawl(tmp_path) == ["posts.jsonl", "warc/archiver-20261127000000-00000.warc.gz"]
    with pytest.raises(OutputExistsError) as error:
        check_output(tmp_path, overwrite=False)
    assert str(error.value) == (
        f"{tmp_path} already holds a crawl (posts.jsonl, "
        "warc/archiver-20261127000000-00000.warc.gz): choose another --output, "
        "or pass --overwrite (setting ARCHIVER_OVERWRITE=1) to replace it"
    )
    check_output(tmp_path, overwrite=True)


def test_guard_extension_refuses_for_scrapy_crawl_and_scrapyd(tmp_path: Path) -> None:
    (tmp_path / "crawl-report.json").write_text("{}")
    crawler = get_crawler(settings_dict={"ARCHIVER_OUTPUT": str(tmp_path)})
    with pytest.raises(OutputExistsError):
        OutputGuard.from_crawler(crawler)
    crawler = get_crawler(settings_dict={"ARCHIVER_OUTPUT": str(tmp_path), "ARCHIVER_OVERWRITE": 1})
    assert isinstance(OutputGuard.from_crawler(crawler), OutputGuard)


def test_guard_refuses_an_unsafe_warc_prefix(tmp_path: Path) -> None:
    settings = {"ARCHIVER_OUTPUT": str(tmp_path), "ARCHIVER_WARC_PREFIX": "../../evil"}
    with pytest.raises(UnsafeNameError, match=r"not a plain file name \(try 'evil'\)"):
        OutputGuard.from_crawler(get_crawler(settings_dict=settings))


def test_cli_refuses_an_output_holding_a_crawl(tmp_path: Path) -> None:
    (tmp_path / "posts.jsonl").write_text('{"title": "earlier"}\n')
    with SampleBlogServer() as server:
        done = subprocess.run(
            [sys.executable, "-m", "archiver.cli", "crawl", "--fast", "--output", str(tmp_path)]
            + [server.url],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert server.requests == []
    assert done.returncode == 4  # could not start: the output folder is refused
    assert done.stderr.strip() == (
        f"archiver: {tmp_path} already holds a crawl (posts.jsonl): choose another "
        "--output, or pass --overwrite (setting ARCHIVER_OVERWRITE=1) to replace it"
    )
    assert (tmp_path / "posts.jsonl").read_text() == '{"title": "earlier"}\n'


def test_cli_overwrite_replaces_the_earlier_crawl(tmp_path: Path) -> None:
    from archiver.sample_blog.content import POSTS

    (tmp_path / "posts.jsonl").write_text('{"title": "earlier"}\n')
    with SampleBlogServer(POSTS[:3]) as server:
        done = subprocess.run(
            [sys.executable, "-m", "archiver.cli", "crawl", "--fast", "--overwrite"]
            + ["--output", str(tmp_path), server.url],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = (tmp_path / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and "earlier" not in lines[0]
