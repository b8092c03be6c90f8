"""The benchmark run: one synthetic blog, crawled and measured every way, in one go.

Every crawl runs in a child process of its own (CPU time and peak RSS from its rusage), against
the blog served by another child process (pages rendered once, cached), so what is measured is
the crawler, not the sample server.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.bench import counts, endclock, offline
from archiver.bench.copy import complete_copy
from archiver.bench.procs import BlogProcess, Run, measured
from archiver.bench.serve import CachedSite
from archiver.bench.synth import synthetic_posts
from archiver.dotclear import dates

# The incremental recrawl: the first of these flags `archiver crawl` offers is used, over a
# copy of the first crawl's output (`--update`, archiver/ops/update.py). `--resume` continues an
# interrupted crawl, so over a finished one it is measured apart, as a probe.
RECRAWL_FLAGS = ("--incremental", "--update")
RESUME_FLAG = "--resume"


@dataclass
class Options:
    posts: int = 5000
    memory: tuple[int, ...] = (2000, 20000)  # blog sizes: peak RSS, archiver and bare
    new_posts: int = 10
    sample: int = 1000  # post pages given to trafilatura (0: trafilatura left out)
    theme: str = "default"
    wget: bool = True
    profile: bool = False  # one more crawl, under pyinstrument: profile-crawl.txt
    cpu_runs: int = 2  # archiver and bare crawls, in turn, for the CPU ratio (the least of each)
    workdir: Path = Path("bench-output")


@dataclass
class Results:
    posts: int
    theme: str
    numbers: dict[str, Any] = field(default_factory=dict)
    copy: list[str] = field(default_factory=list)  # a complete copy's request targets


def crawl_cmd(url: str, output: Path, *extra: str) -> list[str]:
    cli = [sys.executable, "-m", "archiver.cli", "crawl", "--fast", "--log-level", "WARNING"]
    return [*cli, "--output", str(output), *extra, url]


def crawl_usage() -> str:
    return subprocess.run(
        [sys.executable, "-m", "archiver.cli", "crawl", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def recrawl_flags() -> list[str]:
    """The incremental flag of `archiver crawl`, if it has one."""
    usage = crawl_usage()
    return [flag for flag in RECRAWL_FLAGS if flag in usage][:1]


def new_posts_found(output: Path, new: list[str]) -> int:
    """How many of the `new` slugs the crawl into `output` has in its posts.jsonl."""
    posts = output / "posts.jsonl"
    lines = posts.read_text(encoding="utf-8").splitlines() if posts.exists() else []
    found = {offline.slug_of(json.loads(line)["url"]) for line in lines if line.strip()}
    return len(found & set(new))


def _run_numbers(run: Run, pages: int) -> dict[str, Any]:
    return {
        "returncode": run.returncode,
        "wall_s": round(run.wall, 2),
        "cpu_s": round(run.cpu, 2),
        "max_rss_mb": round(run.max_rss_mb, 1),
        "pages": pages,
        "cpu_ms_per_page": round(1000 * run.cpu / pages, 3) if pages else None,
        "pages_per_s": round(pages / run.wall, 1) if run.wall else None,
    }


def _requests(log: list[tuple[str, str, int]]) -> dict[str, Any]:
    made = counts.served(log)
    return {"by_kind": dict(made.by_kind), "total": made.total, "repeats": made.repeats}


def _end(clock: Path, pages: int) -> dict[str, Any]:
    """The crawl's end as the crawl timed it (archiver/bench/endclock.py)."""
    numbers = json.loads(clock.read_text(encoding="utf-8"))
    cpu = numbers["close_cpu_s"]
    return {
        **numbers,
        "cpu_s": cpu,
        "pages": pages,
        "cpu_ms_per_page": round(1000 * cpu / pages, 3),
    }


