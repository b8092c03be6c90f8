"""The bundled sample Dotclear 2 blog: markup per theme, URLs, encodings, feeds, the server."""

from __future__ import annotations

import gzip
import http.client
import posixpath
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import pytest

from archiver.sample_blog.model import SampleComment, SamplePost
from archiver.sample_blog.server import SampleBlogServer
from archiver.sample_blog.site import SampleSite

TZ = ZoneInfo("Europe/Paris")
ESS = "economie sociale et solidaire"
INC = "inclusion numérique"
ECO = "Economie sociale"
THEMES = ("default", "berlin", "ductile")
ATOM = "{http://www.w3.org/2005/Atom}"
TIME_RE = re.compile(r"\b\d\d:\d\d\b")

# (id, published, title, tags, category): 12 posts tagged ESS -> 4 pages of 3.
ZEBU_TITLE = "Offrir un zébu à Madagascar, un cadeau solidaire... Internet crée du lien"
AVISE_TITLE = "Agence de Valorisation des Initiatives Socio-Economiques"
_SPECS = [
    (115, "2009-04-20 09:05", "L’économie “solidaire” & le cœur", (ESS, INC), ECO),
    (114, "2009-04-20 08:30", "Deuxième billet du même jour", (ESS,), None),
    (113, "2009-03-01 18:00", "Mars <2009> sans mot-clé", (), "Inclusion numérique"),
    (112, "2008-07-14 12:00", "Billet d'été à 100 €", (ESS, "TIC"), "Economie sociale"),
    (111, "2008-01-05 10:10", "Un samedi de janvier", (ESS,), None),
    (110, "2007-06-03 07:07", "Juin 2007", (INC,), "Inclusion numérique"),
    (109, "2007-02-01 23:59", "Février (tendance 001)", (ESS,), None),
    (108, "2006-12-24 15:32", ZEBU_TITLE, (ESS,), "Economie sociale"),
    (107, "2006-12-24 11:00", AVISE_TITLE, (ESS, "TIC"), "Economie sociale"),
    (106, "2006-12-19 09:00", "Ecologie au quotidien en famille par Valérie", (ESS,), None),
    (105, "2006-12-18 09:00", "Portes numériques", (ESS, INC), None),
    (104, "2006-12-13 09:00", "Coopératives d'Activités et d'Emploi", (ESS,), "Economie sociale"),
    (103, "2006-12-11 09:00", "Rue de la Solidarité à Paris", (ESS,), None),
    (102, "2006-11-27 09:00", "Centre for Social Innovation à Toronto", (ESS,), None),
    (101, "2006-11-01 09:00", "Le premier billet", ("TIC",), None),
]  # fmt: skip


def _dt(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def _slug(published: datetime, title: str) -> str:
    words = title.replace("'", " ").translate(str.maketrans("", "", '?&#=+<>"%')).split()
    return f"{published:%Y/%m/%d}/" + "-".join(words)


def _comments(post_id: int) -> tuple[SampleComment, ...]:
    if post_id != 108:
        return ()
    return (
        SampleComment("Marie", "http://marie.example.org/", _dt("2006-12-24 18:04"), ("Merci !",)),
        SampleComment(
            "Paul", None, _dt("2006-12-26 09:15"), ("Très bien.", "Second <em>avis</em>.")
        ),
    )


POSTS = tuple(
    SamplePost(
        id=pid,
        slug=_slug(_dt(when), title),
        title=title,
        published=_dt(when),
        author="Jean-Luc Raymond",
        category=cat,
        tags=tags,
        paragraphs=(
            f'Premier paragraphe du billet {pid}, <a href="http://example.org/{pid}">un lien</a>.',
            f"Second paragraphe : l’<em>œuvre</em> n°{pid}.",
        ),
        comments=_comments(pid),
    )
    for pid, when, title, tags, cat in _SPECS
)
ZEBU = POSTS[7]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def doc(body: bytes, charset: str = "utf-8") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(body.decode(charset))


def text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, SampleBlogServer]]:
    running = {t: SampleBlogServer(POSTS, theme=t, per_page=3).start() for t in THEMES}
    yield running
    for server in running.values():
        server.stop()


