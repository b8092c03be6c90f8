"""`archiver diff OLD NEW`: posts added, removed and edited between two states of a dataset.

First on two hand-made posts.jsonl files whose every record differs in its capture fields, then
end to end: the sample blog crawled, changed (a body edited, a title changed, a comment added,
a post deleted, a post added, as tests/test_update.py changes it), crawled again, into a fresh
folder and with `--update --full` into a copy of the first (whose changes.jsonl must say the
same).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from archiver.cli import main
from archiver.dotclear.dates import PARIS
from archiver.ops.diff import CHANGES_NAME
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.model import SampleComment, SamplePost
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import run_crawl

BLOG = "http://blog.example.com/"


def record(slug: str, capture: int, **content: Any) -> dict[str, Any]:
    """A posts.jsonl record; `capture` sets every capture field to values of its own."""
    when = f"2026-0{capture}-01T00:00:00Z"
    base: dict[str, Any] = {
        "schema_version": "1.1",
        "url": BLOG + "post/" + slug,
        "id": f"id-{slug}",
        "dotclear_id": 1,
        "title": slug.title(),
        "published": "2008-01-02T10:00:00+01:00",
        "published_raw": "mercredi 2 janvier 2008",
        "published_source": "p.day-date" if capture == 1 else "feed",
        "published_precision": "day" if capture == 1 else "minute",
        "author": "Jean-Luc",
        "category": "Associations",
        "tags": ["TIC"],
        "body_html": "<p>Un.</p>",
        "body_text": "Un.",
        "comments": [],
        "images": [],
        "links": [],
        "listings": [BLOG + f"page/{capture}"],
        "warc": {"filename": f"archiver-{capture}.warc.gz", "offset": capture * 100},
        "crawls": {"first_seen": when, "last_seen": when, "last_changed": when},
        "gone": None,
        "source": "live" if capture == 1 else "archive",
        "archived_at": None if capture == 1 else "2026-01-15T00:00:00Z",
        "archive_url": None if capture == 1 else f"http://web.archive.example.org/2026id_/{slug}",
        "rebuilt_from": None,
    }
    return {**base, **content}


COMMENT = {
    "author": "Lectrice",
    "website": None,
    "published": "2009-05-04T09:30:00+02:00",
    "published_raw": "le 4 mai 2009",
    "published_source": "text",
    "body_text": "Merci.",
}
OLD_CONTENT = {
    "same": {},
    "body": {},
    "title": {"title": "Ancien titre"},
    "commented": {},
    "deleted": {},
    "gone-later": {},
}
NEW_CONTENT = {
    "same": {},
    "body": {"body_html": "<p>Un.</p><p>Deux.</p>", "body_text": "Un.\n\nDeux."},
    "title": {"title": "Nouveau titre"},
    # The same comment read again from another date source is no change; the second one is.
    "commented": {
        "comments": [
            {**COMMENT, "published_source": "time"},
            {**COMMENT, "author": "Lecteur", "body_text": "Bravo."},
        ]
    },
    "added": {"tags": ["TIC", "tendance"]},
    "gone-later": {"gone": {"since": "2026-02-01T00:00:00Z", "status": 404}},
}
OLD_CONTENT["commented"] = {"comments": [COMMENT]}


def write(path: Path, states: dict[str, dict[str, Any]], capture: int) -> Path:
    lines = [json.dumps(record(slug, capture, **content)) for slug, content in states.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def states(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "old.jsonl", OLD_CONTENT, 1), write(
        tmp_path / "new.jsonl", NEW_CONTENT, 2
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["diff", *argv])
    return status, capsys.readouterr().out


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


FORWARD = [
    {"url": BLOG + "post/added", "change": "added", "fields": [], "title": "Added"},
    {
        "url": BLOG + "post/body",
        "change": "edited",
        "fields": ["body_html", "body_text"],
        "title": "Body",
        "details": {
            "body_html": {"old_length": 10, "new_length": 22},
            "body_text": {"old_length": 3, "new_length": 10, "paragraphs": ["+Deux."]},
        },
    },
    {
        "url": BLOG + "post/commented",
        "change": "edited",
        "fields": ["comments"],
        "title": "Commented",
        "details": {
            "comments": {
                "added": [{"author": "Lecteur", "published": "2009-05-04T09:30:00+02:00"}],
                "removed": [],
            }
        },
    },
    {"url": BLOG + "post/deleted", "change": "removed", "fields": [], "title": "Deleted"},
    {"url": BLOG + "post/gone-later", "change": "removed", "fields": [], "title": "Gone-Later"},
    {
        "url": BLOG + "post/title",
        "change": "edited",
        "fields": ["title"],
        "title": "Nouveau titre",
        "details": {"title": {"old": "Ancien titre", "new": "Nouveau titre"}},
    },
]
for line in FORWARD:
    line["published"] = "2008-01-02T10:00:00+01:00"


def test_json_lists_exactly_the_changes(
    states: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(capsys, str(states[0]), str(states[1]), "--json")
    assert status == 0
    assert lines(out) == FORWARD


def test_json_backwards(states: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(states[1]), str(states[0]), "--json", "--exit-code")
    assert status == 1
    got = {line["url"].rsplit("/", 1)[1]: line for line in lines(out)}
    assert {slug: line["change"] for slug, line in got.items()} == {
        "added": "removed",
        "body": "edited",
        "commented": "edited",
        "deleted": "added",
        "gone-later": "added",
        "title": "edited",
    }
    assert got["body"]["details"]["body_text"] == {
        "old_length": 10,
        "new_length": 3,
        "paragraphs": ["-Deux."],
    }
    assert got["commented"]["details"]["comments"] == {
        "added": [],
        "removed": [{"author": "Lecteur", "published": "2009-05-04T09:30:00+02:00"}],
    }
    assert got["title"]["details"] == {"title": {"old": "Nouveau titre", "new": "Ancien titre"}}


def test_readable_summary(states: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = states
    status, out = run(capsys, str(old), str(new))
    assert status == 0
    assert out.splitlines() == [
        f"{old} -> {new}: 1 added, 2 removed, 3 edited",
        f"added    {BLOG}post/added 'Added'",
        f"edited   {BLOG}post/body 'Body': body_html, body_text",
        "           body_text +Deux.",
        f"edited   {BLOG}post/commented 'Commented': comments",
        "           comment + Lecteur, 2009-05-04T09:30:00+02:00",
        f"removed  {BLOG}post/deleted 'Deleted'",
        f"removed  {BLOG}post/gone-later 'Gone-Later'",
        f"edited   {BLOG}post/title 'Nouveau titre': title",
        "           title: 'Ancien titre' -> 'Nouveau titre'",
    ]


def test_capture_fields_are_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Same content, every capture field different (and the file order too): nothing listed."""
    old = write(tmp_path / "a.jsonl", {"same": {}, "other": {}}, 1)
    new = write(tmp_path / "b.jsonl", {"other": {}, "same": {}}, 2)
    assert run(capsys, str(old), str(new), "--json", "--exit-code") == (0, "")
    assert run(capsys, str(old), str(new)) == (0, f"{old} -> {new}: no change\n")


