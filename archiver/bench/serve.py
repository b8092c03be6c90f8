"""The synthetic blog served fast, in a process of its own, so the crawler is what gets measured.

    python -m archiver.bench.serve --posts 5000 [--theme default]

prints its URL on the first line of stdout, then obeys one command a line on stdin:
``log FILE`` (write the requests served so far to FILE as JSON lines, then answer "ok"),
``reset`` (forget them), ``add N`` (publish N more, newer posts), ``warm`` (render every page
now). End of input stops it.

Pages are rendered once and cached; the blog's indexes (neighbours, tags, months) are
computed once instead of scanning every post on every page. The pictures the synthetic posts
embed (archiver/bench/synth.py) are served too, a small file each, so a complete copy of the
blog has every requisite its pages name.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from archiver.bench.synth import synthetic_posts
from archiver.sample_blog.blog import Blog, TagStat, Urls
from archiver.sample_blog.fmt import tidy_url
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.server import SampleBlogServer, ServedRequest
from archiver.sample_blog.site import Page, SampleSite


class IndexedBlog(Blog):
    """Blog with its queries answered from indexes built once (same answers, no scans)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.position = {p.id: n for n, p in enumerate(self.posts)}
        self.by_tag: dict[str, list[SamplePost]] = {}
        self.by_month: dict[tuple[int, int], list[SamplePost]] = {}
        self.by_category: dict[str, list[SamplePost]] = {}
        for post in self.posts:
            for tag in post.tags:
                self.by_tag.setdefault(tag, []).append(post)
            month = (post.published.year, post.published.month)
            self.by_month.setdefault(month, []).append(post)
            if post.category:
                self.by_category.setdefault(post.category, []).append(post)
        self._months = super().months()
        self._stats: dict[int | None, list[TagStat]] = {}

    def with_tag(self, tag: str) -> list[SamplePost]:
        return self.by_tag.get(tag, [])

    def in_category(self, name: str) -> list[SamplePost]:
        return self.by_category.get(name, [])

    def in_month(self, year: int, month: int) -> list[SamplePost]:
        return self.by_month.get((year, month), [])

    def months(self) -> list[tuple[int, int, int]]:
        return self._months

    def tag_stats(self, limit: int | None = None) -> list[TagStat]:
        if limit not in self._stats:
            self._stats[limit] = super().tag_stats(limit)
        return self._stats[limit]

    def older(self, post: SamplePost) -> SamplePost | None:
        index = self.position[post.id]
        return self.posts[index + 1] if index + 1 < len(self.posts) else None

    def newer(self, post: SamplePost) -> SamplePost | None:
        index = self.position[post.id]
        return self.posts[index - 1] if index > 0 else None


_PHOTO = re.compile(r"/public/images/photo-(\d+)\.jpg")  # synth.py's pictures


class CachedSite(SampleSite):
    """SampleSite rendering each URL once."""

    blog: IndexedBlog

    def __init__(self, posts: Sequence[SamplePost], **options: object) -> None:
        super().__init__(posts, **options)  # type: ignore[arg-type]
        self.blog = IndexedBlog(list(posts))
        self._render = cache(self._rendered)

    def render(self, base_url: str, path: str) -> Page:
        return self._render(base_url, path)

    def _rendered(self, base_url: str, path: str) -> Page:
        photo = _PHOTO.fullmatch(path)
        if photo is None:
            return super().render(base_url, path)
        body = b"\xff\xd8\xff\xfe" + f"photo {photo[1]}".encode() + b"\xff\xd9"  # a JPEG comment
        return Page(200, "image/jpeg", body, [("ETag", f'"photo-{photo[1]}"')])

    def publish(self, posts: Sequence[SamplePost]) -> None:
        """New posts: a new blog, every page rendered afresh."""
        self.blog = IndexedBlog([*self.blog.source, *posts])
        self._render = cache(self._rendered)

    def page_paths(self) -> list[str]:
        """Every page a full crawl asks for, as request paths (for warming the cache)."""
        blog, per_page = self.blog, self.opts.per_page
        urls = Urls("/")
        paths = ["/robots.txt", "/tags", "/archive", "/feed/atom", "/feed/rss2"]
        paths += _listing_paths("/", len(blog.posts), per_page)
        for tag, posts in blog.by_tag.items():
            paths += [urls.tag_feed(tag), urls.tag_feed(tag, "rss2")]
            paths += _listing_paths(urls.tag(tag), len(posts), per_page)
        for name, posts in blog.by_category.items():
            paths += _listing_paths(urls.category(name), len(posts), per_page)
            paths.append(f"/feed/category/{tidy_url(name)}/atom")
        paths += [urls.archive(y, m) for y, m, _ in blog.months()]
        paths += [urls.post(p) for p in blog.posts]
        return paths


def _listing_paths(root: str, count: int, per_page: int) -> list[str]:
    """Page 1 is the root itself; page N is root/page/N."""
    pages = max(1, -(-count // per_page))
    return [root] + [root.rstrip("/") + f"/page/{n}" for n in range(2, pages + 1)]


class BenchServer(SampleBlogServer):
    """The sample server with bodies left out of its request log (the log is counted only)."""

    site: CachedSite

    def record(self, request: ServedRequest) -> None:
        super().record(ServedRequest(request.method, request.path, request.status, b""))

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()


def serve(posts: int, theme: str) -> None:
    server = BenchServer([], theme=theme)
    server.site = CachedSite(synthetic_posts(posts), theme=theme)
    added = posts
    with server:
        print(server.url, flush=True)
        for line in sys.stdin:
            command, _, arg = line.strip().partition(" ")
            if command == "log":
                rows = [[r.method, r.path, r.status] for r in server.requests]
                Path(arg).write_text("".join(json.dumps(row) + "\n" for row in rows))
            elif command == "reset":
                server.clear()
            elif command == "add":
                server.site.publish(synthetic_posts(int(arg), start=added))
                added += int(arg)
            elif command == "warm":
                for path in server.site.page_paths():
                    server.site.render(server.url, path)
            print("ok", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the synthetic benchmark blog.")
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--theme", choices=("default", "berlin", "ductile"), default="default")
    args = parser.parse_args(argv)
    serve(args.posts, args.theme)


if __name__ == "__main__":
    main()