def full_crawl(blog: BlogProcess, opts: Options, results: Results) -> list[str]:
    """Steps 1, 3 (archiver's side) and 5 at `opts.posts`; returns the targets fetched."""
    output = opts.workdir / "full"
    clock = opts.workdir / "end-clock.json"
    run = measured(crawl_cmd(blog.url, output, *endclock.crawl_settings(clock)))
    log = blog.log()
    if run.returncode != 0:
        raise RuntimeError(f"the full crawl failed ({run.returncode}):\n{run.stdout[-3000:]}")
    posts = synthetic_posts(opts.posts)
    results.copy = complete_copy(CachedSite(posts, theme=opts.theme))
    results.numbers["minimum"] = dict(counts.by_kind(results.copy))
    results.numbers["minimum_dataset"] = dict(counts.dataset_minimum(posts))
    results.numbers["crawl"] = {**_requests(log), **_run_numbers(run, len(log))}
    results.numbers["close"] = _end(clock, len(log))
    return sorted({path for method, path, _ in log if method == "GET"})


def dataset_crawl(blog: BlogProcess, opts: Options, results: Results) -> None:
    """The same blog crawled `--no-requisites` (the dataset alone), beside the complete copy."""
    output = opts.workdir / "dataset-only"
    run = measured(crawl_cmd(blog.url, output, "--no-requisites"))
    log = blog.log()
    shutil.rmtree(output, ignore_errors=True)
    if run.returncode != 0:
        raise RuntimeError(
            f"the dataset-only crawl failed ({run.returncode}):\n{run.stdout[-3000:]}"
        )
    results.numbers["dataset_only"] = {**_requests(log), **_run_numbers(run, len(log))}


def bare_crawl(blog: BlogProcess, opts: Options, results: Results, targets: list[str]) -> None:
    """Step 3's baseline: the same pages fetched by a spider that does nothing else."""
    allow = opts.workdir / "bare-allow.txt"
    allow.write_text("\n".join(targets) + "\n", encoding="utf-8")
    run, log = _bare_run(blog, allow)
    results.numbers["bare"] = {**_requests(log), **_run_numbers(run, len(log))}


def _bare_run(blog: BlogProcess, allow: Path) -> tuple[Run, list[tuple[str, str, int]]]:
    run = measured([sys.executable, "-m", "archiver.bench.bare", blog.url, "--allow", str(allow)])
    log = blog.log()
    if run.returncode != 0:
        raise RuntimeError(f"the bare crawl failed ({run.returncode}):\n{run.stdout[-3000:]}")
    return run, log


def wget_crawl(blog: BlogProcess, opts: Options, results: Results) -> None:
    """Step 6: `wget --recursive --warc-file` over the same site, for reference."""
    wget = shutil.which("wget")
    if wget is None:
        results.numbers["wget"] = {"error": "wget not installed (apt-get install wget)"}
        return
    folder = opts.workdir / "wget"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cmd = [wget, "--recursive", "--level=inf", "--no-verbose", "--no-host-directories"]
    run = measured([*cmd, f"--warc-file={folder / 'wget'}", "-P", str(folder), blog.url])
    log = blog.log()
    results.numbers["wget"] = {**_requests(log), **_run_numbers(run, len(log))}


def profiled_crawl(blog: BlogProcess, opts: Options) -> Path:
    """The full crawl again under pyinstrument (its own run: the measured ones stay unprofiled)."""
    report = opts.workdir / "profile-crawl.txt"
    cmd = crawl_cmd(blog.url, opts.workdir / "profiled")
    module = cmd.index("-m")
    profiler = ["-m", "pyinstrument", "--interval", "0.005", "-o", str(report)]
    run = measured([*cmd[:module], *profiler, *cmd[module:]])
    blog.log()
    if run.returncode != 0:
        raise RuntimeError(f"the profiled crawl failed ({run.returncode}):\n{run.stdout[-3000:]}")
    return report


def _again(blog: BlogProcess, opts: Options, name: str, flags: list[str]) -> dict[str, Any]:
    """A crawl after the new posts: fresh, or with `flags` over a copy of the full crawl."""
    output = opts.workdir / name
    shutil.rmtree(output, ignore_errors=True)
    if flags:
        shutil.copytree(opts.workdir / "full", output)
    run = measured(crawl_cmd(blog.url, output, *flags))
    log = blog.log()
    new = [post.slug for post in synthetic_posts(opts.new_posts, start=opts.posts)]
    found = new_posts_found(output, new)
    got = {"new_posts_found": found, **_requests(log), **_run_numbers(run, len(log))}
    return {**got, "targets": sorted(path for method, path, _ in log if method == "GET")}


