"""Hostile text stays text: on the public site, in the admin and in translation views.

Every text a mentor or an import can write gets the same payloads. A page passes
when its HTML has no script element the site did not put there, no event-handler
attribute, no ``javascript:``/``data:``/``vbscript:`` link, and still shows the
payload as visible text (so the test cannot pass by rendering nothing).
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.blocks import StreamValue
from wagtail.models import Locale

from knowledge.blocks import BodyBlock, StepsBlock
from knowledge.rich_text_safety import clean_rich_text
from tests.factories import MethodologyArticleFactory, RegionFactory, ThemeFactory

SCRIPT = '<script>alert("xss-script")</script>'
ATTRIBUTE = '"><img src=x onerror=alert("xss-attr")>'
MARKER = "xss-"
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


def assert_inert(html, *, allow_own_scripts=False):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("type", "text/javascript") not in {"text/javascript", "module"}:
            continue  # JSON data for the admin's widgets: inert, and json_script-escaped
        assert allow_own_scripts and MARKER not in script.get_text(), script
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, tag
        for name in ("href", "src", "action"):
            value = str(tag.get(name, "")).strip().lower()
            assert not value.startswith(UNSAFE_SCHEMES), tag
    assert not soup.find("img", src="x")


@pytest.fixture
def hostile(site_tree):
    theme = ThemeFactory(name=f"Téma {SCRIPT}", slug="hostile-theme")
    region = RegionFactory(name=f"Térség {ATTRIBUTE}", slug="hostile-region")
    method = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title=f"Módszer {SCRIPT}",
        summary=f"Összefoglaló {ATTRIBUTE}",
        purpose=f"Cél {SCRIPT}",
        themes=[theme],
        regions=[region],
    )
    method.body = StreamValue(
        BodyBlock(),
        [
            ("heading", {"text": f"Fejezet {SCRIPT}", "level": "h2"}),
            (
                "paragraph",
                "<p>Szöveg <a href=\"javascript:alert('xss-link')\">link</a> "
                '<a href="data:text/html;base64,PHNjcmlwdD4=">adat</a> '
                "<a href=\"vbscript:msgbox('xss')\">vb</a>"
                '<script>alert("xss-inline")</script><b onmouseover="alert(1)">x</b></p>',
            ),
            ("callout", {"title": f"Doboz {ATTRIBUTE}", "text": "<p>Biztonságos</p>"}),
        ],
        is_lazy=False,
    )
    method.steps = StreamValue(
        StepsBlock(),
        [("step", {"title": f"Lépés {SCRIPT}", "minutes": 5, "description": "<p>Leírás</p>"})],
        is_lazy=False,
    )
    method.keywords.add(f"kulcsszó {ATTRIBUTE}")
    method.save_revision().publish()
    method.refresh_from_db()
    return method, site_tree


@pytest.mark.django_db
def test_rich_text_links_are_cleaned_on_save(hostile):
    method, _tree = hostile
    stored = str(method.body.raw_data[1])  # the paragraph; headings are plain text
    for scheme in UNSAFE_SCHEMES:
        assert f'href="{scheme}' not in stored
    assert "<script" not in stored
    assert "onmouseover" not in stored
    assert "link</a>" in stored  # the text survives, only the target goes


def test_clean_rich_text_keeps_clean_html_unchanged():
    html = (
        '<h2>Cím</h2><p>Egy <a href="https://example.org/?a=1&amp;b=2">link</a>, '
        '<a linktype="page" id="12">oldal</a>, <a href="mailto:a@example.org">levél</a></p>'
        '<embed embedtype="image" format="fullwidth" id="3" alt="kép"/>'
    )
    assert clean_rich_text(html) == html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_clean_rich_text_removes_every_spelling_of_unsafe_links(href):
    cleaned = clean_rich_text(f'<p><a href="{href}">x</a></p>')
    assert "href" not in cleaned
    assert ">x</a>" in cleaned


@pytest.mark.django_db
def test_rich_text_field_posted_directly_is_cleaned(site_tree):
    home = site_tree["hu"]["collections"]
    home.introduction = '<p><a href="javascript:alert(1)">x</a><script>alert(2)</script></p>'
    home.save()
    home.refresh_from_db()
    assert home.introduction == "<p><a>x</a></p>"


@pytest.mark.django_db
def test_public_pages_render_hostile_text_escaped(client, hostile):
    method, tree = hostile
    for url in [
        method.url,
        tree["hu"]["methods"].url,
        tree["hu"]["methods"].url + "?theme=hostile-theme",
        "/hu/search/?q=M%C3%B3dszer",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html)
        assert "&lt;script&gt;" in html, url
    page_html = client.get(method.url).content.decode()
    for visible in ("Fejezet &lt;script&gt;", "Lépés &lt;script&gt;", "Doboz &quot;&gt;&lt;img"):
        assert visible in page_html


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_listings_and_compare_view_escape_hostile_text(admin_client, hostile):
    method, tree = hostile
    first = method.latest_revision
    method.title = f"Más cím {ATTRIBUTE}"
    second = method.save_revision()
    urls = [
        reverse("wagtailadmin_explore", args=[tree["hu"]["methods"].pk]),
        reverse("wagtailadmin_pages:edit", args=[method.pk]),
        reverse("wagtailadmin_pages:history", args=[method.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[method.pk, first.pk, second.pk]),
        reverse("wagtailsnippets_knowledge_theme:list"),
        reverse("wagtailsnippets_knowledge_region:list"),
        reverse("wagtailadmin_pages:search") + "?q=M%C3%B3dszer",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), allow_own_scripts=True)


@pytest.mark.django_db
def test_translation_editor_escapes_hostile_text(admin_client, hostile):
    from wagtail_localize.models import Translation, TranslationSource

    method, _tree = hostile
    source, _created = TranslationSource.get_or_create_from_instance(method)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="sl")
    )
    translation.save_target(publish=True)
    target = method.get_translation(Locale.objects.get(language_code="sl"))
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "xss-script" in html  # the source text is there, as data
    assert_inert(html, allow_own_scripts=True)
