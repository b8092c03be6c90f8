"""The JSON Schema shipped in the package: valid itself, and met by every record a crawl writes."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from archiver.dataset.records import SCHEMA_VERSION, Post, post_schema
from tests.conftest import Crawl

SCHEMA = post_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION == "1.2"


def test_every_crawled_record_validates(crawl: Crawl) -> None:
    assert len(crawl.records) == 60
    for record in crawl.records:
        errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(record)]
        assert errors == [], record["url"]
    assert {r["schema_version"] for r in crawl.records} == {"1.2"}
    provenance = {
        (r["source"], r["archived_at"], r["archive_url"], r["rebuilt_from"]) for r in crawl.records
    }
    assert provenance == {("live", None, None, None)}  # 1.2: archive crawls fill them
    assert all(r["warc"] is not None for r in crawl.records)


def test_schema_names_exactly_the_record_fields() -> None:
    post = Post(
        "http://blog.example.org/post/x", "0" * 16, None, None, None, None, [], "", "", [], [], []
    )
    record = post.to_json()
    assert list(SCHEMA["properties"]) == list(record)
    # 1.2's provenance fields are optional: 1.1 records (and merges of them) lack them.
    optional = ["source", "archived_at", "archive_url", "rebuilt_from"]
    assert SCHEMA["required"] == [name for name in record if name not in optional]
    VALIDATOR.validate(record)


def _broken(record: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(record)
    target: Any = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("dotclear_id",), "79", "'79' is not of type 'integer', 'null'"),
        (("published",), "24/12/2006", "'24/12/2006' does not match"),
        (("published_precision",), "hour", "'hour' is not one of ['minute', 'day', None]"),
        (("schema_version",), "0.9", "'1.2' was expected"),
        (("tags",), "TIC", "'TIC' is not of type 'array'"),
        (("comments", 0, "author"), 12, "12 is not of type 'string', 'null'"),
        (("warc", "offset"), -1, "-1 is less than the minimum of 0"),
    ],
    ids=["id-as-string", "date-not-iso", "precision", "version", "tags-string", "comment", "warc"],
)
def test_schema_rejects(
    default_crawl: Crawl, path: tuple[str | int, ...], value: Any, message: str
) -> None:
    record = next(r for r in default_crawl.records if r["comments"])
    errors = list(VALIDATOR.iter_errors(_broken(record, path, value)))
    assert [tuple(e.path) for e in errors] == [path]
    assert message in errors[0].message
