"""The composer's preview (htmx), one answer for the forum and the chat."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render


def preview_response(request, render_body: Callable[[], str], **context):
    """`render_body` checks the viewer may post and returns the body as posting would show it;
    a refusal or an invalid body is shown in the preview instead, with its status."""
    error, html, status = "", "", 200
    try:
        html = render_body()
    except PermissionDenied as refusal:
        error, status = str(refusal), 403
    except ValidationError as invalid:
        error, status = " ".join(invalid.messages), 400
    context |= {"error": error, "html": html}
    return render(request, "network/includes/preview.html", context, status=status)
