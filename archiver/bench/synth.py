"""A large synthetic Dotclear blog for the benchmark: deterministic SamplePosts, any size.

    posts = synthetic_posts(5000)          # 12 tags, comments, 2006 onwards, newest last
    more = synthetic_posts(10, start=5000) # ten more posts, newer than every earlier one

Three posts a day from 2006-01-02 (Paris, between 09:00 and 18:00, so no time falls in a
daylight-saving gap): 5,000 posts span four and a half years, about 90 posts a month. Tags,
categories, comments and paragraphs follow from `i` alone: the same arguments always give the
same blog.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from archiver.sample_blog.model import SampleComment, SamplePost

TZ = ZoneInfo("Europe/Paris")
EPOCH = datetime(2006, 1, 2, 9, 0, tzinfo=TZ)
AUTHOR = "Jean-Luc Raymond"

TAGS = (
    "economie sociale et solidaire",
    "inclusion numérique",
    "TIC",
    "tendance",
    "Espaces Publics Numériques",
    "associations",
    "coopératives",
    "logiciels libres",
    "emploi",
    "territoires",
    "éducation populaire",
    "commerce équitable",
)
CATEGORIES = ("Economie sociale", "Inclusion numérique", "Initiatives", None)
_WORDS = (
    "économie solidaire réseau associatif numérique citoyen territoire coopération projet "
    "insertion emploi formation accès public médiation usages innovation sociale financement "
    "mutuelle entreprise collectif bénévoles habitants quartier rencontre atelier"
).split()
_COMMENTERS = (("Marie", "http://marie.example.org/"), ("Paul", None), ("Zoé & Co", None))
_STRIPPED = str.maketrans("", "", '?&#=+<>"%')


def _slug(published: datetime, title: str) -> str:
    """Dotclear's post URL part "{y}/{m}/{d}/{title}": punctuation stripped, accents kept."""
    words = title.translate(_STRIPPED).replace("'", " ").split()
    tail = re.sub("-+", "-", "-".join(words))
    return unicodedata.normalize("NFC", f"{published:%Y/%m/%d}/{tail}")


def _sentence(i: int, n: int, length: int) -> str:
    return " ".join(_WORDS[(i * 7 + n * 3 + k * 5) % len(_WORDS)] for k in range(length))


def _paragraphs(i: int) -> tuple[str, ...]:
    count = 3 + i % 4
    paragraphs = [_sentence(i, n, 40 + (i + n) % 30).capitalize() + "." for n in range(count)]
    paragraphs[0] += f' Voir <a href="http://www.example.org/projet/{i}">le projet {i}</a>.'
    if i % 3 == 0:
        paragraphs[1] = f"<em>À noter&nbsp;:</em> {paragraphs[1]} <strong>Important</strong>."
    if i % 5 == 0:
        paragraphs.append(f'<img src="/public/images/photo-{i}.jpg" alt="photo {i}" />')
    return tuple(paragraphs)


def _tags(i: int) -> tuple[str, ...]:
    if i % 11 == 0:
        return ()  # some posts carry no tag at all
    chosen = [TAGS[i % len(TAGS)], TAGS[(i * 5 + 3) % len(TAGS)], TAGS[(i * 7 + 1) % len(TAGS)]]
    return tuple(dict.fromkeys(chosen[: 1 + i % 3]))


def _comments(i: int, published: datetime) -> tuple[SampleComment, ...]:
    if i % 3:
        return ()
    result = []
    for n in range(1 + i % 4):
        author, website = _COMMENTERS[(i + n) % len(_COMMENTERS)]
        text = _sentence(i + 1, n, 12 + n).capitalize() + " &amp; merci."
        when = published + timedelta(hours=1 + n, minutes=13 * n)
        result.append(SampleComment(author, website, when, (text,)))
    return tuple(result)


def synthetic_post(i: int) -> SamplePost:
    """Post number `i` (0-based) of the synthetic blog."""
    published = EPOCH + timedelta(days=i // 3, hours=4 * (i % 3), minutes=i * 7 % 60)
    title = f"Billet {i} : {_sentence(i, 99, 4 + i % 5)} à l'été {published.year}"
    return SamplePost(
        id=i + 1,
        slug=_slug(published, title),
        title=title,
        published=published,
        author=AUTHOR,
        category=CATEGORIES[i % len(CATEGORIES)],
        tags=_tags(i),
        paragraphs=_paragraphs(i),
        comments=_comments(i, published),
    )


def synthetic_posts(count: int = 5000, *, start: int = 0) -> list[SamplePost]:
    """`count` posts numbered from `start`."""
    return [synthetic_post(i) for i in range(start, start + count)]
