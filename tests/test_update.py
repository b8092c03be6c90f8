"""Incremental recrawls (`archiver crawl --update`): only what changed is asked for again.

One sample blog served all along; its content changes between crawls into one output folder:

1. first crawl (60 posts);
2. 3 new posts (one with a new tag; two in a new month, one in the last month held though
   its URL names the new one) and 1 comment on an old post: the update asks for the listing
   heads, the feeds, the new pages and the commented post, and the listings of the tags and
   months the posts fetched are in (no other tag's or month's);
3. nothing changed: every page asked for answers 304, written as revisits;
4. a post edited (the blog feed's <updated> says so), moved from one tag to another: that
   post fetched again, changed, and the listings of its old and new tags and its month read
   again;
5. `--full` after a post was deleted: every listing walked, every post asked for, the
   deleted one marked gone.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.archive.validate import validate
from archiver.archive.warc import NOT_MODIFIED_PROFILE
from archiver.dataset.records import post_schema
from archiver.dotclear.dates import PARIS
from archiver.ops.extract import extract
from archiver.sample_blog.content import POSTS
from archiver.sample_blog.model import SampleComment, SamplePost
from archiver.sample_blog.server import SampleBlogServer
from tests.conftest import Crawl, run_crawl

# Dotclear files a post under the month of its publication date (the blog's time zone), not
# its URL's, the day it was created: the first new post is filed in April, a month held.
PUBLISHED = [datetime(2009, 4, 30, 23, 50, tzinfo=PARIS)]
PUBLISHED += [datetime(2009, 5, n + 1, 10, n, tzinfo=PARIS) for n in (1, 2)]
NEW = [
    SamplePost(
        id=900 + n,
        slug=f"2009/05/0{n + 1}/Nouveau-billet-{n}",
        title=f"Nouveau billet {n}",
        published=PUBLISHED[n],
        author="Jean-Luc Raymond",
        category="Economie sociale",
        tags=("tendance", "mutuelles") if n == 0 else ("TIC",),
        paragraphs=(f"Texte du billet {n}.",),
    )
    for n in range(3)
]
COMMENTED = POSTS[5]  # had no comment; published in 2009-02
COMMENT = SampleComment(
    "Lectrice", None, datetime(2009, 5, 4, 9, 30, tzinfo=PARIS), ("Merci pour ce billet.",)
)
EDITED = POSTS[19]  # published in 2007-10
# Moved from a tag to another (was "Espaces Publics Numériques"), each then with 7 posts: the
# tag cloud's classes (a tag's count to the highest's, in tens) stay, other pages too.
EDITED_TAGS = ("tendance",)
DELETED = POSTS[20]


def _with(posts: list[SamplePost], old: SamplePost, new: SamplePost) -> list[SamplePost]:
    return [new if post is old else post for post in posts]


@dataclass
class Run:
    crawl: Crawl
    requests: list[str]  # request targets, in order
    statuses: Counter[int]
    warcs: list[Path]  # the WARC files this run wrote


@dataclass
class Story:
    server: SampleBlogServer
    output: Path
    runs: list[Run]
    snapshots: list[list[dict[str, Any]]]  # posts.jsonl after each run


# Requests are counted exactly: dataset-only crawls (requisites: test_requisites_crawl.py).
DATASET_ONLY = "--no-requisites"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    output = tmp_path_factory.mktemp("update")
    with SampleBlogServer() as server:
        story = Story(server, output, [], [])

        def crawl(*options: str) -> None:
            since, before = len(server.requests), set((output / "warc").glob("*.warc.gz"))
            done = run_crawl(server, output, options=(DATASET_ONLY, *options))
            served = server.requests[since:]
            warcs = sorted(set(done.warcs) - before)
            statuses = Counter(r.status for r in served)
            story.runs.append(Run(done, [r.path for r in served], statuses, warcs))
            story.snapshots.append(done.records)

        crawl()
        posts = _with(list(POSTS), COMMENTED, dataclasses.replace(COMMENTED, comments=(COMMENT,)))
        server.publish(posts + NEW)
        crawl("--update")
        crawl("--update")
        edited = dataclasses.replace(
            EDITED,
            paragraphs=(*EDITED.paragraphs, "Mise à jour."),
            tags=EDITED_TAGS,
            updated=datetime.now(UTC),
        )
        posts = _with(posts, EDITED, edited)
        server.publish(posts + NEW)
        crawl("--update")
        server.publish([post for post in posts if post is not DELETED] + NEW)
        crawl("--update", "--full")
        yield story


def path(post: SamplePost) -> str:
    return "/post/" + quote(post.slug, safe="/:")


def by_url(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["url"]: record for record in records}


def url(story: Story, post: SamplePost) -> str:
    return story.server.url.rstrip("/") + path(post)


def capture_date(warcs: list[Path], target: str, status: str) -> str:
    """WARC-Date of the response or revisit record for `target` answered `status`."""
    for warc in warcs:
        with warc.open("rb") as fh:
            for record in ArchiveIterator(fh):
                headers = record.rec_headers
                if (
                    record.rec_type in ("response", "revisit")
                    and headers.get_header("WARC-Target-URI") == target
                    and record.http_headers.get_statuscode() == status
                ):
                    return str(headers.get_header("WARC-Date"))
    raise LookupError(target)


def warc_records(warc: Path) -> list[tuple[str, str, str, str]]:
    """(type, URI, status, profile) of the response and revisit records."""
    found = []
    with warc.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type in ("response", "revisit"):
                found.append(
                    (
                        record.rec_type,
                        record.rec_headers.get_header("WARC-Target-URI"),
                        record.http_headers.get_statuscode(),
                        record.rec_headers.get_header("WARC-Profile") or "",
                    )
                )
    return found


def test_every_run_succeeds(story: Story) -> None:
    assert [run.crawl.returncode for run in story.runs] == [0, 0, 0, 0, 0]
    assert len(story.runs[0].requests) == 116
    assert not (story.output / "posts.update.jsonl").exists()


# Asked for by every update: robots.txt, home, tags and archive index, the blog's posts and
# comments feeds. A tag's listing or a month only for a post fetched that is in it, or was
# (its first page: the walk stops there, its last post is known), or one new to the copy.
HEADS = ["/robots.txt", "/", "/tags", "/archive", "/feed/atom", "/feed/atom/comments"]


def tag(name: str) -> str:
    return "/tag/" + quote(name)


def test_new_posts_and_comment_cost_the_listing_heads_and_the_new_pages(story: Story) -> None:
    run = story.runs[1]
    tags = [tag("tendance"), tag("mutuelles"), tag("TIC")]  # the new posts' (mutuelles: new)
    heads = [*HEADS, *tags, "/feed/tag/mutuelles/atom", "/archive/2009/05"]  # a new month
    months = ["/archive/2009/04", "/archive/2009/02"]  # held: NEW[0]'s and COMMENTED's
    pages = [path(post) for post in [*NEW, COMMENTED]]  # COMMENTED has no tag
    assert sorted(run.requests) == sorted(heads + months + pages)
    assert len(run.requests) == 17
    assert "Merged into posts.jsonl: 3 new, 1 changed, 0 unchanged, 0 gone, 59 kept" in (
        run.crawl.log
    )


def test_new_posts_are_appended_and_the_commented_post_updated_in_place(story: Story) -> None:
    before, after = by_url(story.snapshots[0]), by_url(story.snapshots[1])
    assert len(after) == 63 and len({r["id"] for r in after.values()}) == 63
    assert list(after)[:60] == list(before)  # in place: the old order, new posts after
    for post in NEW:
        record = after[url(story, post)]
        assert record["title"] == post.title
        assert record["published"] == post.published.isoformat()
        assert record["tags"] == list(post.tags)
        assert record["body_text"] == post.paragraphs[0]
    commented = after[url(story, COMMENTED)]
    old = before[url(story, COMMENTED)]
    assert commented["id"] == old["id"]
    assert [c["body_text"] for c in commented["comments"]] == ["Merci pour ce billet."]
    assert commented["comments"][0]["published"] == "2009-05-04T09:30:00+02:00"
    second = story.runs[1]
    assert commented["crawls"]["first_seen"] == old["crawls"]["first_seen"]
    assert commented["crawls"]["last_changed"] == commented["crawls"]["last_seen"]
    assert commented["crawls"]["last_seen"] > old["crawls"]["last_seen"]
    assert commented["warc"]["filename"] in {p.name for p in second.warcs}
    untouched = [u for u in before if u != url(story, COMMENTED)]
    assert all(after[u] == before[u] for u in untouched)


def test_a_tag_without_news_has_nothing_asked_of_its_listing(story: Story) -> None:
    untouched = {tag("inclusion numérique"), tag("Espaces Publics Numériques")}
    untouched.add(tag("economie sociale et solidaire"))
    assert untouched <= set(story.runs[0].requests)  # held since the first crawl
    new, unchanged = story.runs[1], story.runs[2]
    assert untouched.isdisjoint(new.requests + unchanged.requests)
    tags = [r for r in new.requests if r.startswith("/tag/")]
    assert tags[0] == tag("mutuelles")  # a new tag: walked with the listings, before the posts
    assert sorted(tags[1:]) == [tag("TIC"), tag("tendance")]  # once a new post carries it
    assert new.requests.index(tags[1]) > min(new.requests.index(path(p)) for p in NEW)


def test_a_month_without_news_has_nothing_asked_and_a_held_one_waits_for_a_post(
    story: Story,
) -> None:
    first, new, unchanged = story.runs[0], story.runs[1], story.runs[2]
    assert {"/archive/2009/03", "/archive/2009/04", "/archive/2009/02"} <= set(first.requests)
    assert "/archive/2009/03" not in new.requests + unchanged.requests  # no post fetched in it
    months = [r for r in new.requests if r.startswith("/archive/")]
    assert sorted(months) == ["/archive/2009/02", "/archive/2009/04", "/archive/2009/05"]
    # A held month is read once a post fetched is known to be in it: after its page.
    assert new.requests.index("/archive/2009/04") > new.requests.index(path(NEW[0]))
    assert new.requests.index("/archive/2009/02") > new.requests.index(path(COMMENTED))
    assert new.requests.index("/archive/2009/05") < min(new.requests.index(path(p)) for p in NEW)


def test_new_posts_name_the_tag_listings_walked_after_their_pages(story: Story) -> None:
    after = by_url(story.snapshots[1])
    base = story.server.url.rstrip("/")
    want = {
        NEW[0]: ["/", "/archive/2009/04", tag("mutuelles"), tag("tendance")],
        NEW[1]: ["/", "/archive/2009/05", tag("TIC")],
        NEW[2]: ["/", "/archive/2009/05", tag("TIC")],
    }
    for post, listings in want.items():
        assert sorted(after[url(story, post)]["listings"]) == sorted(base + p for p in listings)


def test_nothing_changed_answers_304_written_as_revisits(story: Story) -> None:
    run = story.runs[2]
    assert sorted(run.requests) == sorted(HEADS)  # tag listings, feeds, months held: not asked
    assert run.statuses == Counter({304: 6})
    assert story.snapshots[2] == story.snapshots[1]
    assert len(run.warcs) == 1
    records = warc_records(run.warcs[0])
    assert len(records) == 6
    assert {(kind, status, profile) for kind, _, status, profile in records} == {
        ("revisit", "304", NOT_MODIFIED_PROFILE)
    }


def test_an_edit_the_feed_announces_is_fetched_again(story: Story) -> None:
    run = story.runs[3]
    assert path(EDITED) in run.requests
    posts = [r for r in run.requests if r.startswith("/post/")]
    assert posts == [path(EDITED)]
    old_tag, new_tag = tag("Espaces Publics Numériques"), tag("tendance")  # the tag it lost too
    month = "/archive/2007/10"  # its month, held: walked from its first page, caught up there
    assert sorted(run.requests) == sorted([*HEADS, path(EDITED), old_tag, new_tag, month])
    before, after = by_url(story.snapshots[2]), by_url(story.snapshots[3])
    edited = after[url(story, EDITED)]
    assert edited["body_text"].endswith("Mise à jour.")
    assert edited["tags"] == list(EDITED_TAGS)
    assert edited["id"] == before[url(story, EDITED)]["id"]
    assert edited["crawls"]["last_changed"] > before[url(story, EDITED)]["crawls"]["last_changed"]


def test_full_walk_marks_the_deleted_post_gone_and_keeps_it(story: Story) -> None:
    run = story.runs[4]
    posts = [unquote(r) for r in run.requests if r.startswith("/post/")]
    assert sorted(posts) == sorted({"/post/" + p.slug for p in [*POSTS, *NEW]})  # each once
    after = by_url(story.snapshots[4])
    assert len(after) == 63
    gone = after[url(story, DELETED)]
    since = capture_date(run.warcs, url(story, DELETED), "404")
    assert gone["gone"] == {"since": since, "status": 404}
    before = by_url(story.snapshots[3])[url(story, DELETED)]
    assert gone == {**before, "gone": gone["gone"]}  # kept as last captured
    assert [u for u, r in after.items() if r["gone"]] == [url(story, DELETED)]
    assert "Known post gone" in run.crawl.log


def test_records_match_the_schema_after_every_update(story: Story) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(post_schema())
    for snapshot in story.snapshots:
        assert [e.message for r in snapshot for e in validator.iter_errors(r)] == []


def test_archive_stays_valid(story: Story) -> None:
    assert {check.name: check.problems for check in validate(story.output) if not check.ok} == {}


def test_update_into_an_empty_folder_is_a_first_crawl(tmp_path: Path) -> None:
    with SampleBlogServer() as server:
        done = run_crawl(server, tmp_path / "out", options=(DATASET_ONLY, "--update"))
        assert done.returncode == 0
        assert len(done.records) == 60
        assert len(server.requests) == 117  # the comments feed besides the 116


def test_extract_reads_304_revisits_as_the_page_seen_again(story: Story, tmp_path: Path) -> None:
    _, scan = extract(sorted((story.output / "warc").glob("*.warc.gz")), tmp_path)
    records = by_url(
        [json.loads(line) for line in (tmp_path / "posts.jsonl").read_text().splitlines()]
    )
    assert len(records) == 63  # the deleted post too: its last page is in the WARCs
    crawled = by_url(story.snapshots[4])
    for key, record in records.items():
        assert record["crawls"]["first_seen"] == crawled[key]["crawls"]["first_seen"]
        assert record["crawls"]["last_seen"] == crawled[key]["crawls"]["last_seen"]
    # Posts the --full run found not modified (304): seen again at that revisit's date.
    revisits = [
        uri
        for kind, uri, status, _ in warc_records(story.runs[4].warcs[0])
        if kind == "revisit" and status == "304" and "/post/" in uri
    ]
    assert revisits  # the posts whose pages show nothing that changed (5 of 63 here)
    for uri in revisits:
        assert records[uri]["crawls"]["last_seen"] == capture_date(story.runs[4].warcs, uri, "304")


def test_pages_answered_304_replay_as_their_last_200_capture(tmp_path: Path) -> None:
    """The 304s stay in the WARCs, out of the replay indexes: pywb serves the page itself."""
    import http.client

    from archiver.archive.replay import Wayback, prepare

    output = tmp_path / "out"
    with SampleBlogServer() as server:
        assert run_crawl(server, output, options=(DATASET_ONLY,)).returncode == 0
        first = {r.path: r.body for r in server.requests}
        since = len(server.requests)
        update = run_crawl(server, output, options=(DATASET_ONLY, "--update", "--wacz"))
        assert update.returncode == 0
        not_modified = [r.path for r in server.requests[since:] if r.status == 304]
        base = server.url.rstrip("/")
    # All the heads but the comments feed, which a first crawl does not fetch (no tag listing:
    # no post fetched).
    assert sorted(not_modified) == sorted(set(HEADS) - {"/feed/atom/comments"})
    collections = prepare(output, tmp_path / "pywb", "update-")
    assert collections == ["update-warc", "update-wacz"]
    with Wayback(tmp_path / "pywb") as wayback:
        for collection in collections:
            for target in not_modified:
                conn = http.client.HTTPConnection("127.0.0.1", wayback.port, timeout=30)
                try:
                    conn.request("GET", f"/{collection}/id_/{base}{target}")
                    response = conn.getresponse()
                    body = response.read()
                finally:
                    conn.close()
                assert (collection, target, response.status) == (collection, target, 200)
                assert body == first[target], (collection, target)


def _record(slug: str, **fields: Any) -> dict[str, Any]:
    first = "2026-11-01T10:00:00Z"
    return {
        "schema_version": "1.1",
        "url": f"http://127.0.0.1:9/post/{slug}",
        "id": f"id-{slug}",
        "title": slug,
        "body_text": "texte",
        "listings": ["http://127.0.0.1:9/"],
        "warc": {"filename": "a.warc.gz", "record_id": f"<urn:uuid:{slug}>"},
        "crawls": {"first_seen": first, "last_seen": first, "last_changed": first},
        "gone": None,
        **fields,
    }


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_merge_keeps_order_ids_and_history(tmp_path: Path) -> None:
    from archiver.ops.update import merge_posts

    later = "2026-11-08T10:00:00Z"
    again = {"first_seen": later, "last_seen": later, "last_changed": later}
    old = {
        k: v for k, v in _record("d", schema_version="1.0").items() if k not in ("crawls", "gone")
    }
    _write(tmp_path / "posts.jsonl", [_record("a"), _record("b"), _record("c"), old])
    fresh_warc = {"filename": "b.warc.gz", "record_id": "<urn:uuid:new>"}
    _write(
        tmp_path / "posts.update.jsonl",
        [
            _record("new", crawls=again, warc=fresh_warc),
            _record("a", crawls=again, warc=fresh_warc, listings=["http://127.0.0.1:9/page/2"]),
            _record("b", crawls=again, warc=fresh_warc, body_text="texte corrigé", id="other"),
        ],
    )
    merged = merge_posts(
        tmp_path,
        {"http://127.0.0.1:9/post/c": (later, 410)},
        lambda record: "2026-10-01T00:00:00Z",
    )
    assert (merged.new, merged.changed, merged.unchanged, merged.gone, merged.kept) == (
        1,
        1,
        1,
        1,
        2,
    )
    out = [json.loads(line) for line in (tmp_path / "posts.jsonl").read_text().splitlines()]
    assert [r["title"] for r in out] == ["a", "b", "c", "d", "new"]
    a, b, c, d, new = out
    assert a == {
        **_record("a"),
        "warc": fresh_warc,
        "listings": ["http://127.0.0.1:9/", "http://127.0.0.1:9/page/2"],
        "crawls": {"first_seen": "2026-11-01T10:00:00Z", "last_seen": later,
                   "last_changed": "2026-11-01T10:00:00Z"},
    }  # fmt: skip
    assert (b["id"], b["body_text"]) == ("id-b", "texte corrigé")  # the id is kept
    assert b["crawls"] == {"first_seen": "2026-11-01T10:00:00Z", "last_seen": later,
                           "last_changed": later}  # fmt: skip
    assert c == {**_record("c"), "gone": {"since": later, "status": 410}}
    assert d["schema_version"] == "1.2"  # an earlier version's record brought up to date
    assert d["crawls"] == dict.fromkeys(("first_seen", "last_seen", "last_changed"),
                                        "2026-10-01T00:00:00Z")  # fmt: skip
    assert new == _record("new", crawls=again, warc=fresh_warc)
    assert not (tmp_path / "posts.update.jsonl").exists()


def test_a_gone_post_keeps_its_first_gone_date_and_comes_back_when_answered(
    tmp_path: Path,
) -> None:
    from archiver.ops.update import merge_posts

    first_gone = {"since": "2026-11-02T00:00:00Z", "status": 404}
    _write(tmp_path / "posts.jsonl", [_record("a", gone=first_gone), _record("b", gone=first_gone)])
    later = "2026-11-09T00:00:00Z"
    back = {"first_seen": later, "last_seen": later, "last_changed": later}
    _write(tmp_path / "posts.update.jsonl", [_record("b", crawls=back)])
    merge_posts(tmp_path, {"http://127.0.0.1:9/post/a": (later, 410)})
    a, b = [json.loads(line) for line in (tmp_path / "posts.jsonl").read_text().splitlines()]
    assert a["gone"] == first_gone
    assert b["gone"] is None and b["crawls"]["last_seen"] == later


def test_comments_feed_that_starts_after_the_last_crawl_may_have_missed_some() -> None:
    from archiver.dataset.records import FeedEntry
    from archiver.ops.update import Known

    known = Known.__new__(Known)
    known.last_capture = "2026-11-01T10:00:00Z"
    newer = FeedEntry("http://127.0.0.1:9/post/a#c2", "2026-11-01T11:00:01+01:00", "t")
    older = FeedEntry("http://127.0.0.1:9/post/a#c1", "2026-11-01T10:59:59+01:00", "t")
    assert known.feed_starts_after([newer]) is True
    assert known.feed_starts_after([newer, older]) is False
    assert known.feed_starts_after([]) is False
