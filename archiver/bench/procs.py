"""Processes of the benchmark: the blog server in its own process, measured child runs."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from archiver.bench.counts import read_log


@dataclass(frozen=True)
class Run:
    """One child process: its exit status, wall time, CPU time and peak RSS."""

    returncode: int
    wall: float  # seconds
    cpu: float  # user + system seconds, the child and the children it waited for
    max_rss_mb: float
    stdout: str


def measured(cmd: list[str], *, cwd: Path | None = None) -> Run:
    """Run `cmd` to its end; CPU and peak RSS from wait4's rusage of that very child."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(
        returncode=child.returncode,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        stdout=text,
    )


class BlogProcess:
    """`python -m archiver.bench.serve` in a child process, driven through its stdin."""

    def __init__(self, posts: int, theme: str = "default") -> None:
        cmd = [sys.executable, "-m", "archiver.bench.serve", "--posts", str(posts)]
        self.proc = subprocess.Popen(
            [*cmd, "--theme", theme], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.close()
            raise RuntimeError(f"the benchmark blog did not start (said {self.url!r})")

    def command(self, line: str) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError(f"benchmark blog: {line!r} answered {answer!r}")

    def log(self) -> list[tuple[str, str, int]]:
        """The requests served since the last reset; the log is then reset."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "log.jsonl"
            self.command(f"log {path}")
            rows = read_log(path)
        self.command("reset")
        return rows

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> BlogProcess:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
