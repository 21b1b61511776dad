"""Attachments in templates: images and other files apart, a file's type in words and icon."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()

# content type (without parameters) -> (icon, label)
_TYPES = {
    "application/pdf": ("file-text", "PDF"),
    "application/msword": ("file-text", "Word"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "file-text",
        "Word",
    ),
    "application/vnd.oasis.opendocument.text": ("file-text", "OpenDocument"),
    "application/vnd.ms-excel": ("file-spreadsheet", "Excel"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "file-spreadsheet",
        "Excel",
    ),
    "application/vnd.oasis.opendocument.spreadsheet": ("file-spreadsheet", "OpenDocument"),
    "application/vnd.ms-powerpoint": ("presentation", "PowerPoint"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "presentation",
        "PowerPoint",
    ),
    "application/vnd.oasis.opendocument.presentation": ("presentation", "OpenDocument"),
    "text/csv": ("file-spreadsheet", "CSV"),
    "text/tab-separated-values": ("file-spreadsheet", "TSV"),
}


def _base_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip()


@register.filter
def images(files):
    return [file for file in files if file.is_image]


@register.filter
def documents(files):
    return [file for file in files if not file.is_image]


@register.filter
def file_icon(attachment) -> str:
    return _TYPES.get(_base_type(attachment.content_type), ("file", ""))[0]


@register.filter
def file_type(attachment) -> str:
    label = _TYPES.get(_base_type(attachment.content_type), ("", ""))[1]
    return label or _("Text")
