"""StreamField blocks for the CMS pages, built to render accessible HTML.

Editors cannot skip the things screen-reader users need: an image without alt text does not
validate, a heading is an h2 or an h3 (the page title is the only h1), a link has visible text.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

# Paragraphs carry no headings (the heading block does, in order) and no embeds or images.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=150)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading (h2)")), ("h3", _("Subheading (h3)"))],
        default="h2",
        help_text=_("Use h2 for a section and h3 for a part of that section; do not skip levels."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading.html"


class AccessibleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    # Required: an empty or blank alternative text does not validate.
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(
        label=_("attribution"), max_length=150, required=False, help_text=_("Who said it, e.g. name and role.")
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class LinkBlock(blocks.StructBlock):
    """Visible link text plus either a page on this site or an address elsewhere."""

    text = blocks.CharBlock(label=_("link text"), max_length=100)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("web address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "cms/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = ValidationError(_("Choose either a page or a web address."))
            raise StructBlockValidationError(block_errors={"page": message, "url": message})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["href"], context["text"] = link_href(value), value.get("text")
        page = value.get("page")
        if page is not None and value.get("text") == page.title:
            # A link named after its page (as in the footer) speaks the visitor's language: the page's
            # translation in the active language, when it has one, gives the address and the name.
            translated = page.localized
            if translated.pk != page.pk:
                context["href"], context["text"] = translated.url, translated.title
        return context


def link_href(value) -> str:
    """The link's address; empty when its page was deleted (the templates then leave the link out)."""
    page = value.get("page")
    return (page.url if page else value.get("url")) or ""


class CallToActionBlock(LinkBlock):
    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms/blocks/call_to_action.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("answer"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")


class FaqBlock(blocks.StructBlock):
    questions = blocks.ListBlock(FaqItemBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")
        template = "cms/blocks/faq.html"


class ContentBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES, icon="pilcrow")
    image = AccessibleImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    faq = FaqBlock()

    class Meta:
        label = _("Content")