def recrawl(blog: BlogProcess, opts: Options, results: Results) -> None:
    """Step 2: publish `new_posts` more posts, crawl again; count against what the copy lacks
    (archiver/bench/counts.py: update_targets), and list what was asked beyond it."""
    blog.command(f"add {opts.new_posts}")
    blog.command("warm")
    flags = recrawl_flags()
    new = synthetic_posts(opts.new_posts, start=opts.posts)
    after = CachedSite([*synthetic_posts(opts.posts), *new], theme=opts.theme)
    target = counts.update_targets(frozenset(results.copy), after, new)  # full_crawl's copy
    again = _again(blog, opts, "recrawl", flags)
    results.numbers["recrawl"] = {
        "mode": " ".join(flags) or "full recrawl (no incremental mode in `archiver crawl` yet)",
        "target": dict(counts.by_kind(target)),
        **again,
        "beyond_target": sorted(set(again.pop("targets")) - set(target)),  # what it should not
    }
    if RESUME_FLAG in crawl_usage():
        results.numbers["resume_probe"] = _again(blog, opts, "resumed", [RESUME_FLAG])


def offline_extraction(opts: Options, results: Results, url: str) -> None:
    """Step 4: `archiver extract` over the full crawl's WARC, then trafilatura on its posts."""
    warcs = sorted((opts.workdir / "full" / "warc").glob("*.warc.gz"))
    truth = {post.slug: post for post in synthetic_posts(opts.posts)}
    output = opts.workdir / "extract"
    calls_before = dates.dateparser_calls()
    ours, cpu = offline.archiver_side(warcs, output, url)
    numbers: dict[str, Any] = {
        "dateparser_calls": dates.dateparser_calls() - calls_before,
        "distinct_date_strings": offline.distinct_date_strings(output),
        "unique_posts": len({item.slug for item in ours}),
    }
    scores = [offline.score("archiver extract", ours, truth, cpu)]
    pages = list(offline.post_pages(warcs))
    parsed, parse_cpu = offline.parsers_side(pages)
    scores.append(offline.score("parse_post", parsed, truth, parse_cpu))
    floor_posts, floor_cpu = offline.floor_side(warcs, url)
    numbers["floor"] = {
        "posts": floor_posts,
        "seconds": floor_cpu,
        "per_second": round(floor_posts / floor_cpu, 1) if floor_cpu else 0.0,
    }
    if opts.sample:
        pages = pages[: opts.sample]
        theirs, their_cpu = offline.trafilatura_side(pages)
        scores.append(offline.score("trafilatura", theirs, truth, their_cpu))
    for item in scores:
        numbers[item.name] = {
            **dataclasses.asdict(item),
            "per_second": round(item.per_second, 1),
        }
    results.numbers["offline"] = numbers


def memory_point(opts: Options, results: Results, posts: int) -> dict[str, Any]:
    """Step 5 at one blog size: peak RSS of the full crawl and of the bare spider over the
    same URLs (the full crawl's own figures when the size is `opts.posts`)."""
    if posts == opts.posts:
        crawl, bare = results.numbers["crawl"], results.numbers["bare"]
    else:
        with BlogProcess(posts, opts.theme) as blog:
            blog.command("warm")
            output = opts.workdir / f"memory-{posts}"
            run = measured(crawl_cmd(blog.url, output))
            log = blog.log()
            shutil.rmtree(output, ignore_errors=True)
            if run.returncode != 0:
                raise RuntimeError(f"the {posts}-post crawl failed:\n{run.stdout[-3000:]}")
            crawl = {**_requests(log), **_run_numbers(run, len(log))}
            allow = opts.workdir / f"bare-allow-{posts}.txt"
            targets = sorted({path for method, path, _ in log if method == "GET"})
            allow.write_text("\n".join(targets) + "\n", encoding="utf-8")
            bare_run, bare_log = _bare_run(blog, allow)
            bare = {**_requests(bare_log), **_run_numbers(bare_run, len(bare_log))}
    return {
        "posts": posts,
        "pages": crawl["pages"],
        "wall_s": crawl["wall_s"],
        "max_rss_mb": crawl["max_rss_mb"],
        "bare_pages": bare["pages"],
        "bare_max_rss_mb": bare["max_rss_mb"],
        "ratio": round(crawl["max_rss_mb"] / bare["max_rss_mb"], 3),
    }


