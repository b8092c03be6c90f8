"""What changed between two states of a dataset: posts added, removed and edited, field by field.

Two posts.jsonl files (or the folders holding them) are compared post by post, keyed by the
post's canonical URL (`archiver.dataset.provenance.canonical`). A record marked `gone` (an
update crawl found its page answering 404/410) counts as absent: its post was removed.

Only what the blog published is compared. Capture details are not changes: `warc` (file,
offset, record ids), `crawls` (fetch times), `listings` (which listing pages showed the post:
they shift whenever a newer post pushes it down a page), `schema_version`, `id` (derived from
the URL), where the page was read (`source`, `archived_at`, `archive_url`, `rebuilt_from`: a live
crawl and a crawl from a web archive compare alike), and how a date was read (`published_raw`,
`published_source`, `published_precision`: the same `published` read from another source is
the same post; so is a date read to the day only where the other read the same day to the
minute). A comment is known by its author, website, date and text; its date's provenance is a
capture detail too.

Both files are indexed by byte offset, never held whole: two records are in memory at a time.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.dataset.provenance import canonical

POSTS_NAME = "posts.jsonl"
CHANGES_NAME = "changes.jsonl"  # the change log an update crawl writes beside its report
CAPTURE_FIELDS = frozenset(
    [
        "schema_version",
        "id",
        "warc",
        "crawls",
        "listings",
        "gone",
        "fetched",
        "published_raw",
        "published_source",
        "published_precision",
        # Where the fields were read (schema 1.2): the blog, or a web archive's capture of it.
        "source",
        "archived_at",
        "archive_url",
        "rebuilt_from",
    ]
)
COMMENT_KEY = ("author", "website", "published", "body_text")
LIST_FIELDS = frozenset(["tags", "images", "links"])  # details: items added and removed
TEXT_FIELDS = frozenset(["body_html", "body_text"])  # details: lengths (+ paragraphs of the text)


@dataclass
class Change:
    """One post's change: "added", "removed" or "edited", with the fields that differ."""

    url: str
    change: str
    title: str | None
    published: str | None
    fields: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        line: dict[str, Any] = {"url": self.url, "change": self.change, "fields": self.fields}
        line["title"], line["published"] = self.title, self.published
        if self.details:
            line["details"] = self.details
        return line


def posts_file(path: Path) -> Path:
    """The posts.jsonl a collection folder holds, or the file itself."""
    return path / POSTS_NAME if path.is_dir() else path


class Index:
    """A posts.jsonl file's records by canonical URL, as byte offsets (gone posts left out)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offsets: dict[str, int] = {}
        self._fh = path.open("rb") if path.exists() else None
        if self._fh is None:
            return  # no file yet (a first update crawl): no posts
        while True:
            offset = self._fh.tell()
            line = self._fh.readline()
            if not line:
                break
            if line.strip():
                record = json.loads(line)
                key = canonical(record["url"])
                if record.get("gone"):
                    self.offsets.pop(key, None)
                else:
                    self.offsets[key] = offset

    def record(self, key: str) -> dict[str, Any]:
        assert self._fh is not None
        self._fh.seek(self.offsets[key])
        record: dict[str, Any] = json.loads(self._fh.readline())
        return record

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def changes(old: Path, new: Path) -> Iterator[Change]:
    """The changes from the `old` posts.jsonl to the `new` one, by URL order (canonical)."""
    before, after = Index(posts_file(old)), Index(posts_file(new))
    try:
        for key in sorted(before.offsets.keys() | after.offsets.keys()):
            if key not in after.offsets:
                yield _whole("removed", before.record(key))
            elif key not in before.offsets:
                yield _whole("added", after.record(key))
            else:
                edited = compare(before.record(key), after.record(key))
                if edited is not None:
                    yield edited
    finally:
        before.close()
        after.close()


def _whole(kind: str, record: dict[str, Any]) -> Change:
    return Change(record["url"], kind, record.get("title"), record.get("published"))


def compare(old: dict[str, Any], new: dict[str, Any]) -> Change | None:
    """The edit from one record of a post to another; None if only capture details differ."""
    change = Change(new["url"], "edited", new.get("title"), new.get("published"))
    names = sorted((old.keys() | new.keys()) - CAPTURE_FIELDS - {"url"})
    for name in names:
        detail = _field_change(name, old.get(name), new.get(name))
        if detail is not None and not (name == "published" and _same_day_read(old, new)):
            change.fields.append(name)
            change.details[name] = detail
    return change if change.fields else None


def _same_day_read(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """One date read to the day only (its time was in a feed that no longer lists the post),
    the other to the minute, on the same day: the same date, read less well."""
    precisions = {old.get("published_precision"), new.get("published_precision")}
    day = (old.get("published") or "")[:10]
    return "day" in precisions and len(precisions) == 2 and day == (new.get("published") or "")[:10]


def _field_change(name: str, old: Any, new: Any) -> dict[str, Any] | None:
    if name == "comments":
        return _comments_change(old or [], new or [])
    if old == new:
        return None
    if name in LIST_FIELDS and isinstance(old, list) and isinstance(new, list):
        added = [item for item in new if item not in old]
        removed = [item for item in old if item not in new]
        return {"added": added, "removed": removed} if added or removed else {"order": new}
    if name in TEXT_FIELDS and isinstance(old, str) and isinstance(new, str):
        detail: dict[str, Any] = {"old_length": len(old), "new_length": len(new)}
        if name == "body_text":
            detail["paragraphs"] = _paragraphs_diff(old, new)
        return detail
    return {"old": old, "new": new}


def _paragraphs_diff(old: str, new: str) -> list[str]:
    """The paragraphs (blocks between blank lines) removed ("-") and added ("+"), no context."""
    diff = difflib.unified_diff(old.split("\n\n"), new.split("\n\n"), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _comment_key(comment: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(comment.get(name) for name in COMMENT_KEY)


def _comments_change(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Comments added and removed, each named by author and date (a multiset difference)."""
    before = Counter(_comment_key(c) for c in old)
    after = Counter(_comment_key(c) for c in new)
    added, removed = after - before, before - after
    if not added and not removed:
        return None

    def named(comments: list[dict[str, Any]], wanted: Counter[tuple[Any, ...]]) -> list[Any]:
        out = []
        for comment in comments:
            key = _comment_key(comment)
            if wanted[key] > 0:
                wanted[key] -= 1
                out.append({"author": comment.get("author"), "published": comment.get("published")})
        return out

    return {"added": named(new, added), "removed": named(old, removed)}


