"""Uploading: what is accepted, how images are re-encoded, and every "Bad input" of issue 18 —
each refused with a clear message, leaving no row and no file, quickly and in bounded memory."""

import io
import os
import time
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from network.attachments import services
from network.models import Attachment
from tests.members.factories import UserFactory
from tests.network import sample_files as files


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def in_english():
    # The messages are checked in English here; test_the_refusal_is_in_the_members_language
    # checks the Polish catalogue.
    with translation.override("en"):
        yield


@pytest.fixture
def member(db):
    return UserFactory()


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def refused(member, data: bytes, name: str, private_root) -> str:
    """Upload, expect a refusal; check that nothing was kept; return the message."""
    with pytest.raises(ValidationError) as caught:
        services.upload_file(user=member, upload=files.upload(data, name))
    assert Attachment.objects.count() == 0
    assert stored_files(private_root) == []
    return " ".join(caught.value.messages)


def test_a_photo_is_stored_upright_without_its_gps_position_or_camera(member, private_root):
    attachment = services.upload_file(
        user=member, upload=files.upload(files.jpeg_with_gps(600, 400), "wycieczka.jpg")
    )
    assert attachment.kind == "image"
    assert attachment.content_type == "image/jpeg"
    # Orientation 6 (turned on its side) is applied: the stored picture is portrait.
    assert (attachment.width, attachment.height) == (400, 600)
    for path in stored_files(private_root):
        picture = Image.open(path)
        assert dict(picture.getexif()) == {}
        assert "exif" not in picture.info
        assert b"PhoneMaker" not in path.read_bytes()


def test_a_large_image_gets_a_display_size_and_a_thumbnail(member, private_root):
    attachment = services.upload_file(
        user=member, upload=files.upload(files.png(3000, 1500), "a.png")
    )
    sizes = {
        path.name: Image.open(path).size for path in stored_files(private_root / attachment.folder)
    }
    assert sizes == {"full.png": (2560, 1280), "display.png": (1280, 640), "thumb.png": (320, 160)}
    assert attachment.size == sum(path.stat().st_size for path in stored_files(private_root))


def test_a_small_animated_gif_keeps_its_frames(member, private_root):
    attachment = services.upload_file(user=member, upload=files.upload(files.gif(12, 50), "a.gif"))
    full = Image.open(private_root / attachment.folder / attachment.full_name)
    assert full.n_frames == 12
    assert attachment.thumb_name == "thumb.png"


@pytest.mark.parametrize(
    ("data", "name", "content_type", "stored_name"),
    [
        (files.pdf(), "Regulamin konkursu.pdf", "application/pdf", "Regulamin konkursu.pdf"),
        (
            files.xlsx(),
            "budżet.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "budżet.xlsx",
        ),
        (files.odt(), "scenariusz", "application/vnd.oasis.opendocument.text", "scenariusz.odt"),
        (
            "miasto;wynik\nKraków;12\n".encode(),
            "wyniki.csv",
            "text/csv; charset=utf-8",
            "wyniki.csv",
        ),
        ("Zażółć gęślą jaźń\n".encode(), "notatka.txt", "text/plain; charset=utf-8", "notatka.txt"),
    ],
)
def test_documents_on_the_allow_list_are_kept_as_sent(
    member, private_root, data, name, content_type, stored_name
):
    attachment = services.upload_file(user=member, upload=files.upload(data, name))
    assert (attachment.kind, attachment.content_type, attachment.name) == (
        "document",
        content_type,
        stored_name,
    )
    assert (private_root / attachment.folder / "file").read_bytes() == data


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (files.png_claiming(100_000, 100_000), "bomba.png", "too large"),
        (files.gif(5000), "klatki.gif", "too many frames"),
        (files.SVG_WITH_SCRIPT, "logo.svg", "markup"),
        (files.HTML, "zdjecie.png", "markup"),
        (b"", "pusty.pdf", "empty"),
        (files.plain_zip(), "archiwum.zip", "cannot be attached"),
        (files.xlsx(macros=True), "makra.xlsm", "macros"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "stary.exe", "cannot be attached"),
        (b"just words", "notatka.png", "does not match"),
    ],
    ids=["pixels", "frames", "svg", "html", "empty", "zip", "macros", "ole", "mismatch"],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_kept(
    member, private_root, data, name, says
):
    message = refused(member, data, name, private_root)
    assert name in message or "file" in message.lower()
    assert says in message


