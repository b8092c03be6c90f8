"""Commenters' names and websites replaced by salted hashes, for publishing a dataset.

HMAC-SHA256 keyed with a secret salt: the same commenter gets the same pseudonym across posts
(threads stay readable), nobody without the salt can test a guessed name. The WARC keeps the
pages as served; only the dataset is pseudonymised.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from archiver.dataset.records import Comment

AUTHOR_PREFIX = "commenter-"
WEBSITE_PREFIX = "website-"


def pseudonym(salt: str, value: str, prefix: str) -> str:
    """`prefix` + 16 hex digits of HMAC-SHA256(salt, NFC(value))."""
    key = unicodedata.normalize("NFC", value.strip()).encode("utf-8")
    digest = hmac.new(salt.encode("utf-8"), key, hashlib.sha256).hexdigest()
    return prefix + digest[:16]


def pseudonymise(comments: list[Comment], salt: str) -> None:
    """Replace each commenter's name and website in place (None stays None)."""
    if not salt:
        raise ValueError("an empty salt would make pseudonyms anyone can recompute")
    for comment in comments:
        if comment.author is not None:
            comment.author = pseudonym(salt, comment.author, AUTHOR_PREFIX)
        if comment.website is not None:
            comment.website = pseudonym(salt, comment.website, WEBSITE_PREFIX)