def write_changes(old: Path, new: Path, target: Path) -> Counter[str]:
    """The change log as JSON lines into `target`; counts by kind of change."""
    counts: Counter[str] = Counter()
    tmp = target.with_name(target.name + ".writing")
    with tmp.open("w", encoding="utf-8") as out:
        for change in changes(old, new):
            counts[change.change] += 1
            out.write(json.dumps(change.to_json(), ensure_ascii=False) + "\n")
    tmp.replace(target)
    return counts


def summary(found: list[Change], old: Path, new: Path) -> str:
    """The change log in words: a count line, then one block per post."""
    counts = Counter(change.change for change in found)
    head = ", ".join(f"{counts[kind]} {kind}" for kind in ("added", "removed", "edited"))
    lines = [f"{old} -> {new}: {head}" if found else f"{old} -> {new}: no change"]
    for change in found:
        title = f" {change.title!r}" if change.title else ""
        fields = f": {', '.join(change.fields)}" if change.fields else ""
        lines.append(f"{change.change:8} {change.url}{title}{fields}")
        lines += [f"           {text}" for text in _detail_lines(change)]
    return "\n".join(lines)


def _detail_lines(change: Change) -> Iterator[str]:
    for name in change.fields:
        detail = change.details[name]
        if name == "comments":
            for sign, kind in (("+", "added"), ("-", "removed")):
                for c in detail[kind]:
                    yield f"comment {sign} {c['author'] or '(anonymous)'}, {c['published']}"
        elif "old" in detail:
            yield f"{name}: {detail['old']!r} -> {detail['new']!r}"
        elif "paragraphs" in detail:
            yield from (f"{name} {line[:100]}" for line in detail["paragraphs"])
        elif "added" in detail:
            for sign, kind in (("+", "added"), ("-", "removed")):
                yield from (f"{name} {sign} {item}" for item in detail[kind])


@contextmanager
def change_log(posts: Path, target: Path) -> Iterator[Counter[str]]:
    """posts.jsonl as it was before the block rewrote it (renamed over), compared with what
    the block left: the change log written to `target`, its counts by kind yielded (filled once
    the block is done). The earlier file is kept as a hard link meanwhile, a copy if the file
    system has none."""
    counts: Counter[str] = Counter()
    before = posts.with_name(posts.name + ".before")
    before.unlink(missing_ok=True)
    if posts.exists():
        try:
            os.link(posts, before)
        except OSError:
            shutil.copyfile(posts, before)
    try:
        yield counts
        counts.update(write_changes(before, posts, target))
    finally:
        before.unlink(missing_ok=True)
