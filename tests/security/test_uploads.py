"""Uploads: size and pixel limits, no SVG, no web pages in disguise, safe downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def png_bytes(width=20, height=20):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def image_form(name, content, content_type="image/png"):
    form_class = get_image_form(get_image_model())
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return form_class(data={"title": "Kép"}, files={"file": upload})


def document_form(name, content, content_type="application/octet-stream"):
    form_class = get_document_form(get_document_model())
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return form_class(data={"title": "Dokumentum"}, files={"file": upload})


@pytest.mark.django_db
def test_a_real_png_is_accepted():
    assert image_form("kep.png", png_bytes()).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rajz.svg", SVG),
        ("oldal.png", HTML),
        ("oldal.jpg", HTML),
        ("szkript.png", b"alert(document.cookie);"),
    ],
)
def test_svg_and_disguised_markup_are_refused_as_images(name, content):
    form = image_form(name, content)
    assert not form.is_valid()
    assert form.errors["file"]
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db
def test_image_size_limit_gives_a_clear_error(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    form = image_form("nagy.png", png_bytes(300, 300) + b"\0" * 2048)
    assert not form.is_valid()
    assert "too big" in " ".join(form.errors["file"])


@pytest.mark.django_db
def test_image_pixel_limit_gives_a_clear_error(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    form = image_form("szeles.png", png_bytes(200, 200))
    assert not form.is_valid()
    assert "too many pixels" in " ".join(form.errors["file"])


@pytest.mark.django_db
def test_document_size_limit_gives_a_clear_error(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    form = document_form("hosszu.txt", b"a" * 2048)
    assert not form.is_valid()
    assert "too big" in " ".join(form.errors["file"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("jegyzet.pdf", HTML),
        ("tabla.docx", HTML),
        ("lista.csv", b"\xef\xbb\xbf  <script>alert(1)</script>"),
        ("jegyzet.txt", b"<html><body>x</body></html>"),
        ("rajz.txt", SVG),
    ],
)
def test_markup_disguised_as_a_document_is_refused(name, content):
    form = document_form(name, content)
    assert not form.is_valid()
    assert form.errors["file"]
    assert get_document_model().objects.count() == 0


@pytest.mark.django_db
def test_document_error_is_translated():
    with translation.override("hu"):
        form = document_form("jegyzet.pdf", HTML)
        assert not form.is_valid()
        assert "nem valódi .pdf" in " ".join(form.errors["file"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("jegyzet.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("tabla.docx", b"PK\x03\x04" + b"\0" * 40),
        ("lista.csv", "név;település\nAnna;Komló\n".encode()),
        ("jegyzet.txt", "A < B és a <3 szív.\n".encode()),
    ],
)
def test_genuine_documents_are_accepted(name, content):
    assert document_form(name, content).is_valid()


@pytest.mark.django_db
def test_a_stored_html_document_is_only_ever_a_download(client):
    """Even a file that got past the form (e.g. stored by a script) cannot render."""
    from django.core.files.base import ContentFile

    document = get_document_model().objects.create(
        title="Álcázott", file=ContentFile(HTML, name="alcazott.pdf")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/images/abc/1/fill-100000x100000/",
        "/images/abc/1/" + "|".join(["fill-9999x9999", "width-9999"] * 200) + "/",
        "/hu/images/abc/1/width-99999999/",
    ],
)
def test_no_rendition_is_generated_from_a_url(client, path):
    """Wagtail's dynamic image serve view is not installed: renditions come only
    from templates, with the filter specs written in them."""
    response = client.get(path, follow=True)
    assert response.status_code == 404


def test_image_serve_view_is_not_routed():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=["sig", 1, "original"])