def test_home_page_has_the_theme_structure(servers: dict[str, SampleBlogServer]) -> None:
    for theme, srv in servers.items():
        status, headers, body = fetch(srv.url)
        assert status == 200 and headers["Content-Type"] == "text/html; charset=UTF-8"
        page = doc(body)
        for selector in ("#page", "#wrapper", "#main", "#content", "#sidebar", "#footer"):
            assert page.cssselect(selector), (theme, selector)
        assert "Aller au contenu" in text(page.cssselect("#prelude")[0])
        assert [p.get("id") for p in page.cssselect("div.post")] == ["p115", "p114", "p113"]
        assert page.cssselect("#blognav #search form input[name=q]")
        feed = page.cssselect('head link[rel=alternate][type="application/atom+xml"]')
        assert feed[0].get("href") == srv.url + "feed/atom"
        assert page.cssselect(f'#blogextra a.feed[href="{srv.url}feed/atom"]')


def test_only_the_first_post_of_a_day_has_a_day_heading(
    servers: dict[str, SampleBlogServer],
) -> None:
    headings = {"default": "p.day-date", "berlin": "p.post-day-date", "ductile": "p.day-date"}
    for theme, srv in servers.items():
        page = doc(fetch(srv.url)[2])
        posts = page.cssselect("div.post")
        assert [bool(p.cssselect(headings[theme])) for p in posts] == [True, False, True]
        assert text(posts[0].cssselect(headings[theme])[0]) == "lundi 20 avril 2009"


def test_tag_page_two_of_four(servers: dict[str, SampleBlogServer]) -> None:
    older = {"default": "billets précédents", "berlin": "billets précédents"}
    for theme, srv in servers.items():
        status, _, body = fetch(srv.url + "tag/economie%20sociale%20et%20solidaire/page/2")
        page = doc(body)
        assert status == 200
        assert [p.get("id") for p in page.cssselect("div.post")] == ["p111", "p109", "p108"]
        pagination = page.cssselect("p.pagination")[0]
        assert "page 2 de 4" in text(pagination)
        prev, nxt = pagination.cssselect("a.prev")[0], pagination.cssselect("a.next")[0]
        assert prev.get("href") == srv.url + f"tag/{ESS}/page/3"
        assert nxt.get("href") == srv.url + f"tag/{ESS}"
        assert older.get(theme, "entrées précédentes") in text(prev)
        heading = {"default": "Tag", "berlin": "Mot-clé", "ductile": "Mot-clé"}[theme]
        assert text(page.cssselect("#content-info h2")[0]) == f"{heading} - {ESS}"


def test_tag_page_past_the_end_is_empty(servers: dict[str, SampleBlogServer]) -> None:
    for srv in servers.values():
        status, _, body = fetch(srv.url + "tag/economie%20sociale%20et%20solidaire/page/99")
        page = doc(body)
        assert status == 200
        assert not page.cssselect("div.post") and not page.cssselect("p.pagination")


def test_post_page(servers: dict[str, SampleBlogServer]) -> None:
    for theme, srv in servers.items():
        status, _, body = fetch(srv.url + "post/" + quote(ZEBU.slug, safe="/,()"))
        page = doc(body)
        assert status == 200
        post = page.cssselect("div#p108.post")[0]
        assert text(post.cssselect("h2.post-title")[0]) == ZEBU.title
        paragraphs = post.cssselect("div.post-content p")
        assert [text(p) for p in paragraphs] == [
            "Premier paragraphe du billet 108, un lien.",
            "Second paragraphe : l’œuvre n°108.",
        ]
        tags = post.cssselect("ul.post-tags a, ul.post-tags-list a")
        assert [(a.text, a.get("href")) for a in tags] == [
            (ESS, srv.url + "tag/economie%20sociale%20et%20solidaire")
        ]
        assert (
            page.cssselect('head meta[name="date"]')[0].get("content")
            == "2006-12-24T15:32:00+01:00"
        )
        _check_comments(theme, page)


def _check_comments(theme: str, page: lxml.html.HtmlElement) -> None:
    if theme == "default":
        dts, dds = page.cssselect("#comments dl dt"), page.cssselect("#comments dl dd")
        assert text(dts[0]) == "1. Le dimanche 24 décembre 2006, 18:04 par Marie"
        assert text(dts[1]) == "2. Le mardi 26 décembre 2006, 09:15 par Paul"
        assert [text(p) for p in dds[1].cssselect("p")] == ["Très bien.", "Second avis."]
        link = dts[0].cssselect("a[rel=nofollow]")[0]
    else:
        items = page.cssselect("#comments li.comment")
        assert [li.get("id") for li in items] == ["c1", "c2"]
        assert text(items[0].cssselect("p.comment-info")[0]) == "1 De Marie - 24/12/2006, 18:04"
        assert text(items[1].cssselect("div.comment-content")[0]) == "Très bien. Second avis."
        link = items[0].cssselect("p.comment-info a[rel]")[0]
    assert link.get("href") == "http://marie.example.org/" and link.text == "Marie"


