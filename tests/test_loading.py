"""The README's loading examples, run on a real crawl: pandas, Hugging Face datasets, Parquet."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from archiver.dataset.export import arrow_schema, to_parquet
from archiver.dataset.records import post_schema
from tests.conftest import Crawl

FIELDS = list(post_schema()["properties"])


def test_pandas_read_json_lines(default_crawl: Crawl) -> None:
    posts = pd.read_json(
        default_crawl.output / "posts.jsonl", lines=True, dtype={"dotclear_id": "Int64"}
    )
    assert list(posts.columns) == FIELDS
    assert len(posts) == 60
    by_id = posts.set_index("dotclear_id")
    record = next(r for r in default_crawl.records if r["comments"])
    assert by_id.loc[record["dotclear_id"], "comments"] == record["comments"]
    assert by_id.loc[record["dotclear_id"], "warc"] == record["warc"]
    published = pd.to_datetime(posts["published"], utc=True).dt.tz_convert("Europe/Paris")
    assert published.min().isoformat() == "2006-03-14T19:30:00+01:00"
    assert posts["comments"].map(len).sum() == 16


@pytest.fixture
def hf_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    return tmp_path / "cache"


def test_hugging_face_datasets_json(default_crawl: Crawl, hf_offline: Path) -> None:
    from datasets import load_dataset

    posts = load_dataset(
        "json",
        data_files=str(default_crawl.output / "posts.jsonl"),
        split="train",
        cache_dir=str(hf_offline),
    )
    assert posts.column_names == FIELDS
    assert posts.num_rows == 60
    rows = {row["id"]: row for row in posts}
    for record in default_crawl.records:
        row = rows[record["id"]]
        assert row["comments"] == [
            {**c, "published": _utc(c["published"])} for c in record["comments"]
        ]
        assert row["warc"] == record["warc"]
        assert (row["tags"], row["listings"]) == (record["tags"], record["listings"])
        # pyarrow reads ISO 8601 text as a timestamp: the same instant, in UTC, offset dropped.
        assert row["published"] == _utc(record["published"])


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC).replace(tzinfo=None)


def test_hugging_face_datasets_parquet(
    default_crawl: Crawl, hf_offline: Path, tmp_path: Path
) -> None:
    from datasets import load_dataset

    to_parquet(default_crawl.output / "posts.jsonl", tmp_path / "posts.parquet")
    posts = load_dataset(
        "parquet",
        data_files=str(tmp_path / "posts.parquet"),
        split="train",
        cache_dir=str(hf_offline),
    )
    assert posts.column_names == FIELDS
    assert posts.to_list() == default_crawl.records  # every field as in posts.jsonl


def test_export_parquet_round_trip(default_crawl: Crawl, tmp_path: Path) -> None:
    target = tmp_path / "posts.parquet"
    assert to_parquet(default_crawl.output / "posts.jsonl", target) == 60
    table = pq.read_table(target)
    assert table.schema.equals(arrow_schema())
    assert table.to_pylist() == default_crawl.records


def test_export_command(default_crawl: Crawl, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes((default_crawl.output / "posts.jsonl").read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "export", "--parquet", str(posts)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"60 posts -> {tmp_path / 'posts.parquet'}\n"
    assert pq.read_table(tmp_path / "posts.parquet").num_rows == 60


def test_export_refuses_unknown_fields(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"url": "http://blog.example.org/post/x", "mood": "happy"}\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="fields not in the Parquet schema: mood"):
        to_parquet(posts, tmp_path / "posts.parquet")
