"""`archiver demo`: serves the sample blog, crawls it, says where the outputs are; run again, it
replaces its own earlier outputs and leaves any other crawl alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def demo(output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", "demo", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_demo_twice_replaces_its_own_outputs(tmp_path: Path) -> None:
    output = tmp_path / "out"
    first, second = demo(output), demo(output)
    assert first.returncode == second.returncode == 0, second.stderr[-2000:]
    assert f"Done. Outputs are in {output.resolve()}" in second.stdout
    assert "Posts:       60 -> " in second.stdout
    lines = (output / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len({json.loads(line)["id"] for line in lines}) == len(lines) == 60
    assert len(list((output / "warc").glob("*.warc.gz"))) == 1
    assert (output / "archive.wacz").is_file()  # the demo packages its copy, as the README says
    assert (output / "posts.svg").read_text(encoding="utf-8").startswith("<svg ")


def test_demo_leaves_another_crawl_alone(tmp_path: Path) -> None:
    (tmp_path / "posts.jsonl").write_text('{"id": "precious"}\n', encoding="utf-8")
    done = demo(tmp_path)
    assert done.returncode != 0
    assert "already holds a crawl" in done.stderr
    assert (tmp_path / "posts.jsonl").read_text(encoding="utf-8") == '{"id": "precious"}\n'
