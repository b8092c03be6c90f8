"""Invariants of the sample blog's source content (archiver/sample_blog/data/posts.json)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archiver.sample_blog.content import POSTS, TZ
from archiver.sample_blog.model import SamplePost

ESS = "economie sociale et solidaire"
PER_PAGE = 10

# The real blog's text of /tag/economie sociale et solidaire/page/2; beside the checkout (or beside
# a clone of it), so it may be absent: the expected headings and titles are also copied below.
SAMPLE_FILE = (
    Path(__file__).absolute().parents[2]
    / "shared"
    / "samples"
    / "tag-economie-sociale-et-solidaire-page-2.txt"
)

PAGE_2 = (
    (
        "dimanche 24 décembre 2006",
        (
            "Agence de Valorisation des Initiatives Socio-Economiques, acteurs de la filière "
            "Déchets d'Equipements Electriques et Electroniques, Coopératives d'Activités et "
            "d'Emploi"
        ),
    ),
    (
        "dimanche 24 décembre 2006",
        "Offrir un zébu à Madagascar, un cadeau solidaire... Internet crée du lien",
    ),
    (
        "mardi 19 décembre 2006",
        (
            "Ecologie au quotidien en famille par Valérie, une publication alternative en ligne "
            "appréciée"
        ),
    ),
    (
        "lundi 18 décembre 2006",
        (
            "Portes numériques : portail local d'échanges sur les pratiques multimédias en Région"
            " Pays de la Loire"
        ),
    ),
    (
        "mercredi 13 décembre 2006",
        (
            "Coopératives d'Activités et d'Emploi : créer son emploi et son activité de manière "
            "différente"
        ),
    ),
    (
        "lundi 11 décembre 2006",
        (
            "Rue de la Solidarité à Paris, un projet de développement local du secteur de "
            "l'économie sociale et solidaire"
        ),
    ),
    (
        "lundi 27 novembre 2006",
        "Centre for Social Innovation à Toronto, l'innovation sociale collaborative en action",
    ),
    (
        "lundi 20 novembre 2006",
        "Chercher de l'emploi dans l'Economie Sociale et Solidaire",
    ),
    (
        "dimanche 19 novembre 2006",
        "Entrepreneur de la connaissance (tendance 014)",
    ),
    (
        "samedi 18 novembre 2006",
        (
            "Protection des mineurs sur Internet, B2i, DEEE, Agence Wallonne des Télécoms TV... "
            "(brèves citoyennes de clavier)"
        ),
    ),
)

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
ALLOWED_TAGS = {"a", "em", "strong", "img"}
EXAMPLE_HOSTS = {"www.example.org", "www.example.com", "www.example.net"}


def french_day(when: datetime) -> str:
    """The day heading of a Dotclear listing: "dimanche 24 décembre 2006"."""
    return f"{WEEKDAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year}"


def tagged(tag: str) -> list[SamplePost]:
    return [post for post in POSTS if tag in post.tags]


def ess_page(number: int) -> list[SamplePost]:
    return tagged(ESS)[(number - 1) * PER_PAGE : number * PER_PAGE]


class _Fragment(HTMLParser):
    """Collects the tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_fragment(fragment: str) -> _Fragment:
    parser = _Fragment()
    parser.feed(fragment)
    parser.close()
    return parser


def visible_text(fragment: str) -> str:
    return "".join(parse_fragment(fragment).text)


def all_paragraphs() -> list[str]:
    paragraphs = [p for post in POSTS for p in post.paragraphs]
    return paragraphs + [p for post in POSTS for c in post.comments for p in c.paragraphs]


def all_datetimes() -> list[datetime]:
    return [post.published for post in POSTS] + [
        c.published for post in POSTS for c in post.comments
    ]


def is_day_heading(line: str) -> bool:
    return re.fullmatch(r"[a-z]+ \d{1,2} \w+ \d{4}", line) is not None