def test_a_png_with_a_40_mb_text_chunk_is_refused_without_reading_it(
    member, private_root, settings
):
    settings.ATTACHMENT_MAX_BYTES = 100 * 1024 * 1024  # so the chunk itself is what is judged
    data = files.png_with_text(40 * 1024 * 1024)
    tracemalloc.start()
    started = time.monotonic()
    message = refused(member, data, "notatki.png", private_root)
    elapsed = time.monotonic() - started
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "extra data" in message
    assert elapsed < 5
    assert peak < 300 * 1024 * 1024


def test_a_decompression_bomb_is_refused_from_its_header_fast_and_small(member, private_root):
    tracemalloc.start()
    started = time.monotonic()
    message = refused(member, files.png_claiming(100_000, 100_000), "a.png", private_root)
    elapsed = time.monotonic() - started
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "megapixels" in message
    assert elapsed < 5
    assert peak < 50 * 1024 * 1024


def test_a_gif_of_5000_frames_is_refused_fast(member, private_root):
    data = files.gif(5000)
    started = time.monotonic()
    message = refused(member, data, "a.gif", private_root)
    assert time.monotonic() - started < 5
    assert "at most 200" in message


def test_50_mb_of_random_bytes_are_refused_as_too_large(member, private_root):
    message = refused(member, os.urandom(50 * 1024 * 1024), "dane.bin", private_root)
    assert "larger than" in message


def test_random_bytes_under_the_size_limit_are_refused_by_type(member, private_root):
    message = refused(member, os.urandom(200_000), "dane.pdf", private_root)
    assert "cannot be attached" in message


def test_the_refusal_is_in_the_members_language(member, private_root):
    with translation.override("pl"):
        message = refused(member, b"", "pusty.txt", private_root)
    assert "pusty.txt" in message
    assert "The file is empty" not in message


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd.png"),
        ("C:\\Users\\ala\\zdjęcie.png", "zdjęcie.png"),
        ("raport\x00\x1b[31m.png", "raport[31m.png"),
        ("faktura\u202egnp.exe", "fakturagnp.exe.png"),
        ("a" * 1000 + ".png", "a" * 116 + ".png"),
        ("...", "file.png"),
    ],
)
def test_file_names_lose_folders_control_characters_and_excess_length(
    member, private_root, raw, clean
):
    attachment = services.upload_file(user=member, upload=files.upload(files.png(), raw))
    assert attachment.name == clean
    # Whatever the name, the bytes stay inside the attachment's own folder.
    assert all(
        path.is_relative_to(private_root / "attachments") for path in stored_files(private_root)
    )


def test_a_batch_that_reaches_the_daily_count_leaves_nothing_stored(
    member, private_root, settings, django_capture_on_commit_callbacks
):
    settings.ATTACHMENT_DAILY_COUNT = 2
    uploads = [files.upload(files.png(), f"zdjecie-{n}.png") for n in range(1, 4)]
    with django_capture_on_commit_callbacks(execute=True):
        stored, error = services.upload_files(user=member, uploads=uploads)
    assert stored == []
    assert "zdjecie-3.png" in error.messages[0]
    assert "limit of 2 files" in error.messages[0]
    assert Attachment.objects.count() == 0
    assert stored_files(private_root) == []
    # The quota counts what is stored: the same batch without its third file goes through.
    stored, error = services.upload_files(user=member, uploads=uploads[:2])
    assert error is None
    assert len(stored) == 2


def test_the_daily_volume_refuses_the_file_that_would_pass_it(member, private_root, settings):
    first = services.upload_file(user=member, upload=files.upload(files.pdf(), "a.pdf"))
    settings.ATTACHMENT_DAILY_BYTES = first.size + 10
    stored, error = services.upload_files(user=member, uploads=[files.upload(files.pdf(), "b.pdf")])
    assert stored == []
    assert "b.pdf" in error.messages[0]
    assert Attachment.objects.count() == 1


def test_images_keep_their_alpha_and_palette(member, private_root):
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, "PNG")
    attachment = services.upload_file(user=member, upload=files.upload(out.getvalue(), "a.png"))
    stored = Image.open(private_root / attachment.folder / attachment.full_name)
    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0
