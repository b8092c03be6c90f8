"""Pseudonymised commenters: salted HMAC-SHA256, stable across posts, names never kept."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archiver.crawl.pipelines import PseudonymisePipeline
from archiver.dataset.pseudonymise import pseudonym, pseudonymise
from archiver.dataset.records import Comment


def test_pseudonym_is_hmac_sha256_of_the_nfc_text() -> None:
    want = "c-" + hmac.new(b"sel", "Hélène".encode(), hashlib.sha256).hexdigest()[:16]
    assert pseudonym("sel", "Hélène", "c-") == want
    assert pseudonym("sel", "He\u0301le\u0300ne", "c-") == want  # combining accents: same name
    assert pseudonym("sel", " Hélène ", "c-") == want
    assert pseudonym("sel", "Helene", "c-") != want


def test_comments_get_stable_pseudonyms() -> None:
    comments = [
        Comment("Marie", "http://marie.example.net/", "a"),
        Comment("Marie", None, "b"),
        Comment(None, None, "c"),
    ]
    pseudonymise(comments, "sel")
    assert comments[0].author == comments[1].author == pseudonym("sel", "Marie", "commenter-")
    assert comments[0].website == pseudonym("sel", "http://marie.example.net/", "website-")
    assert comments[0].author != pseudonym("autre sel", "Marie", "commenter-")
    assert (comments[1].website, comments[2].author, comments[2].website) == (None, None, None)
    assert len(comments[0].author or "") == len("commenter-") + 16


def test_empty_salt_is_refused() -> None:
    with pytest.raises(ValueError, match="empty salt"):
        pseudonymise([Comment("Marie", None, "")], "")


def test_pipeline_is_off_without_a_salt() -> None:
    with pytest.raises(NotConfigured):
        PseudonymisePipeline.from_crawler(get_crawler())
    crawler = get_crawler(settings_dict={"ARCHIVER_PSEUDONYMISE_SALT": "sel"})
    assert PseudonymisePipeline.from_crawler(crawler).salt == "sel"
