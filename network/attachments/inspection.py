"""What an uploaded file is, decided by its bytes and never by its name, and what gets stored.

Images are decoded and written anew (no metadata survives, orientation applied first) after
their header shows they are small enough to decode; documents are kept as sent once their type is
on the allow-list. Everything else, SVG and HTML included, is refused.
"""

import codecs
import io
import struct
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from network.models.attachments import DISPLAY_SIDE

# Long sides of the stored sizes.
FULL_SIDE = 2560
THUMB_SIDE = 320
ANIMATION_SIDE = 800
# A PNG's metadata chunks (text, colour profile) above this are refused without being read.
MAX_PNG_CHUNK = 1024 * 1024
MAX_NAME_CHARS = 120

IMAGE_TYPES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
OPEN_DOCUMENT = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
OFFICE_XML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
# Legacy Office files share one container format; their name says which program made them.
OFFICE_LEGACY = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
TEXT_TYPES = {"csv": "text/csv", "tsv": "text/tab-separated-values"}
TEXT_EXTENSIONS = {"", "txt", "csv", "tsv", "md", "log"}
SAME_EXTENSIONS = {"jpg": {"jpg", "jpeg", "jpe"}}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Prepared:
    """What to store: the variants' bytes by file name, or the document's own bytes."""

    kind: str  # AttachmentKind value
    content_type: str
    name: str
    full_name: str
    variants: dict[str, bytes] = field(default_factory=dict)
    display_name: str = ""
    thumb_name: str = ""
    width: int | None = None
    height: int | None = None


def allowed_types_text() -> str:
    return _(
        "You can attach images (JPEG, PNG, GIF, WebP), PDF, office documents (OpenDocument, "
        "Word, Excel, PowerPoint), plain text and CSV."
    )


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _not_allowed() -> ValidationError:
    return _refuse(_("This type of file cannot be attached.") + " " + allowed_types_text(), "type")


def clean_name(raw: str) -> str:
    """A file name safe to show and to offer for download: no folders, no control or
    direction-changing characters, at most MAX_NAME_CHARS characters with its extension kept."""
    name = unicodedata.normalize("NFC", str(raw)).replace("\\", "/").rsplit("/", 1)[-1]
    # Categories C* are control, format (bidirectional overrides), unassigned and private use.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension[:10]
    stem = stem[: MAX_NAME_CHARS - len(extension) - 1].rstrip(" .")
    if not stem:
        stem = "file"
    return f"{stem}.{extension}" if extension else stem


