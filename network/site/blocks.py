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


class OrganisationBlock(blocks.StructBlock):
    """A partner or funder: its name, and its website when it has one."""

    name = blocks.CharBlock(label=_("Name"))
    url = blocks.URLBlock(label=_("Website"), required=False)

    class Meta:
        icon = "group"
        label = _("Organisation")
        template = "network/blocks/organisation.html"


class OrganisationsBlock(blocks.StreamBlock):
    organisation = OrganisationBlock()


class ProgrammeItemBlock(blocks.StructBlock):
    """One slot of a conference programme."""

    time = blocks.TimeBlock(label=_("Time"), required=False)
    title = blocks.CharBlock(label=_("Title"))
    speakers = blocks.CharBlock(label=_("Speakers"), required=False)

    class Meta:
        icon = "time"
        label = _("Programme item")
        template = "network/blocks/programme_item.html"


class EventProgrammeBlock(blocks.StreamBlock):
    day = blocks.DateBlock(
        label=_("Day"),
        help_text=_("Starts the items of a new day."),
        template="network/blocks/day.html",
    )
    item = ProgrammeItemBlock()