def collapse(text: str) -> str:
    """Runs of ASCII whitespace as one space; non-breaking spaces are text and stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def is_dst_change_day(day: date) -> bool:
    start = datetime(day.year, day.month, day.day, tzinfo=TZ)
    end = datetime(day.year, day.month, day.day, 23, 59, tzinfo=TZ)
    return start.utcoffset() != end.utcoffset()


# ---- counts and listings -----------------------------------------------------------------------


def test_post_count() -> None:
    assert 55 <= len(POSTS) <= 60


@pytest.mark.parametrize(
    ("tag", "low", "high"),
    [
        (ESS, 38, 38),
        ("inclusion numérique", 10, 14),
        ("TIC", 8, 12),
        ("tendance", 4, 6),
        ("Espaces Publics Numériques", 6, 10),
    ],
    ids=["ess", "inclusion", "tic", "tendance", "epn"],
)
def test_tag_counts(tag: str, low: int, high: int) -> None:
    assert low <= len(tagged(tag)) <= high


def test_only_known_tags() -> None:
    known = {ESS, "inclusion numérique", "TIC", "tendance", "Espaces Publics Numériques"}
    assert {tag for post in POSTS for tag in post.tags} == known
    assert all(len(set(post.tags)) == len(post.tags) <= 3 for post in POSTS)
    assert sum(len(post.tags) >= 2 for post in POSTS) >= 8


def test_tendance_posts_are_the_numbered_ones() -> None:
    numbered = {post.title for post in POSTS if re.search(r"\(tendance 0\d\d\)$", post.title)}
    assert {post.title for post in tagged("tendance")} == numbered


def test_ess_pages_sizes() -> None:
    assert [len(ess_page(n)) for n in (1, 2, 3, 4, 5)] == [10, 10, 10, 8, 0]


def test_ess_page_1_from_april_2009_to_2007() -> None:
    page = ess_page(1)
    assert (page[0].published.year, page[0].published.month) == (2009, 4)
    assert page[-1].published.year == 2007


def test_ess_page_2_is_the_sample_page() -> None:
    assert [(french_day(post.published), post.title) for post in ess_page(2)] == list(PAGE_2)


def test_ess_page_3_starts_with_cafe_social() -> None:
    first = ess_page(3)[0]
    assert first.title == "Café social (tendance 011)"
    assert french_day(first.published) == "jeudi 16 novembre 2006"
    assert "tendance" in first.tags


def test_ess_page_4_goes_back_to_spring_2006() -> None:
    page = ess_page(4)
    assert all(post.published.year == 2006 for post in page)
    assert page[-1].published.month in (2, 3, 4)


def test_untagged_posts() -> None:
    untagged = [post for post in POSTS if not post.tags]
    assert len(untagged) >= 6
    assert {post.published.year for post in untagged} == {2007, 2008, 2009}


# ---- identity, order, dates --------------------------------------------------------------------


def test_unique_ids_slugs_and_datetimes() -> None:
    for values in (
        [post.id for post in POSTS],
        [post.slug for post in POSTS],
        [post.published for post in POSTS],
        [post.title for post in POSTS],
    ):
        assert len(set(values)) == len(values)


def test_newest_first_and_ids_follow_dates() -> None:
    dates = [post.published for post in POSTS]
    ids = [post.id for post in POSTS]
    assert dates == sorted(dates, reverse=True)
    assert ids == sorted(ids, reverse=True)
    assert all(isinstance(i, int) and i > 0 for i in ids)
    assert max(ids) - min(ids) + 1 > len(ids)  # gaps, as in a real blog


def test_datetimes_are_paris_to_the_minute() -> None:
    for when in all_datetimes():
        assert when.tzinfo is TZ
        assert (when.second, when.microsecond) == (0, 0)


@pytest.mark.parametrize(
    ("local", "offset"),
    [("2007-03-25 10:15", 2), ("2008-10-26 11:40", 1)],
    ids=["spring-forward-2007", "fall-back-2008"],
)
def test_dst_change_day_posts(local: str, offset: int) -> None:
    naive = datetime.strptime(local, "%Y-%m-%d %H:%M")
    [post] = [post for post in POSTS if post.published.replace(tzinfo=None) == naive]
    assert is_dst_change_day(naive.date())
    assert post.published.utcoffset() == timedelta(hours=offset)
    assert post.published.isoformat() == naive.isoformat() + f"+0{offset}:00"


def test_a_comment_on_a_dst_change_day() -> None:
    days = [c.published.date() for post in POSTS for c in post.comments]
    assert any(is_dst_change_day(day) for day in days)


def test_dates_that_stress_a_parser() -> None:
    dates = [post.published for post in POSTS]
    assert any(d.day == 1 for d in dates)
    assert datetime(2007, 2, 1).date() in {d.date() for d in dates}  # "jeudi 1 février 2007"
    assert {2, 8, 12} <= {d.month for d in dates}  # février, août, décembre
    assert any((d.hour, d.minute) == (0, 5) for d in dates)


# ---- slugs, titles, fields ---------------------------------------------------------------------


def test_slugs_are_dotclear_style() -> None:
    for post in POSTS:
        assert post.slug == unicodedata.normalize("NFC", post.slug)
        assert post.slug.startswith(f"{post.published:%Y/%m/%d}/")
        tail = post.slug.split("/", 3)[3]
        assert tail and "/" not in tail
        assert not re.search(r"[\s?#&\"%<>+=']|--", tail), post.slug


def test_slug_example() -> None:
    slugs = {post.slug for post in POSTS}
    assert (
        "2006/12/24/Offrir-un-zébu-à-Madagascar,-un-cadeau-solidaire...-Internet-crée-du-lien"
        in slugs
    )


def test_titles() -> None:
    titles = " ".join(post.title for post in POSTS)
    for char in "éèêàçôœ":
        assert char in titles
    assert any("&" in post.title for post in POSTS)
    assert any('"' in post.title for post in POSTS)
    assert all(post.title == post.title.strip() and "\n" not in post.title for post in POSTS)


def test_author_and_categories() -> None:
    assert {post.author for post in POSTS} == {"Jean-Luc Raymond"}
    categories = Counter(post.category for post in POSTS)
    assert set(categories) == {"Economie sociale", "Inclusion numérique", "Initiatives", None}
    assert 1 <= categories[None] <= len(POSTS) // 5


def test_comments() -> None:
    commented = [post for post in POSTS if post.comments]
    assert len(commented) >= 6
    assert all(1 <= len(post.comments) <= 4 for post in commented)
    comments = [c for post in commented for c in post.comments]
    assert any(c.website is None for c in comments)
    websites = [c.website for c in comments if c.website is not None]
    assert websites
    assert all(urlsplit(w).netloc == "www.example.net" for w in websites)
    for post in commented:
        dates = [c.published for c in post.comments]
        assert dates == sorted(dates)
        assert post.published < dates[0]
        assert all(c.paragraphs and c.author for c in post.comments)


# ---- paragraphs as HTML fragments --------------------------------------------------------------


def test_every_post_has_paragraphs() -> None:
    assert all(len(post.paragraphs) >= 2 for post in POSTS)


@pytest.mark.parametrize("fragment", all_paragraphs())
def test_paragraph_is_a_clean_inline_fragment(fragment: str) -> None:
    assert "\n" not in fragment and fragment == fragment.strip()
    assert not re.search(r"&(?!amp;|lt;|gt;|quot;|#\d+;)", fragment)
    # Every "<" opens an allowed tag: the text itself holds none.
    assert all(m.group(1) in ALLOWED_TAGS for m in re.finditer(r"</?(\w*)", fragment))
    parsed = parse_fragment(fragment)
    assert visible_text(fragment).strip()
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS
        if tag == "a":
            href = attrs["href"] or ""
            assert urlsplit(href).scheme == "http"
            assert urlsplit(href).netloc in EXAMPLE_HOSTS
        if tag == "img":
            src = attrs["src"] or ""
            assert src.startswith("/public/images/") and src.endswith(".jpg")
            assert attrs["alt"]


def test_inline_markup_is_used() -> None:
    tags = Counter(tag for fragment in all_paragraphs() for tag, _ in parse_fragment(fragment).tags)
    assert tags["img"] >= 2
    assert tags["a"] >= 8
    assert tags["em"] + tags["strong"] >= 3


# ---- the sample page ---------------------------------------------------------------------------


def test_sample_posts_carry_extra_tags() -> None:
    by_title = {post.title: post for post in POSTS}
    assert by_title["Entrepreneur de la connaissance (tendance 014)"].tags == (ESS, "tendance")
    assert sum(len(by_title[title].tags) > 1 for _, title in PAGE_2) >= 3


def test_sample_file_matches() -> None:
    """Titles, day headings and text of page 2 against the real page, when it is at hand."""
    if not SAMPLE_FILE.is_file():  # a clone without shared/: PAGE_2 is checked above
        return
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert "- page 2 de 4 -" in text
    # Titles in order, each a line of its own, under its day heading.
    positions = [lines.index(title) for _, title in PAGE_2]
    assert positions == sorted(positions)
    for day, title in PAGE_2:
        heading = next(
            line for line in reversed(lines[: lines.index(title)]) if is_day_heading(line)
        )
        assert heading == day, title
    # Each body is the page's text between its title and the next title or day heading, all of
    # it, in order, non-breaking spaces included (line breaks count as spaces).
    by_title = {post.title: post for post in POSTS}
    ends = positions[1:] + [lines.index("- page 2 de 4 -")]
    for (_, title), start, end in zip(PAGE_2, positions, ends, strict=True):
        section = [line for line in lines[start + 1 : end] if not is_day_heading(line)]
        expected = " ".join(collapse(line) for line in section if line.strip())
        body = " ".join(collapse(visible_text(p)) for p in by_title[title].paragraphs)
        assert body == expected, title
