from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External link"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "network/blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    """The editorial body shared by the site's page types."""

    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="network/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4"]
    )
    # ImageBlock asks the editor for alt text (or an explicit "decorative" choice).
    image = ImageBlock(label=_("Image"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
    call_to_action = CallToActionBlock()