def test_tags_page_lists_every_tag_with_encoded_hrefs(servers: dict[str, SampleBlogServer]) -> None:
    for srv in servers.values():
        links = doc(fetch(srv.url + "tags")[2]).cssselect("ul.tags li a")
        assert sorted(a.text for a in links) == sorted([ESS, INC, "TIC"])
        hrefs = {a.text: a.get("href") for a in links}
        assert hrefs[INC] == srv.url + "tag/inclusion%20num%C3%A9rique"


def test_sidebar_tag_cloud_writes_raw_hrefs(servers: dict[str, SampleBlogServer]) -> None:
    for srv in servers.values():
        body = fetch(srv.url)[2]
        assert f'href="{srv.url}tag/economie sociale et solidaire"'.encode() in body
        assert f'href="{srv.url}tag/inclusion numérique"'.encode() in body
        assert fetch(srv.url + "tag/inclusion%20num%C3%A9rique")[0] == 200


def test_server_accepts_raw_utf8_request_targets(servers: dict[str, SampleBlogServer]) -> None:
    srv = servers["default"]
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall("GET /tag/inclusion%20numérique HTTP/1.0\r\n\r\n".encode())
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    assert response.startswith(b"HTTP/1.0 200 ") or response.startswith(b"HTTP/1.1 200 ")
    assert srv.requests[-1].path == "/tag/inclusion%20numérique"


@pytest.mark.parametrize("theme", THEMES)
def test_iso_8859_1_variant_has_the_same_text(theme: str) -> None:
    utf8 = SampleSite(POSTS, theme=theme, per_page=3)
    latin = SampleSite(POSTS, theme=theme, per_page=3, encoding="iso-8859-1")
    base = "http://127.0.0.1:8000/"
    for path in ("/", "/post/" + ZEBU.slug, "/tags", "/archive", "/archive/2006/12", "/nope"):
        a, b = utf8.render(base, path), latin.render(base, path)
        assert b.content_type == "text/html; charset=ISO-8859-1" and a.status == b.status
        assert "’".encode() not in b.body and "é".encode("latin-1") in b.body
        page_a, page_b = doc(a.body), doc(b.body, "latin-1")
        assert text(page_a) == text(page_b)
        charset = page_b.xpath("//meta[@charset]/@charset | //meta[@http-equiv]/@content")
        assert "ISO-8859-1" in charset[0]
    assert b"l&#8217;<em>&#339;uvre</em>" in latin.render(base, "/").body
    feed = latin.render(base, "/feed/atom")
    assert feed.content_type == "application/atom+xml; charset=UTF-8"
    content = lxml.etree.fromstring(feed.body).findtext(f"{ATOM}entry/{ATOM}content")
    assert "l’<em>œuvre</em>" in content


def test_feeds_carry_every_post_with_exact_dates(servers: dict[str, SampleBlogServer]) -> None:
    srv = servers["berlin"]
    status, headers, body = fetch(srv.url + "feed/atom")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    entries = lxml.etree.fromstring(body).findall(f"{ATOM}entry")
    assert len(entries) == len(POSTS)
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == POSTS[0].title
    assert first.findtext(f"{ATOM}published") == "2009-04-20T09:05:00+02:00"
    assert first.findtext(f"{ATOM}id").startswith("urn:md5:")
    subjects = [e.text for e in first.findall("{http://purl.org/dc/elements/1.1/}subject")]
    assert subjects == ["Economie sociale", ESS, INC]
    assert "<em>œuvre</em>" in first.findtext(f"{ATOM}content")
    rss = lxml.etree.fromstring(fetch(srv.url + "feed/rss2")[2])
    items = rss.findall("channel/item")
    assert len(items) == len(POSTS)
    assert items[7].findtext("pubDate") == "Sun, 24 Dec 2006 15:32:00 +0100"
    tag_feed = lxml.etree.fromstring(fetch(srv.url + "feed/tag/TIC/atom")[2])
    assert len(tag_feed.findall(f"{ATOM}entry")) == 3
    comments = lxml.etree.fromstring(fetch(srv.url + "feed/atom/comments")[2])
    assert [e.findtext(f"{ATOM}published") for e in comments.findall(f"{ATOM}entry")] == [
        "2006-12-26T09:15:00+01:00",
        "2006-12-24T18:04:00+01:00",
    ]


