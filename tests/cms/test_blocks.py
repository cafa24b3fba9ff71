"""The StreamField blocks validate and render accessible HTML."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import AccessibleImageBlock, CallToActionBlock, ContentBlock, FaqBlock, HeadingBlock, LinkBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Image.objects.create(title="Werkplek", file=get_test_image_file(size=(40, 30)))


def test_image_needs_alt_text(image):
    block = AccessibleImageBlock()
    for alt_text in ("", "   "):
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python({"image": image.pk, "alt_text": alt_text, "caption": ""}))
        assert set(error.value.block_errors) == {"alt_text"}
    value = block.clean(block.to_python({"image": image.pk, "alt_text": "Een aangepaste werkplek", "caption": ""}))
    html = block.render(value)
    assert 'alt="Een aangepaste werkplek"' in html and "<figure" in html


def test_faq_renders_details_and_summary():
    block = FaqBlock()
    value = block.to_python(
        {
            "questions": [
                {"question": "Wat kost het mij?", "answer": "<p>Niets.</p>"},
                {"question": "Mag ik minder uren werken?", "answer": "<p>Ja.</p>"},
            ]
        }
    )
    html = block.render(value)
    assert html.count("<details>") == 2
    assert "<summary>Wat kost het mij?</summary>" in html
    assert "<p>Niets.</p>" in html


def test_heading_level_is_h2_or_h3():
    block = HeadingBlock()
    assert block.render(block.to_python({"text": "Voor wie?", "level": "h3"})).strip() == "<h3>Voor wie?</h3>"
    assert block.render(block.to_python({"text": "Voor wie?"})).strip() == "<h2>Voor wie?</h2>"
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "Kop", "level": "h1"}))


@pytest.mark.parametrize("block_class", [LinkBlock, CallToActionBlock])
def test_link_needs_text_and_exactly_one_target(block_class, home):
    block = block_class()
    for value in (
        {"text": "Lees meer", "page": None, "url": ""},
        {"text": "Lees meer", "page": home.pk, "url": "https://example.nl"},
    ):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python(value))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "", "page": None, "url": "https://example.nl"}))
    html = block.render(block.clean(block.to_python({"text": "Naar de start", "page": home.pk, "url": ""})))
    assert 'href="/">Naar de start</a>' in html


def test_quote_and_paragraph_in_a_stream():
    block = ContentBlock()
    value = block.to_python(
        [
            {"type": "paragraph", "value": "<p>Werk dat <b>past</b>.</p>"},
            {"type": "quote", "value": {"quote": "Ik werk weer.", "attribution": "Sanne, deelnemer"}},
        ]
    )
    html = block.render(value)
    assert "<p>Werk dat <b>past</b>.</p>" in html
    assert "<blockquote><p>Ik werk weer.</p></blockquote>" in html
    assert "<figcaption>Sanne, deelnemer</figcaption>" in html
