"""`archiver package DIR`: the WACZ a crawl no longer makes by default, made afterwards."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from archiver.archive.indexing import CDXJ_NAME, PAGES_NAME, WACZ_NAME
from tests.conftest import Crawl


def package(output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", "package", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def titles(pages: str) -> list[tuple[str, str]]:
    return [(page["url"], page["title"]) for page in map(json.loads, pages.splitlines()[1:])]


def wacz_validate(path: Path) -> int:
    code = "import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, "validate", "-f", str(path)]).returncode


def test_a_crawl_makes_no_wacz_and_package_makes_it(default_crawl: Crawl, tmp_path: Path) -> None:
    assert not (default_crawl.output / WACZ_NAME).exists()
    output = tmp_path / "out"
    shutil.copytree(default_crawl.output, output)
    done = package(output)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == f"WACZ: {output / WACZ_NAME} (1 WARC files)\n"
    with zipfile.ZipFile(output / WACZ_NAME) as wacz:
        names = wacz.namelist()
        packed = wacz.read(PAGES_NAME).decode("utf-8")
    listed = (output / PAGES_NAME).read_text(encoding="utf-8")
    assert titles(packed) == titles(listed) and len(titles(listed)) == 115
    assert f"archive/{default_crawl.warcs[0].name}" in names
    assert wacz_validate(output / WACZ_NAME) == 0


def test_a_pages_list_older_than_the_warcs_is_made_again(
    default_crawl: Crawl, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    shutil.copytree(default_crawl.output, output)
    pages = (output / PAGES_NAME).read_bytes()
    (output / PAGES_NAME).write_text("stale\n", encoding="utf-8")
    (output / CDXJ_NAME).unlink()
    os.utime(output / PAGES_NAME, (0, 0))
    assert package(output).returncode == 0
    assert (output / PAGES_NAME).read_bytes() == pages
    assert (output / CDXJ_NAME).read_bytes() == (default_crawl.output / CDXJ_NAME).read_bytes()


def test_nothing_to_package(tmp_path: Path) -> None:
    done = package(tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"archiver: {tmp_path} has no WARC files: crawl first\n"
