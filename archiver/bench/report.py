"""The benchmark's printed report: ratios against the targets of issues #7 and #19."""

from __future__ import annotations

from typing import Any

from archiver.bench.counts import DATASET_KINDS
from archiver.bench.runner import Results

KIND_ORDER = (*DATASET_KINDS, "category", "feed", "comments_feed", "asset", "other")


def _kinds(by_kind: dict[str, int]) -> str:
    return " + ".join(f"{kind} {by_kind[kind]}" for kind in KIND_ORDER if by_kind.get(kind))


def _mark(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def ratios(numbers: dict[str, Any]) -> dict[str, float]:
    """The headline ratios (None-free: a missing part is left out)."""
    found: dict[str, float] = {}
    minimum = sum(numbers["minimum"].values())
    crawl = numbers["crawl"]
    found["requests"] = crawl["total"] / minimum
    if "dataset_only" in numbers:  # a --no-requisites crawl, against the dataset's minimum
        made = numbers["dataset_only"]
        without_feeds = made["total"] - made["by_kind"].get("feed", 0)
        found["requests_dataset"] = without_feeds / sum(numbers["minimum_dataset"].values())
    if "bare" in numbers:
        found["cpu_per_page"] = crawl["cpu_ms_per_page"] / numbers["bare"]["cpu_ms_per_page"]
    if "recrawl" in numbers:
        found["recrawl"] = numbers["recrawl"]["total"] / sum(numbers["recrawl"]["target"].values())
    offline = numbers.get("offline", {})
    if "trafilatura" in offline:
        ours, theirs = offline["archiver extract"], offline["trafilatura"]
        found["extraction_speed"] = ours["per_second"] / theirs["per_second"]
        found["parser_speed"] = offline["parse_post"]["per_second"] / theirs["per_second"]
        if "floor" in offline:
            found["floor_speed"] = offline["floor"]["per_second"] / theirs["per_second"]
    if "bare" in numbers:
        found["rss"] = crawl["max_rss_mb"] / numbers["bare"]["max_rss_mb"]
    for point in numbers.get("memory", []):
        found[f"rss_{point['posts']}"] = point["ratio"]
    return found


def _requests(numbers: dict[str, Any], ratio: dict[str, float]) -> list[str]:
    crawl, minimum = numbers["crawl"], numbers["minimum"]
    lines = [
        "1. Requests, full crawl (pages and requisites: a complete copy)",
        f"   minimum {sum(minimum.values())} = {_kinds(minimum)}",
        f"   made    {crawl['total']} = {_kinds(crawl['by_kind'])}; {crawl['repeats']} asked twice",
        f"   ratio {ratio['requests']:.4f} ({_mark(ratio['requests'] <= 1.02)}: <= 1.02)",
    ]
    if "requests_dataset" in ratio:
        dataset, made = numbers["minimum_dataset"], numbers["dataset_only"]
        feeds = made["by_kind"].get("feed", 0)
        lines += [
            f"   --no-requisites: made {made['total']} = {_kinds(made['by_kind'])}; "
            f"{made['repeats']} asked twice; {made['cpu_ms_per_page']:.2f} ms/page "
            f"({made['cpu_s']} s CPU, {made['wall_s']} s wall)",
            f"   ratio {ratio['requests_dataset']:.4f} without its {feeds} "
            f"feeds (read for times) to the dataset's minimum {sum(dataset.values())} = "
            f"{_kinds(dataset)}",
        ]
    return lines


def _recrawl(numbers: dict[str, Any], ratio: dict[str, float]) -> list[str]:
    again = numbers["recrawl"]
    lines = [
        f"2. Recrawl after {again['target']['post']} new posts: {again['mode']}",
        f"   made {again['total']} = {_kinds(again['by_kind'])}",
        f"   target <= {sum(again['target'].values())} = {_kinds(again['target'])}",
        f"   ratio {ratio['recrawl']:.2f} ({_mark(ratio['recrawl'] <= 1)}); new posts found: "
        f"{again['new_posts_found']} of {again['target']['post']}",
    ]
    beyond = again.get("beyond_target", [])
    if beyond:
        lines.append(f"   asked beyond the target: {len(beyond)} ({', '.join(beyond[:5])}...)")
    probe = numbers.get("resume_probe")
    if probe:
        lines.append(
            f"   `crawl --resume` over the finished crawl: {probe['total']} requests "
            f"({_kinds(probe['by_kind']) or 'none'}), new posts found: "
            f"{probe['new_posts_found']} (it continues an interrupted crawl)"
        )
    return lines


def _cpu(numbers: dict[str, Any], ratio: dict[str, float]) -> list[str]:
    crawl, bare = numbers["crawl"], numbers["bare"]
    return [
        "3. CPU per page, --fast crawl with parsing, pipelines and WARC vs bare Scrapy spider",
        f"   archiver {crawl['cpu_ms_per_page']:.2f} ms/page{_runs(crawl)} (first run "
        f"{crawl['cpu_s']} s, {crawl['pages']} pages, {crawl['wall_s']} s wall)",
        f"   bare     {bare['cpu_ms_per_page']:.2f} ms/page{_runs(bare)} (first run "
        f"{bare['cpu_s']} s, {bare['pages']} pages, {bare['wall_s']} s wall)",
        f"   ratio {ratio['cpu_per_page']:.2f}x ({_mark(ratio['cpu_per_page'] <= 1.5)}: <= 1.5x)",
        *_close(numbers),
    ]


def _runs(numbers: dict[str, Any]) -> str:
    runs = numbers.get("cpu_ms_per_page_runs", [])
    return f", the least of {', '.join(f'{r:.2f}' for r in runs)}" if len(runs) > 1 else ""


def _close(numbers: dict[str, Any]) -> list[str]:
    """The share of the crawl's end (indexes, WACZ, card), measured apart."""
    if "close" not in numbers:
        return []
    crawl, close, bare = numbers["crawl"], numbers["close"], numbers["bare"]
    rest = crawl["cpu_ms_per_page"] - close["cpu_ms_per_page"]
    return [
        f"   of which the crawl's end (from its close to its exit, timed inside the crawl: the "
        f"WARC closed, CDXJ and pages list, report, dataset card): "
        f"{close['cpu_ms_per_page']:.2f} ms/page ({close['cpu_s']} s); the rest "
        f"{rest:.2f} ms/page, {rest / bare['cpu_ms_per_page']:.2f}x bare",
    ]


def _offline(numbers: dict[str, Any], ratio: dict[str, float]) -> list[str]:
    offline = numbers["offline"]
    lines = ["4. Offline re-extraction from the WARC (accuracy against the blog's truth)"]
    for name in ("archiver extract", "parse_post", "trafilatura"):
        if name not in offline:
            continue
        s = offline[name]
        lines.append(
            f"   {name:<17} {s['posts']} posts, {s['per_second']:.1f} posts/s; title "
            f"{s['title']:.3f}, day {s['day']:.3f}, minute {s['minute']:.3f}, "
            f"text similarity {s['text']:.3f}"
        )
    if "extraction_speed" in ratio:
        speed = ratio["extraction_speed"]
        lines.append(
            f"   speed ratio {speed:.1f}x for `archiver extract`, {ratio['parser_speed']:.1f}x for "
            f"the parsers alone ({_mark(speed >= 10)}: >= 10x)"
        )
    if "floor" in offline:
        floor = offline["floor"]
        ceiling = f" = {ratio['floor_speed']:.1f}x trafilatura" if "floor_speed" in ratio else ""
        lines.append(
            f"   floor: the WARC read once and lxml's parse of the posts, listings and feeds, "
            f"nothing selected: {floor['per_second']:.1f} posts/s{ceiling}, the most an "
            "extract parsing with lxml could reach"
        )
    calls, distinct = offline["dateparser_calls"], offline["distinct_date_strings"]
    lines.append(
        f"   dateparser called {calls} times for {distinct} distinct date strings "
        f"({_mark(calls <= distinct)}: at most once each)"
    )
    return lines


def _memory(numbers: dict[str, Any], ratio: dict[str, float], posts: int) -> list[str]:
    crawl = numbers["crawl"]
    lines = ["5. Peak RSS of the full crawl against the bare spider's over the same URLs"]
    if "rss" in ratio:
        lines.append(
            f"   {posts} posts: {crawl['max_rss_mb']:.0f} MB, bare "
            f"{numbers['bare']['max_rss_mb']:.0f} MB: x{ratio['rss']:.2f} "
            f"({_mark(ratio['rss'] <= 1.25)}: <= 1.25x)"
        )
    else:
        lines.append(f"   {posts} posts: {crawl['max_rss_mb']:.0f} MB")
    for point in numbers.get("memory", []):
        if point["posts"] == posts:
            continue
        lines.append(
            f"   {point['posts']} posts: {point['max_rss_mb']:.0f} MB ({point['pages']} pages, "
            f"{point['wall_s']} s wall), bare {point['bare_max_rss_mb']:.0f} MB: "
            f"x{point['ratio']:.2f} ({_mark(point['ratio'] <= 1.25)}: <= 1.25x)"
        )
    return lines


def _wget(numbers: dict[str, Any]) -> list[str]:
    wget, crawl = numbers["wget"], numbers["crawl"]
    if "error" in wget:
        return [f"6. wget: {wget['error']}"]
    return [
        "6. Reference: wget --recursive --warc-file over the same site",
        f"   wget     {wget['wall_s']} s wall, {wget['pages']} pages "
        f"({_kinds(wget['by_kind'])}), {wget['pages_per_s']} pages/s, one at a time "
        f"(exit status {wget['returncode']})",
        f"   archiver {crawl['wall_s']} s wall, {crawl['pages']} pages, "
        f"{crawl['pages_per_s']} pages/s (--fast, 8 at a time)",
    ]


def render(results: Results) -> str:
    numbers = results.numbers
    ratio = ratios(numbers)
    lines = [f"archiver benchmark: synthetic blog of {results.posts} posts ({results.theme})"]
    lines += _requests(numbers, ratio)
    if "recrawl" in numbers:
        lines += _recrawl(numbers, ratio)
    if "bare" in numbers:
        lines += _cpu(numbers, ratio)
    if "offline" in numbers:
        lines += _offline(numbers, ratio)
    lines += _memory(numbers, ratio, results.posts)
    if "wget" in numbers:
        lines += _wget(numbers)
    if "profile" in numbers:
        lines.append(f"Profile of a full crawl (pyinstrument): {numbers['profile']}")
    return "\n".join(lines)
