"""The front door: a short README with the two set-up commands, and a docs site whose every
page is in mkdocs.yml's nav (mkdocs --strict, run by `make docs`, checks the links themselves).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
MKDOCS = ROOT / "mkdocs.yml"
SETTINGS = ROOT / "archiver" / "crawl" / "settings.py"

# The pages issue 14 asks for, and issue 15's two.
REQUIRED_PAGES = [
    "architecture.md",
    "cli.md",
    "dataset.md",
    "hostile-web.md",
    "index.md",
    "operations.md",
    "performance.md",
    "qa.md",
    "requisites.md",
    "sample-blog.md",
    "settings.md",
    "web-archive.md",
]


def nav_pages(nav: Any) -> list[str]:
    """Every page named in a MkDocs nav, in order, however deeply its sections nest."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for entry in nav for page in nav_pages(entry)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    return []


def test_nav_pages_flattens_sections() -> None:
    nav = [{"Overview": "index.md"}, {"Use": [{"CLI": "cli.md"}, {"Deep": [{"A": "a.md"}]}]}]
    assert nav_pages(nav) == ["index.md", "cli.md", "a.md"]


def test_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines"


@pytest.mark.parametrize("command", ["make demo", "make test"], ids=["demo", "test"])
def test_readme_gives_the_set_up_command(command: str) -> None:
    shown = re.findall(r"^\$ (make \w+)", README.read_text(encoding="utf-8"), flags=re.M)
    assert command in shown


def test_readme_links_to_docs_pages_that_exist() -> None:
    linked = re.findall(r"\]\((docs/[^)#]+)", README.read_text(encoding="utf-8"))
    assert "docs/index.md" in linked
    assert [link for link in linked if not (ROOT / link).is_file()] == []


def test_required_pages_exist() -> None:
    on_disk = {path.name for path in DOCS.glob("*.md")}
    assert [page for page in REQUIRED_PAGES if page not in on_disk] == []


def test_every_docs_page_is_in_the_nav_once() -> None:
    config = yaml.safe_load(MKDOCS.read_text(encoding="utf-8"))
    listed = nav_pages(config["nav"])
    on_disk = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))
    assert sorted(listed) == on_disk


def settings_names(source: str) -> list[str]:
    """The ARCHIVER_* names a settings module assigns, annotated or not."""
    names: list[str] = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id.startswith("ARCHIVER_")]
    return sorted(names)


def test_settings_names_reads_plain_and_annotated_assignments() -> None:
    source = 'ARCHIVER_A = 1\nARCHIVER_B: list[str] = []\nOTHER = 2\nARCHIVER_C = ARCHIVER_D = ""\n'
    assert settings_names(source) == ["ARCHIVER_A", "ARCHIVER_B", "ARCHIVER_C", "ARCHIVER_D"]


def documented(markdown: str, section: str | None = None) -> list[str]:
    """The ARCHIVER_* names starting a table row, in one `## section` or in the whole page."""
    if section is not None:
        markdown = markdown.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return sorted(set(re.findall(r"^\| `(ARCHIVER_\w+)` \|", markdown, flags=re.M)))


def test_documented_reads_one_section() -> None:
    page = (
        "# S\n| `ARCHIVER_X` | 1 |\n## Main\n| `ARCHIVER_A` | 1 |\n## Other\n| `ARCHIVER_B` | 2 |\n"
    )
    assert (documented(page, "Main"), documented(page)) == (
        ["ARCHIVER_A"],
        ["ARCHIVER_A", "ARCHIVER_B", "ARCHIVER_X"],
    )


def test_settings_table_lists_every_setting_of_settings_py() -> None:
    page = (DOCS / "settings.md").read_text(encoding="utf-8")
    names = settings_names(SETTINGS.read_text(encoding="utf-8"))
    assert documented(page, "archiver's settings") == names


def test_settings_page_lists_every_archiver_name_the_code_reads() -> None:
    """Settings read only with Redis, and the ARCHIVER_CHROMIUM environment variable, too."""
    code = {
        name
        for path in (ROOT / "archiver").rglob("*.py")
        for name in re.findall(r"\bARCHIVER_[A-Z][A-Z0-9_]*\b", path.read_text(encoding="utf-8"))
    }
    page = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert documented(page) == sorted(code)
