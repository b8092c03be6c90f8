"""The files a Dotclear 2 blog serves beside its pages, from assets/ (small real files).

/themes/<theme>/style.css               the theme folder (its ../ resolved as a browser would)
/?tf=custom.css, /index.php?tf=...      a file of the blog's current theme (2.7+)
/?pf=jquery/3.5.1/jquery.js             a plugin's public file
/public/images/photo.jpg                the media folder, with Dotclear's thumbnails beside
                                        each picture: .photo_sq.jpg, _t, _s, _m
/favicon.ico
"""

from __future__ import annotations

import posixpath
from functools import cache
from importlib import resources
from importlib.abc import Traversable

TYPES = {
    ".css": "text/css",
    ".js": "application/javascript",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ico": "image/x-icon",
}
# The theme file each theme's pages name through ?tf= (beside the /themes/ URLs of the others):
# Dotclear 2.27+ writes a theme file's URL as BlogQmarkURL + "tf=" (My::fileURL), "/?tf=" on a
# blog at the site's root; 2.7+ themes load their custom stylesheet so, the 2009 default none.
# index.php?tf= (a blog whose URL names the script) answers the same file.
THEME_QUERY = {"berlin": "/?tf=custom.css", "ductile": "/?tf=custom.css"}


def _root() -> Traversable:
    return resources.files("archiver.sample_blog").joinpath("assets")


def lookup(theme: str, part: str, query: str) -> str | None:
    """The assets/ path a request names (`part`: decoded path without its leading /)."""
    if part in ("", "index.php") and query.startswith(("pf=", "tf=")):
        folder = "plugins" if query.startswith("pf=") else f"themes/{theme}"
        return posixpath.normpath(f"{folder}/{query[3:]}")
    if part.startswith(("themes/", "public/")) or part == "favicon.ico":
        return posixpath.normpath(part)
    return None


@cache
def read(path: str) -> tuple[str, bytes] | None:
    """(Content-Type, bytes) of an assets/ file; None when there is none."""
    suffix = posixpath.splitext(path)[1]
    if path.startswith("..") or suffix not in TYPES:
        return None
    resource = _root().joinpath(*path.split("/"))
    return (TYPES[suffix], resource.read_bytes()) if resource.is_file() else None


def paths(theme: str) -> list[str]:
    """Every asset URL path the blog serves in this theme (other themes' folders left out)."""
    found = ["/favicon.ico"]
    for folder in ("plugins", "public", f"themes/{theme}"):
        for rel in sorted(_files(_root().joinpath(*folder.split("/")), "")):
            if folder == "plugins":
                found.append(f"/?pf={rel}")
            else:
                found.append(f"/{folder}/{rel}")
    return found + ([THEME_QUERY[theme]] if theme in THEME_QUERY else [])


def _files(folder: Traversable, prefix: str) -> list[str]:
    out: list[str] = []
    for child in folder.iterdir():
        if child.is_dir():
            out += _files(child, f"{prefix}{child.name}/")
        else:
            out.append(prefix + child.name)
    return out
