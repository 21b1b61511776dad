from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class ZoneBodyBlock(blocks.StreamBlock):
    """What a coordinator tells about their zone: text, pictures, films and voices."""

    text = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4"]
    )
    # ImageBlock asks for alt text (or an explicit "decorative" choice) for every picture.
    image = ImageBlock(label=_("Image"))
    gallery = blocks.ListBlock(
        ImageBlock(label=_("Image")),
        label=_("Gallery"),
        template="zones/blocks/gallery.html",
    )
    video = EmbedBlock(label=_("Video"), help_text=_("A link to a film, e.g. on YouTube or Vimeo."))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