def test_feed_size_limits_feeds() -> None:
    site = SampleSite(POSTS, feed_size=5)
    body = site.render("http://127.0.0.1:8000/", "/feed/atom").body
    assert len(lxml.etree.fromstring(body).findall(f"{ATOM}entry")) == 5


def test_robots_txt_and_404(servers: dict[str, SampleBlogServer]) -> None:
    for theme, srv in servers.items():
        status, headers, body = fetch(srv.url + "robots.txt")
        assert status == 200 and body.startswith(b"User-agent: *\n")
        status, headers, body = fetch(srv.url + "no/such/page")
        assert status == 404 and headers["Content-Type"].startswith("text/html")
        page = doc(body)
        assert text(page.cssselect("#content-info h2")[0]) == "Document non trouvé"
        assert page.cssselect("#sidebar #blognav"), theme


def _visible(page: lxml.html.HtmlElement, drop: str = "") -> str:
    body = page.cssselect("body")[0]
    for el in body.cssselect("script" + (", " + drop if drop else "")):
        el.drop_tree()
    return text(body)


def test_time_of_day_only_in_the_default_theme(servers: dict[str, SampleBlogServer]) -> None:
    path = "post/" + quote(ZEBU.slug, safe="/,()")
    for theme, srv in servers.items():
        post_page, home = doc(fetch(srv.url + path)[2]), doc(fetch(srv.url)[2])
        if theme == "default":
            assert "le dimanche 24 décembre 2006, 15:32" in text(
                post_page.cssselect("p.post-info")[0]
            )
            assert TIME_RE.search(_visible(home))
        else:
            assert not TIME_RE.search(_visible(post_page, "#comments"))
            assert not TIME_RE.search(_visible(home))
            assert text(post_page.cssselect("span.post-date")[0]) == "dimanche 24 décembre 2006."


@pytest.mark.parametrize("theme", ("berlin", "ductile"))
def test_comment_times_can_be_switched_off(theme: str) -> None:
    site = SampleSite(POSTS, theme=theme, comment_times=False)
    page = doc(site.render("http://127.0.0.1:8000/", "/post/" + ZEBU.slug).body)
    assert not TIME_RE.search(_visible(page))
    assert "De Marie - 24/12/2006" in text(page.cssselect("p.comment-info")[0])


@pytest.mark.parametrize("theme", THEMES)
def test_machine_dates_can_be_switched_off(theme: str) -> None:
    site = SampleSite(POSTS, theme=theme, machine_dates=False)
    base = "http://127.0.0.1:8000/"
    for path in ("/", "/post/" + ZEBU.slug, "/tag/TIC", "/tags", "/archive", "/archive/2006/12"):
        body = site.render(base, path).body
        for marker in (b'<meta name="date"', b"dc.date", b"datetime="):
            assert marker not in body, (path, marker)
    with_dates = SampleSite(POSTS, theme=theme).render(base, "/post/" + ZEBU.slug).body
    assert b'<meta name="date"' in with_dates
    feed = site.render(base, "/feed/atom").body
    assert b"<published>2006-12-24T15:32:00+01:00</published>" in feed


def test_request_paths_are_decoded_every_way() -> None:
    site = SampleSite(POSTS)
    base = "http://127.0.0.1:8000/"
    bodies = {
        site.render(base, path).body
        for path in (
            "/tag/inclusion%20num%C3%A9rique",
            "/tag/inclusion numérique",
            "/tag/inclusion num%C3%A9rique?utm=x",
        )
    }
    assert len(bodies) == 1
    assert site.render(base, "/post/" + ZEBU.slug).status == 200
    assert site.render(base, "/post/" + quote(ZEBU.slug)).status == 200


def test_archives_list_months_and_their_posts(servers: dict[str, SampleBlogServer]) -> None:
    for srv in servers.values():
        page = doc(fetch(srv.url + "archive")[2])
        hrefs = {a.get("href") for a in page.cssselect("#content a")}
        assert srv.url + "archive/2006/12" in hrefs and srv.url + "archive/2009/04" in hrefs
        month = doc(fetch(srv.url + "archive/2006/12")[2])
        titles = [text(h) for h in month.cssselect("#content h2.post-title")]
        assert titles == [p.title for p in POSTS if p.published.strftime("%Y%m") == "200612"]
        assert not month.cssselect("p.pagination")


