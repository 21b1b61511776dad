import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.members.profile_factories import ProfileFactory

pytestmark = pytest.mark.django_db


def image_file(size=(800, 600), fmt="JPEG", exif=None, name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt, **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def post_avatar(client, profile, upload):
    client.force_login(profile.user)
    data = {
        "display_name": profile.display_name,
        "handle": profile.handle,
        "visibility": "public",
        "avatar": upload,
    }
    return client.post("/en/members/me/edit/", data)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_photo_is_cropped_resized_and_stripped_of_its_metadata(client):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (52.0, 13.0, 0.0)}  # GPS
    profile = ProfileFactory()
    response = post_avatar(client, profile, image_file(size=(1200, 800), exif=exif))
    assert response.status_code == 302
    profile.refresh_from_db()
    with Image.open(profile.avatar.path) as saved:
        assert saved.size == (256, 256)
        assert saved.format == "JPEG"
        assert not saved.getexif()
        assert "exif" not in saved.info


def test_a_file_that_is_not_an_image_is_refused(client):
    profile = ProfileFactory()
    upload = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = post_avatar(client, profile, upload)
    assert response.status_code == 200
    assert "Upload a photo in JPEG, PNG, WebP or GIF format." in response.content.decode()
    profile.refresh_from_db()
    assert not profile.avatar


def test_a_50_mb_file_is_refused_before_it_is_read(client):
    profile = ProfileFactory()
    upload = SimpleUploadedFile("big.jpg", b"\0" * (50 * 1024 * 1024), content_type="image/jpeg")
    response = post_avatar(client, profile, upload)
    assert "The photo is too large: at most 5 MB, please." in response.content.decode()


def test_an_image_bomb_is_refused_without_decoding_it(client):
    # A tiny PNG claiming 30000 by 30000 pixels: decoding it would take gigabytes.
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")
    assert buffer.tell() < 5 * 1024 * 1024
    profile = ProfileFactory()
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = post_avatar(client, profile, upload)
    assert response.status_code == 200
    assert "The photo is too big" in response.content.decode()
    profile.refresh_from_db()
    assert not profile.avatar


def test_the_profile_is_not_half_saved_when_the_photo_is_refused(client):
    profile = ProfileFactory(display_name="Stara Nazwa")
    client.force_login(profile.user)
    data = {
        "display_name": "Nowa Nazwa",
        "handle": profile.handle,
        "visibility": "public",
        "avatar": SimpleUploadedFile("x.gif", b"GIF89a broken", content_type="image/gif"),
    }
    client.post("/en/members/me/edit/", data)
    profile.refresh_from_db()
    assert profile.display_name == "Stara Nazwa"