def test_a_date_read_to_the_day_only_is_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first capture read the time in a feed, the second (the post out of the feed now) the
    day only: no change. A day that differs is one."""
    minute = {"published": "2008-01-02T10:00:00+01:00", "published_precision": "minute"}
    day = {"published": "2008-01-02T00:00:00+01:00", "published_precision": "day"}
    moved = {"published": "2008-01-03T00:00:00+01:00", "published_precision": "day"}
    old = write(tmp_path / "a.jsonl", {"read": minute, "moved": minute}, 1)
    new = write(tmp_path / "b.jsonl", {"read": day, "moved": moved}, 2)
    status, out = run(capsys, str(old), str(new), "--json")
    assert [(line["url"], line["fields"]) for line in lines(out)] == [
        (BLOG + "post/moved", ["published"])
    ]


def test_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(tmp_path), str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"archiver diff: no posts.jsonl at {tmp_path}\n"


# --- End to end: two crawls of the sample blog -------------------------------------------------
EDITED, RETITLED, COMMENTED, DELETED = POSTS[10], POSTS[12], POSTS[5], POSTS[20]
NEW_POST = SamplePost(
    id=901,
    slug="2009/05/01/Nouveau-billet",
    title="Nouveau billet",
    published=datetime(2009, 5, 1, 10, 0, tzinfo=PARIS),
    author="Jean-Luc Raymond",
    category="Economie sociale",
    tags=("TIC",),
    paragraphs=("Texte du billet.",),
)
COMMENT_ADDED = SampleComment(
    "Lectrice", None, datetime(2009, 5, 4, 9, 30, tzinfo=PARIS), ("Merci pour ce billet.",)
)


def changed_blog() -> list[SamplePost]:
    now = datetime.now(UTC)
    replaced = {
        EDITED.id: dataclasses.replace(
            EDITED, paragraphs=(*EDITED.paragraphs, "Mise à jour."), updated=now
        ),
        RETITLED.id: dataclasses.replace(RETITLED, title="Recycleries : le réemploi", updated=now),
        COMMENTED.id: dataclasses.replace(COMMENTED, comments=(COMMENT_ADDED,)),
    }
    kept = [replaced.get(post.id, post) for post in POSTS if post is not DELETED]
    return [NEW_POST, *kept]


@dataclasses.dataclass
class Crawls:
    base: str
    first: Path
    second: Path
    updated: Path


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawls]:
    root = tmp_path_factory.mktemp("diff")
    with SampleBlogServer() as server:
        first, second, updated = root / "first", root / "second", root / "updated"
        assert len(run_crawl(server, first).records) == len(POSTS)
        shutil.copytree(first, updated)
        server.publish(changed_blog())
        assert len(run_crawl(server, second).records) == len(POSTS)  # one deleted, one added
        run_crawl(server, updated, options=("--update", "--full"))
        yield Crawls(server.url, first, second, updated)


def post_url(base: str, post: SamplePost) -> str:
    return base + "post/" + quote(post.slug, safe="/:,'")


def expected_forward(base: str) -> list[dict[str, Any]]:
    def url(post: SamplePost) -> str:
        return post_url(base, post)

    edits = {
        url(EDITED): ("edited", ["body_html", "body_text"]),
        url(RETITLED): ("edited", ["title"]),
        url(COMMENTED): ("edited", ["comments"]),
        url(DELETED): ("removed", []),
        url(NEW_POST): ("added", []),
    }
    return [{"url": u, "change": c, "fields": f} for u, (c, f) in sorted(edits.items())]


def brief(out: str) -> list[dict[str, Any]]:
    return [{k: line[k] for k in ("url", "change", "fields")} for line in lines(out)]


@pytest.mark.slow
def test_two_crawls_forward(crawls: Crawls, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(crawls.first), str(crawls.second), "--json", "--exit-code")
    assert status == 1
    assert sorted(brief(out), key=lambda line: line["url"]) == expected_forward(crawls.base)
    details = {line["url"]: line.get("details") for line in lines(out)}
    assert details[post_url(crawls.base, RETITLED)] == {
        "title": {"old": RETITLED.title, "new": "Recycleries : le réemploi"}
    }
    assert details[post_url(crawls.base, COMMENTED)] == {
        "comments": {
            "added": [{"author": "Lectrice", "published": "2009-05-04T09:30:00+02:00"}],
            "removed": [],
        }
    }
    assert details[post_url(crawls.base, EDITED)]["body_text"]["paragraphs"] == ["+Mise à jour."]


@pytest.mark.slow
def test_two_crawls_backwards(crawls: Crawls, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(crawls.second), str(crawls.first), "--json")
    assert status == 0
    flip = {"added": "removed", "removed": "added", "edited": "edited"}
    expected = [{**line, "change": flip[line["change"]]} for line in expected_forward(crawls.base)]
    assert sorted(brief(out), key=lambda line: line["url"]) == expected


@pytest.mark.slow
def test_update_writes_the_same_change_log(
    crawls: Crawls, capsys: pytest.CaptureFixture[str]
) -> None:
    written = (crawls.updated / CHANGES_NAME).read_text(encoding="utf-8")
    assert sorted(brief(written), key=lambda line: line["url"]) == expected_forward(crawls.base)
    _, out = run(capsys, str(crawls.first), str(crawls.updated), "--json")
    assert lines(out) == lines(written)