def test_category_page(servers: dict[str, SampleBlogServer]) -> None:
    for srv in servers.values():
        status, _, body = fetch(srv.url + "category/Inclusion-num%C3%A9rique")
        assert status == 200
        assert [p.get("id") for p in doc(body).cssselect("div.post")] == ["p113", "p110"]


def test_server_records_requests_and_bodies(servers: dict[str, SampleBlogServer]) -> None:
    srv = SampleBlogServer(POSTS, theme="ductile")
    with srv:
        status, _, body = fetch(srv.url + "tag/TIC")
        fetch(srv.url + "missing")
    assert status == 200
    requests = srv.requests
    assert [(r.method, r.path, r.status) for r in requests] == [
        ("GET", "/tag/TIC", 200),
        ("GET", "/missing", 404),
    ]
    assert srv.served_bodies()[srv.url + "tag/TIC"] == body


def test_gzip_and_chunked_transfer() -> None:
    with SampleBlogServer(POSTS, gzip=True, chunked=True) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        conn.request("GET", "/tags", headers={"Accept-Encoding": "gzip"})
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
        assert resp.getheader("Content-Encoding") == "gzip"
        assert resp.getheader("Transfer-Encoding") == "chunked"
        plain = SampleSite(POSTS).render(srv.url, "/tags").body
        assert gzip.decompress(raw) == plain
        assert srv.requests[-1].body == raw


def test_real_content_tag_page_two() -> None:
    from archiver.sample_blog import content

    site = SampleSite(content.POSTS, theme="default")
    page = doc(site.render("http://127.0.0.1:8000/", f"/tag/{ESS}/page/2").body)
    assert "page 2 de 4" in text(page.cssselect("p.pagination")[0])
    titles = [text(h) for h in page.cssselect("div.post h2.post-title")]
    assert titles[1] == ZEBU_TITLE
    days = [text(d) for d in page.cssselect("p.day-date")]
    assert days[:2] == ["dimanche 24 décembre 2006", "mardi 19 décembre 2006"]
    feed = lxml.etree.fromstring(site.render("http://127.0.0.1:8000/", "/feed/atom").body)
    assert len(feed.findall(f"{ATOM}entry")) == min(100, len(content.POSTS))


# ---- the theme files' template language -------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{a.b}}-{{c}}", "x-3"),
        ("{% if c %}yes{% else %}no{% endif %}|{% if not c %}yes{% else %}no{% endif %}", "yes|no"),
        ("{% for i in items %}[{{i}}]\n{% endfor %}", "[1]\n[2]\n"),
        (
            "{{lang Tag}} {{lang Powered by %s|<b>D</b>}} {{lang unknown}}",
            "Mot-clé Par <b>D</b> unknown",
        ),
    ],
    ids=["values", "if", "for", "lang"],
)
def test_template_language(source: str, expected: str) -> None:
    from archiver.sample_blog.templates import Theme

    theme = Theme((), {"Tag": "Mot-clé", "Powered by %s": "Par %s"})
    scope = {"a": {"b": "x"}, "c": 3, "items": [1, 2]}
    assert theme.render_text(source, scope) == expected


@pytest.mark.parametrize(
    "source", ["{% if a %}x", "{% for a in b %}{% endif %}", "{% while a %}"], ids=str
)
def test_template_errors_name_the_file(source: str) -> None:
    from archiver.sample_blog.templates import TemplateError, parse

    with pytest.raises(TemplateError, match="themes/x.html"):
        parse(source, "themes/x.html")


def test_berlin_pages_fill_the_layout_blocks() -> None:
    """post.html extends __layout.html: its blocks replace the layout's, the rest stays."""
    body = SampleSite(POSTS, theme="berlin").render("http://h.invalid/", "/post/" + ZEBU.slug).body
    html = body.decode()
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert f"<title>{ZEBU.title} - Jean-Luc Raymond\n      </title>" in html
    assert html.index("?pf=post.js") < html.index("<!-- html-head -->") < html.index("<body")
    assert html.count("{{") == html.count("{%") == 0


# ---- the files served beside the pages (issue 15) ---------------------------------------------