def memory_curve(opts: Options, results: Results, progress: Callable[[str], None]) -> None:
    """Step 5: peak RSS against the bare spider's at each of `opts.memory`'s blog sizes."""
    points = []
    for posts in opts.memory:
        progress(f"peak RSS at {posts} posts, archiver and bare")
        points.append(memory_point(opts, results, posts))
        results.numbers["memory"] = points
        save(opts, results)


def cpu_again(blog: BlogProcess, opts: Options, results: Results) -> None:
    """Step 3 again, `opts.cpu_runs` - 1 times, archiver then bare: on a shared machine one
    run of either can be slowed by others; the least CPU time of each is compared."""
    crawl, bare = results.numbers["crawl"], results.numbers["bare"]
    crawl["cpu_ms_per_page_runs"] = [crawl["cpu_ms_per_page"]]
    bare["cpu_ms_per_page_runs"] = [bare["cpu_ms_per_page"]]
    for _ in range(opts.cpu_runs - 1):
        output = opts.workdir / "full-again"
        run = measured(crawl_cmd(blog.url, output))
        pages = len(blog.log())
        shutil.rmtree(output, ignore_errors=True)
        if run.returncode != 0 or pages != crawl["pages"]:
            raise RuntimeError(f"the crawl, again, failed ({run.returncode}, {pages} pages)")
        crawl["cpu_ms_per_page_runs"].append(round(1000 * run.cpu / pages, 3))
        run, log = _bare_run(blog, opts.workdir / "bare-allow.txt")
        bare["cpu_ms_per_page_runs"].append(round(1000 * run.cpu / len(log), 3))
    crawl["cpu_ms_per_page"] = min(crawl["cpu_ms_per_page_runs"])
    bare["cpu_ms_per_page"] = min(bare["cpu_ms_per_page_runs"])


def save(opts: Options, results: Results) -> Path:
    """The numbers so far, as JSON (rewritten after each step: a long run keeps its parts)."""
    path = opts.workdir / "results.json"
    path.write_text(json.dumps(results.numbers, indent=1) + "\n", encoding="utf-8")
    return path


def run(opts: Options, progress: Callable[[str], None] = print) -> Results:
    shutil.rmtree(opts.workdir, ignore_errors=True)
    opts.workdir.mkdir(parents=True)
    results = Results(opts.posts, opts.theme)
    with BlogProcess(opts.posts, opts.theme) as blog:
        blog.command("warm")
        progress(f"blog of {opts.posts} posts at {blog.url}: full crawl")
        targets = full_crawl(blog, opts, results)
        save(opts, results)
        progress("the dataset alone (--no-requisites)")
        dataset_crawl(blog, opts, results)
        save(opts, results)
        progress("bare Scrapy spider over the same pages")
        bare_crawl(blog, opts, results, targets)
        if opts.cpu_runs > 1:
            progress(f"both again, {opts.cpu_runs} runs of each in all (CPU: the least)")
        cpu_again(blog, opts, results)
        save(opts, results)
        if opts.wget:
            progress("wget --recursive --warc-file")
            wget_crawl(blog, opts, results)
            save(opts, results)
        if opts.profile:
            progress("profiled crawl (pyinstrument)")
            results.numbers["profile"] = str(profiled_crawl(blog, opts))
        progress(f"recrawl after {opts.new_posts} new posts")
        recrawl(blog, opts, results)
        save(opts, results)
        url = blog.url
    progress("offline re-extraction")
    offline_extraction(opts, results, url)
    save(opts, results)
    memory_curve(opts, results, progress)
    return results
