"""The upload endpoint (JSON, for the composer's uploader) and the checked download."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from network.attachments import services, storage
from network.attachments.permissions import access_attachment, check_upload_target
from network.core.file_response import file_response

VARIANT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}
# Nothing a downloaded file contains may run or load anything in the site's origin.
SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def describe(attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "size_text": filesizeformat(attachment.size),
        "url": attachment.url(),
        "thumb_url": attachment.thumb_url if attachment.is_image else "",
        "width": attachment.width,
        "height": attachment.height,
    }


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def upload(request):
    """One or more files (`file`) for the composer of `target` ("topic:12", "room:3", ...)."""
    try:
        check_upload_target(request.viewer, request.POST.get("target", ""))
    except PermissionDenied as error:
        return _error(str(error) or _("You cannot attach files here."), 403)
    except Http404:
        return _error(_("Not found."), 404)
    uploads = request.FILES.getlist("file")
    if not uploads:
        return _error(_("Choose a file to attach."), 400)
    stored, refused = services.upload_files(user=request.user, uploads=uploads)
    payload = {"files": [describe(attachment) for attachment in stored]}
    if refused is not None:
        payload["error"] = " ".join(refused.messages)
        return JsonResponse(payload, status=400)
    return JsonResponse(payload, status=201)


@require_POST
def remove(request, pk: int):
    """The uploader takes back a file not attached to anything yet."""
    attachment, _public = access_attachment(request.viewer, pk)
    try:
        services.delete_upload(user=request.user, attachment=attachment)
    except PermissionDenied as error:
        return _error(str(error), 403)
    except ValidationError as error:
        return _error(" ".join(error.messages), 400)
    return JsonResponse({"removed": pk})


@require_GET
def serve(request, pk: int, variant: str, name: str):
    attachment, public = access_attachment(request.viewer, pk)
    if variant == "full":
        file_name = attachment.full_name
    elif variant in ("display", "thumb") and attachment.is_image:
        file_name = getattr(attachment, f"{variant}_name") or attachment.full_name
    else:
        raise Http404
    if not storage.exists(attachment.folder):
        raise Http404
    if attachment.is_image:
        # Re-encoded pixels only: safe to show in the page.
        content_type = VARIANT_TYPES.get(file_name.rpartition(".")[2], attachment.content_type)
        inline = True
    else:
        content_type, inline = attachment.content_type, False
    if storage.remote():
        # Checked here, sent by the bucket: a short-lived signed address, never cached.
        response = HttpResponseRedirect(
            storage.signed_url(
                attachment.folder,
                file_name,
                content_type=content_type,
                disposition=content_disposition_header(not inline, attachment.name),
            )
        )
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    response = file_response(
        storage.ROOT,
        f"{attachment.folder}/{file_name}",
        download_name=None if inline else attachment.name,
        content_type=content_type,
        public=public,
    )
    if inline:
        response["Content-Disposition"] = content_disposition_header(False, attachment.name)
    response["Content-Security-Policy"] = SANDBOX
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