BASE = "http://127.0.0.1:8000/"
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)""")


@pytest.mark.parametrize(
    ("theme", "path", "content_type", "magic"),
    [
        ("default", "/themes/default/style.css", "text/css", b"@import url(layout.css)"),
        ("default", "/themes/default/../default/js/jquery.js", "application/javascript", b"/*"),
        ("default", "/themes/default/img/bg.png", "image/png", b"\x89PNG"),
        ("berlin", "/?tf=custom.css", "text/css", b".post-title"),
        ("berlin", "/themes/berlin/fonts/sample.woff2", "font/woff2", b"wOF2"),
        ("berlin", "/themes/berlin/fonts/sample.woff", "font/woff", b"wOFF"),
        ("ductile", "/index.php?tf=custom.css", "text/css", b"#footer"),
        ("ductile", "/?pf=jquery/3.5.1/jquery.js", "application/javascript", b"/*"),
        ("ductile", "/public/images/atelier-micro-credit.jpg", "image/jpeg", b"\xff\xd8\xff"),
        ("ductile", "/public/images/.atelier-micro-credit_sq.jpg", "image/jpeg", b"\xff\xd8\xff"),
        ("default", "/favicon.ico", "image/x-icon", b"\x00\x00\x01\x00"),
    ],
    ids=["css", "dotdot", "png", "tf", "woff2", "woff", "index-tf", "pf", "jpg", "sq", "ico"],
)
def test_asset_shapes_are_served_with_their_type(
    theme: str, path: str, content_type: str, magic: bytes
) -> None:
    page = SampleSite(POSTS, theme=theme).render(BASE, path)
    assert (page.status, page.content_type) == (200, content_type)
    assert page.body.startswith(magic)


def test_missing_theme_file_is_a_404_and_other_themes_files_are_not_tf() -> None:
    site = SampleSite(POSTS, theme="berlin")
    assert site.render(BASE, "/themes/berlin/nope.css").status == 404
    assert site.render(BASE, "/?tf=../../../site.py").status == 404
    assert site.render(BASE, "/?tf=ductile.js").status == 404  # ductile's, not berlin's


def _named_by_page(body: bytes, url: str) -> set[str]:
    page = lxml.html.document_fromstring(body.decode("utf-8"))
    found = set(page.xpath("//script/@src | //img/@src"))
    found |= set(page.xpath("//link[contains(@rel, 'stylesheet') or contains(@rel, 'icon')]/@href"))
    for srcset in page.xpath("//img/@srcset"):
        found |= {part.split()[0] for part in srcset.split(",")}
    for style in page.xpath("//style/text()"):
        found |= {a or b for a, b in CSS_URL.findall(style)}
    return {urljoin(url, u) for u in found}


def _served_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


@pytest.mark.parametrize("theme", THEMES)
def test_every_url_named_by_a_page_or_stylesheet_answers(theme: str) -> None:
    from archiver.sample_blog.content import POSTS as REAL

    site = SampleSite(theme=theme)
    paths = ["/", "/tags", "/archive", "/post/" + REAL[0].slug, "/post/" + REAL[-1].slug]
    paths += ["/post/" + p.slug for p in REAL if any("<img" in x for x in p.paragraphs)]
    todo = {u for p in paths for u in _named_by_page(site.render(BASE, p).body, BASE + p[1:])}
    seen: set[str] = set()
    while todo:
        url = todo.pop()
        seen.add(url)
        page = site.render(BASE, _served_path(url))
        assert page.status == 200, url
        if page.content_type == "text/css":
            named = {urljoin(url, a or b) for a, b in CSS_URL.findall(page.body.decode())}
            todo |= named - seen
    assert {_served_path(u) for u in seen} <= {
        posixpath.normpath(p) if "?" not in p else p for p in site.asset_paths()
    } | {"/themes/default/../default/js/jquery.js"}
    kinds = {posixpath.splitext(urlsplit(u).path or urlsplit(u).query)[1] for u in seen}
    assert {".css", ".js", ".jpg", ".ico"} <= kinds
    if theme == "berlin":
        assert {".woff2", ".woff", ".png"} <= {posixpath.splitext(u)[1] for u in seen}


@pytest.mark.parametrize("theme", THEMES)
def test_asset_paths_all_answer(theme: str) -> None:
    site = SampleSite(theme=theme)
    listed = site.asset_paths()
    assert "/favicon.ico" in listed and "/?pf=jquery/3.5.1/jquery.js" in listed
    assert "/public/images/.atelier-reconditionnement_t.jpg" in listed
    assert all(site.render(BASE, path).status == 200 for path in listed)