def _extension(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def _with_extension(name: str, extension: str, accepted: set[str]) -> str:
    """The name, with the extension its content calls for when it says something else."""
    if _extension(name) in accepted:
        return name
    stem = name[: MAX_NAME_CHARS - len(extension) - 1]
    return f"{stem}.{extension}"


def inspect(upload, raw_name: str) -> Prepared:
    """Decide what `upload` (a file object at its start) is; raise ValidationError if refused."""
    name = clean_name(raw_name)
    head = upload.read(64)
    upload.seek(0)
    if not head:
        raise _refuse(_("The file is empty."), "empty")
    for format_name, magic in (
        ("PNG", b"\x89PNG\r\n\x1a\n"),
        ("JPEG", b"\xff\xd8\xff"),
        ("GIF", b"GIF87a"),
        ("GIF", b"GIF89a"),
    ):
        if head.startswith(magic):
            return _prepare_image(upload, format_name, name)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _prepare_image(upload, "WEBP", name)
    if head.startswith(b"%PDF-"):
        return _document("application/pdf", _with_extension(name, "pdf", {"pdf"}))
    if head.startswith(b"PK\x03\x04"):
        return _prepare_zip(upload, name)
    if head.startswith(OLE_MAGIC):
        extension = _extension(name)
        if extension in OFFICE_LEGACY:
            return _document(OFFICE_LEGACY[extension], name)
        raise _not_allowed()
    return _prepare_text(upload, name)


def _document(content_type: str, name: str) -> Prepared:
    return Prepared(kind="document", content_type=content_type, name=name, full_name="file")


# --- documents -------------------------------------------------------------------------------


def _prepare_zip(upload, name: str) -> Prepared:
    """OpenDocument and Office Open XML files are ZIP archives; what is inside says which."""
    refused = _not_allowed()
    try:
        archive = zipfile.ZipFile(upload)
        names = set(archive.namelist())
        if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            if declared in OPEN_DOCUMENT:
                extension = OPEN_DOCUMENT[declared]
                return _document(declared, _with_extension(name, extension, {extension}))
            raise refused
        if "[Content_Types].xml" in names:
            if archive.getinfo("[Content_Types].xml").file_size > MAX_PNG_CHUNK:
                raise refused
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types:
                raise _refuse(_("Office files with macros cannot be attached."), "macros")
            for prefix, (content_type, extension) in OFFICE_XML.items():
                if any(entry.startswith(prefix) for entry in names):
                    return _document(content_type, _with_extension(name, extension, {extension}))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        raise _refuse(_("The file is damaged and cannot be read."), "damaged") from None
    finally:
        upload.seek(0)
    raise refused


def _prepare_text(upload, name: str) -> Prepared:
    """UTF-8 text: plain text or CSV. Markup (HTML, SVG, XML) is refused: a browser runs it."""
    extension = _extension(name)
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    start = ""
    try:
        for chunk in iter(lambda: upload.read(1 << 16), b""):
            text = decoder.decode(chunk)
            if not start.strip():
                start += text[:200]
            if any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x1b"):
                raise UnicodeDecodeError("utf-8", b"", 0, 1, "control character")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_allowed() from None
    finally:
        upload.seek(0)
    if start.lstrip().startswith("<"):
        raise _refuse(_("HTML, SVG and other markup files cannot be attached."), "markup")
    if extension not in TEXT_EXTENSIONS:
        raise _refuse(
            _("The file's content does not match its name (.%(extension)s).")
            % {"extension": extension},
            "mismatch",
        )
    content_type = TEXT_TYPES.get(extension, "text/plain")
    return _document(f"{content_type}; charset=utf-8", name if extension else f"{name}.txt")


# --- images ----------------------------------------------------------------------------------


def _too_many_pixels() -> ValidationError:
    return _refuse(
        _("The image is too large: at most %(megapixels)d megapixels.")
        % {"megapixels": settings.ATTACHMENT_MAX_PIXELS // 1_000_000},
        "pixels",
    )


def _damaged() -> ValidationError:
    return _refuse(_("The image is damaged and cannot be read."), "damaged")


def _check_png_chunks(upload) -> None:
    """Walk the chunk headers (seeking over their data) so a huge text or profile chunk is
    refused before anything reads it into memory."""
    upload.seek(8)
    while header := upload.read(8):
        if len(header) < 8:
            raise _damaged()
        length, kind = struct.unpack(">I4s", header)
        if kind not in (b"IDAT", b"fdAT") and length > MAX_PNG_CHUNK:
            raise _refuse(
                _("The image carries too much extra data (text or metadata) to be attached."),
                "metadata",
            )
        if kind == b"IEND":
            break
        upload.seek(length + 4, io.SEEK_CUR)
    upload.seek(0)


def _open(upload, format_name: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=[format_name])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
        raise _damaged() from None
    width, height = image.size
    if width < 1 or height < 1:
        raise _damaged()
    if width * height > settings.ATTACHMENT_MAX_PIXELS:
        raise _too_many_pixels()
    return image


def _frame_count(image: Image.Image) -> int:
    """Frames, counted by walking the file's blocks without decoding them, stopping past the
    limit so a file of thousands of frames is not walked to its end."""
    if not getattr(image, "is_animated", False):
        return 1
    limit = settings.ATTACHMENT_MAX_FRAMES
    # GIF's own frame walk without decoding (what Pillow's n_frames uses); seek() would decode
    # every frame before the one asked for.
    step = (lambda frame: image._seek(frame, False)) if image.format == "GIF" else image.seek
    count = 1
    try:
        while count <= limit:
            step(count)
            count += 1
    except EOFError:
        pass
    except (OSError, ValueError, SyntaxError, struct.error):
        raise _damaged() from None
    finally:
        image.seek(0)
    return count


def _plain(image: Image.Image) -> Image.Image:
    """The pixels only: every metadata key dropped except palette transparency."""
    keep = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    image.info = keep
    return image


def _encode(image: Image.Image, format_name: str) -> bytes:
    out = io.BytesIO()
    image = _plain(image)
    if format_name == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=85, optimize=True)
    elif format_name == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG")
    return out.getvalue()


def _shrunk(image: Image.Image, side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    return copy


def _prepare_image(upload, format_name: str, name: str) -> Prepared:
    if format_name == "PNG":
        _check_png_chunks(upload)
    image = _open(upload, format_name)
    frames = _frame_count(image)
    if frames > settings.ATTACHMENT_MAX_FRAMES:
        raise _refuse(
            _("The animation has too many frames: at most %(limit)d.")
            % {"limit": settings.ATTACHMENT_MAX_FRAMES},
            "frames",
        )
    if frames > 1:
        if image.width * image.height * frames > settings.ATTACHMENT_MAX_PIXELS:
            raise _too_many_pixels()
        return _prepare_animation(image, frames, format_name, name)
    # GIF stills become PNG; the other formats keep theirs.
    out_format = "PNG" if format_name == "GIF" else format_name
    content_type, extension = IMAGE_TYPES[out_format]
    try:
        if format_name == "JPEG":
            # Decodes at a reduced scale when the photo is far larger than we keep.
            image.draft("RGB", (FULL_SIDE, FULL_SIDE))
        image.load()
        image = ImageOps.exif_transpose(image)
        if image.mode in ("P", "PA") and format_name == "GIF":
            image = image.convert("RGBA")
        full = _shrunk(image, FULL_SIDE)
    except (OSError, ValueError, SyntaxError, struct.error, Image.DecompressionBombError):
        raise _damaged() from None
    prepared = Prepared(
        kind="image",
        content_type=content_type,
        name=_with_extension(name, extension, SAME_EXTENSIONS.get(extension, {extension})),
        full_name=f"full.{extension}",
        width=full.width,
        height=full.height,
    )
    prepared.variants[prepared.full_name] = _encode(full, out_format)
    prepared.display_name = _variant(prepared, full, "display", DISPLAY_SIDE, out_format, extension)
    prepared.thumb_name = _variant(prepared, full, "thumb", THUMB_SIDE, out_format, extension)
    return prepared


def _variant(prepared, image, label: str, side: int, out_format: str, extension: str) -> str:
    """A smaller size when the image is larger than `side`; else the full one serves."""
    if max(image.size) <= side:
        return prepared.full_name
    file_name = f"{label}.{extension}"
    prepared.variants[file_name] = _encode(_shrunk(image, side), out_format)
    return file_name


def _prepare_animation(image: Image.Image, count: int, format_name: str, name: str) -> Prepared:
    """Each frame decoded, shrunk and written anew; durations and looping kept."""
    content_type, extension = IMAGE_TYPES[format_name]
    frames, durations = [], []
    try:
        for index in range(count):
            image.seek(index)
            durations.append(int(image.info.get("duration", 100)))
            frame = image.convert("RGBA")
            frame.thumbnail((ANIMATION_SIDE, ANIMATION_SIDE), Image.Resampling.LANCZOS)
            frames.append(frame)
        loop = int(image.info.get("loop", 0))
    except (OSError, ValueError, SyntaxError, struct.error, EOFError):
        raise _damaged() from None
    out = io.BytesIO()
    first = frames[0]
    first.info = {}
    first.save(
        out,
        format_name,
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=loop,
        disposal=2,
    )
    prepared = Prepared(
        kind="image",
        content_type=content_type,
        name=_with_extension(name, extension, {extension}),
        full_name=f"full.{extension}",
        display_name=f"full.{extension}",
        thumb_name="thumb.png",
        width=first.width,
        height=first.height,
    )
    prepared.variants[prepared.full_name] = out.getvalue()
    prepared.variants["thumb.png"] = _encode(_shrunk(first, THUMB_SIDE), "PNG")
    return prepared
