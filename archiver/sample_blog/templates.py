"""A very small template language for the sample blog's theme files, in Dotclear's spirit.

    {{entry.title}}                 a value (already escaped by whoever made it), dotted lookups
    {{lang To content}}             {{tpl:lang To content}}: the theme's French string
    {{lang Powered by %s|<a...>}}   the same, with %s (or %d) replaced by what follows the bar
    {% if entry.tags %}...{% else %}...{% endif %}     ("if not x" too)
    {% for tag in entry.tags %}...{% endfor %}
    {% include _entry-full.html %}  another file of the theme (or of a theme it inherits from)
    {% extends __layout.html %}     Dotclear 2.7's {{tpl:extends}}: this file only fills blocks
    {% block main-content %}...{% endblock %}    a block of a layout, or what fills it

Nothing else: no expressions, no filters, no autoescape. Whitespace around tags is kept as
written, as Dotclear's template engine kept it, so a theme file reads like the theme's own.
A file is used byte for byte: one that must not end with a newline has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_BLOCKS = " blocks"  # the scope key of the blocks a child file fills (not a valid name)
_TOKEN = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})", re.S)
Node = Any  # str | _Value | _Lang | _If | _For | _Include | _Extends | _Block


class TemplateError(ValueError):
    """A theme file that does not parse, or names something that is not there."""


@dataclass(frozen=True)
class _Value:
    path: tuple[str, ...]


@dataclass(frozen=True)
class _Lang:
    key: str
    arg: str | None


@dataclass
class _If:
    path: tuple[str, ...]
    negate: bool
    then: list[Node] = field(default_factory=list)
    other: list[Node] = field(default_factory=list)


@dataclass
class _For:
    name: str
    path: tuple[str, ...]
    body: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class _Include:
    name: str


@dataclass(frozen=True)
class _Extends:
    name: str


@dataclass
class _Block:
    name: str
    body: list[Node] = field(default_factory=list)


def parse(text: str, where: str = "<template>") -> list[Node]:
    """The nodes of a template text."""
    root: list[Node] = []
    stack: list[tuple[Node, list[Node]]] = []
    current = root
    for piece in _TOKEN.split(text):
        if not piece:
            continue
        if piece.startswith("{{"):
            current.append(_expression(piece[2:-2].strip()))
        elif piece.startswith("{%"):
            current = _statement(piece[2:-2].split(), stack, current, where)
        else:
            current.append(piece)
    if stack:
        raise TemplateError(f"{where}: unclosed {{% {type(stack[-1][0]).__name__} %}}")
    return root


def _expression(inner: str) -> Node:
    if inner.startswith("lang "):
        key, bar, arg = inner[5:].partition("|")
        return _Lang(key, arg if bar else None)
    return _Value(tuple(inner.split(".")))


def _statement(
    words: list[str], stack: list[tuple[Node, list[Node]]], current: list[Node], where: str
) -> list[Node]:
    """Open or close a block; returns the node list that gets what follows."""
    match words:
        case ["if", name] | ["if", "not", name]:
            node = _If(tuple(name.split(".")), negate=len(words) == 3)
            current.append(node)
            stack.append((node, current))
            return node.then
        case ["else"] if stack and isinstance(stack[-1][0], _If):
            return stack[-1][0].other  # type: ignore[no-any-return]
        case ["for", name, "in", path]:
            loop = _For(name, tuple(path.split(".")))
            current.append(loop)
            stack.append((loop, current))
            return loop.body
        case ["block", name]:
            block = _Block(name)
            current.append(block)
            stack.append((block, current))
            return block.body
        case ["endif"] | ["endfor"] | ["endblock"] if stack:
            opened, outer = stack.pop()
            if not isinstance(opened, _CLOSES[words[0]]):
                raise TemplateError(f"{where}: {words[0]} closes a {type(opened).__name__}")
            return outer
        case ["include", name]:
            current.append(_Include(name))
            return current
        case ["extends", name]:
            current.append(_Extends(name))
            return current
    raise TemplateError(f"{where}: cannot read {{% {' '.join(words)} %}}")


_CLOSES = {"endif": _If, "endfor": _For, "endblock": _Block}


def lookup(scope: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """A dotted name: dict keys, else attributes."""
    value: Any = scope[path[0]] if path[0] in scope else _missing(path)
    for part in path[1:]:
        value = value[part] if type(value) is dict else getattr(value, part)
    return value


def _missing(path: tuple[str, ...]) -> Any:
    raise TemplateError(f"no value named {'.'.join(path)!r}")


class Theme:
    """The files of one theme folder (themes/<name>/), falling back on the folders it inherits."""

    def __init__(self, folders: Sequence[str], words: Mapping[str, str]) -> None:
        self.folders = tuple(folders)
        self.words = words

    def render(self, name: str, scope: Mapping[str, Any]) -> str:
        out: list[str] = []
        nodes = self.nodes(name)
        blocks: dict[str, list[Node]] = {}
        while parent := next((n.name for n in nodes if isinstance(n, _Extends)), None):
            # A child's blocks win over its parent's; text outside its blocks is not output.
            for node in nodes:
                if isinstance(node, _Block):
                    blocks.setdefault(node.name, node.body)
            nodes = self.nodes(parent)
        self._run(nodes, {**scope, _BLOCKS: blocks}, out.append)
        return "".join(out)

    def render_text(self, text: str, scope: Mapping[str, Any]) -> str:
        """A template given as text (no extends), with this theme's words and files."""
        out: list[str] = []
        self._run(parse(text), {**scope, _BLOCKS: {}}, out.append)
        return "".join(out)

    def nodes(self, name: str) -> list[Node]:
        for folder in self.folders:
            text = _read(folder, name)
            if text is not None:
                return _parsed(folder, name, text)
        raise TemplateError(f"no template {name!r} in {', '.join(self.folders)}")

    def word(self, key: str, arg: str | None) -> str:
        text = self.words.get(key, key)
        if arg is None:
            return text
        return text.replace("%s", arg).replace("%d", arg)

    def _run(self, nodes: list[Node], scope: dict[str, Any], emit: Callable[[str], Any]) -> None:
        for node in nodes:
            kind = type(node)
            if kind is str:
                emit(node)
            elif kind is _Value:
                emit(str(lookup(scope, node.path)))
            elif isinstance(node, _Lang):
                emit(self.word(node.key, node.arg))
            elif isinstance(node, _If):
                chosen = bool(lookup(scope, node.path)) != node.negate
                self._run(node.then if chosen else node.other, scope, emit)
            elif isinstance(node, _For):
                for item in lookup(scope, node.path):
                    self._run(node.body, {**scope, node.name: item}, emit)
            elif isinstance(node, _Block):
                self._run(scope[_BLOCKS].get(node.name, node.body), scope, emit)
            elif isinstance(node, _Extends):
                continue
            else:
                self._run(self.nodes(node.name), scope, emit)


@cache
def _read(folder: str, name: str) -> str | None:
    resource = resources.files("archiver.sample_blog").joinpath("themes", folder, name)
    if not resource.is_file():
        return None
    return resource.read_bytes().decode("utf-8")


@cache
def _parsed(folder: str, name: str, text: str) -> list[Node]:
    return parse(text, f"themes/{folder}/{name}")
