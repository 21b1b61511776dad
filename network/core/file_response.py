"""One way to answer with a stored file once the caller's access check has passed.

Under the embedded default Django streams the bytes. Behind nginx (``FILE_SERVING=nginx``) the
response carries only headers and an ``X-Accel-Redirect`` to an ``internal`` location that maps each
root to its folder (deploy/nginx), so the application decides and the web server sends.
"""

import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

# Root name -> (setting naming its folder, nginx internal location).
ROOTS = {
    "media": ("MEDIA_ROOT", "/internal/media/"),
    "private": ("PRIVATE_MEDIA_ROOT", "/internal/private/"),
}


def file_response(
    root: str,
    relative_path: str,
    *,
    download_name: str | None = None,
    content_type: str | None = None,
    public: bool = False,
) -> HttpResponseBase:
    """The file at ``relative_path`` under ``root``; 404 when it escapes the root or is missing.

    ``download_name`` makes it a download (``Content-Disposition: attachment``); ``public`` lets
    shared caches keep it, otherwise it is ``Cache-Control: private``.
    """
    clean = PurePosixPath(relative_path)
    if clean.is_absolute() or ".." in clean.parts or not clean.parts:
        raise Http404
    folder = Path(getattr(settings, ROOTS[root][0]))
    path = folder / clean
    if not path.is_file():
        raise Http404
    content_type = content_type or mimetypes.guess_type(clean.name)[0] or "application/octet-stream"
    if settings.FILE_SERVING == "nginx":
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = ROOTS[root][1] + quote(str(clean))
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    if download_name:
        response["Content-Disposition"] = content_disposition_header(True, download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=0"
    return response
