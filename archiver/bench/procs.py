"""Processes of the benchmark: the blog server in its own process, measured child runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
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


# Linux folds the peak RSS of the memory a process replaces at exec() into its ru_maxrss:
# a child spawned by the benchmark (grown to 250 MB by the offline extraction it runs itself)
# would report at least that much. So a small launcher spawns and measures the command, and
# the launcher's own few megabytes are all that can leak into the figure.
_LAUNCHER = """
import json, os, sys, time
result, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
with open(result, "w") as fh:
    json.dump([time.perf_counter() - start, status, usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss], fh)
"""


def measured(cmd: list[str], *, cwd: Path | None = None) -> Run:
    """Run `cmd` to its end; CPU and peak RSS from wait4's rusage of that very process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryDirectory() as folder:
        result = Path(folder) / "rusage.json"
        launcher = [sys.executable, "-S", "-c", _LAUNCHER, str(result), *cmd]
        subprocess.run(launcher, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, check=True)
        wall, status, cpu, max_rss = json.loads(result.read_text())
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(
        returncode=os.waitstatus_to_exitcode(status),
        wall=wall,
        cpu=cpu,
        max_rss_mb=max_rss / 1024,  # kilobytes on Linux
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
