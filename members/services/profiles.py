"""Writes to profiles and the library registry."""

import io
import secrets
import warnings
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from members.models import Library, Profile, ProfileLanguage, User
from network.core.search_words import search_document

# Paths under /members/ and names that could pass for the platform speaking.
RESERVED_HANDLES = frozenset(
    {
        "admin",
        "administrator",
        "api",
        "edit",
        "former-member",
        "help",
        "libraries",
        "me",
        "moderator",
        "new",
        "notifications",
        "root",
        "search",
        "settings",
        "staff",
        "support",
        "system",
        "welcome",
    }
)
AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_SIDE = 5000
# Far below Pillow's own bomb limit: a 5000 by 5000 image decodes to 75 MB, no more.
AVATAR_MAX_PIXELS = AVATAR_MAX_SIDE * AVATAR_MAX_SIDE
AVATAR_SIZE = (256, 256)
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Ł has no decomposition, so slugify would drop it ("Łukasz" → "ukasz"); dots and underscores of
# e-mail addresses separate words.
_TRANSLITERATE = str.maketrans({"ł": "l", "Ł": "L", ".": "-", "_": "-"})


def handle_base(text: str) -> str:
    return slugify(text.translate(_TRANSLITERATE))[:34].strip("-")


def validate_handle(handle: str, *, profile: Profile | None = None) -> None:
    if handle in RESERVED_HANDLES:
        raise ValidationError(_("This handle is reserved. Please choose another one."))
    taken = Profile.objects.filter(handle=handle)
    if profile is not None and profile.pk:
        taken = taken.exclude(pk=profile.pk)
    if taken.exists():
        raise ValidationError(_("This handle is already taken. Please choose another one."))


def unique_handle(*candidates: str) -> str:
    """The first free handle made from the candidates (a name, an e-mail's local part)."""
    base = next((b for b in map(handle_base, candidates) if len(b) >= 2), "member")
    candidate, number = base, 1
    while candidate in RESERVED_HANDLES or Profile.objects.filter(handle=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def create_profile(*, user: User, display_name: str = "", complete: bool = False) -> Profile:
    """The profile every account gets when it is created.

    A sign-up knows only the e-mail, so the onboarding step asks for the rest; an account made by
    an operator (`complete=True`) has its essentials already and skips onboarding.
    """
    existing = Profile.objects.filter(user=user).first()
    if existing is not None:
        return existing
    display_name = display_name or user.get_full_name()
    # Nothing public is made of the e-mail address: a sign-up's handle is neutral until the
    # member chooses one at onboarding, and it stands in for the name until then.
    handle = unique_handle(display_name, f"member-{secrets.token_hex(3)}")
    display_name = display_name or handle
    return Profile.objects.create(
        user=user,
        handle=handle,
        display_name=display_name,
        onboarded_at=timezone.now() if complete else None,
        search_words=f" {search_document(display_name)} ",
    )


def process_avatar(upload: UploadedFile) -> ContentFile:
    """Validate an uploaded photo and re-encode it as a small JPEG without metadata.

    The header is read before any pixel is decoded, so a huge or bomb image is refused cheaply.
    """
    if upload.size is not None and upload.size > AVATAR_MAX_BYTES:
        raise ValidationError(_("The photo is too large: at most 5 MB, please."))
    not_an_image = ValidationError(_("Upload a photo in JPEG, PNG, WebP or GIF format."))
    too_big = ValidationError(
        _("The photo is too big: at most %(side)s by %(side)s pixels, please.")
        % {"side": AVATAR_MAX_SIDE}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in AVATAR_FORMATS:
                raise not_an_image
            width, height = image.size
            if max(width, height) > AVATAR_MAX_SIDE or width * height > AVATAR_MAX_PIXELS:
                raise too_big
            image.seek(0)  # the first frame of an animation
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_big from error
    except (OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    image = ImageOps.fit(image.convert("RGB"), AVATAR_SIZE, Image.Resampling.LANCZOS)
    output = io.BytesIO()
    # A fresh encode keeps only pixels: no EXIF, GPS, ICC or comments survive.
    image.save(output, "JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name=f"{secrets.token_hex(8)}.jpg")


@transaction.atomic
def refresh_search_words(profile: Profile) -> None:
    """Rebuild what the directory's search matches for the profile (after any change to it)."""
    library = profile.library
    texts = [profile.display_name, profile.city, profile.position]
    if library is not None:
        texts += [library.name, library.city]
    texts += list(profile.expertise.names())
    profile.search_words = f" {search_document(*texts)} "
    profile.save(update_fields=["search_words"])


@transaction.atomic
def refresh_library_search_words(library: Library) -> None:
    """After a library was renamed or moved (in the admin): its members are found by its new
    name and town, not only after their next profile edit."""
    for profile in Profile.objects.filter(library=library).select_related("library"):
        refresh_search_words(profile)


@transaction.atomic
def update_profile(
    *,
    user: User,
    handle: str,
    display_name: str,
    library: Library | None = None,
    position: str = "",
    city: str = "",
    voivodeship: str = "",
    bio: str = "",
    expertise: Iterable[str] = (),
    languages: Iterable[str] = (),
    website: str = "",
    visibility: str = Profile.Visibility.MEMBERS,
    show_email: bool = False,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> Profile:
    """Save a member's own profile (the onboarding step and the edit page)."""
    profile = Profile.objects.select_for_update().filter(user=user).first() or Profile(user=user)
    validate_handle(handle, profile=profile)
    new_avatar = process_avatar(avatar) if avatar else None
    if (
        library is not None
        and library.status != Library.Status.APPROVED
        and (library.proposed_by_id != user.pk)
    ):
        raise ValidationError(_("Choose a library from the list."))
    old_avatar = profile.avatar.name if profile.avatar else ""
    profile.handle = handle
    profile.display_name = display_name.strip()
    profile.library = library
    profile.position = position.strip()
    profile.city = city.strip()
    profile.voivodeship = voivodeship
    profile.bio = bio
    profile.website = website
    profile.visibility = visibility
    profile.show_email = show_email
    if profile.onboarded_at is None:
        profile.onboarded_at = timezone.now()
    profile.full_clean(exclude=["avatar", "user"])
    if new_avatar is not None:
        profile.avatar.save(new_avatar.name, new_avatar, save=False)
    elif remove_avatar:
        profile.avatar = ""
    profile.save()
    profile.expertise.set(sorted({tag.strip() for tag in expertise if tag.strip()}))
    _set_languages(profile, languages)
    refresh_search_words(profile)
    if old_avatar and old_avatar != profile.avatar.name:
        storage, name = profile.avatar.storage, old_avatar
        transaction.on_commit(lambda: storage.delete(name))
    return profile


def _set_languages(profile: Profile, codes: Iterable[str]) -> None:
    wanted = set(codes)
    profile.languages.exclude(code__in=wanted).delete()
    have = set(profile.languages.values_list("code", flat=True))
    ProfileLanguage.objects.bulk_create(
        ProfileLanguage(profile=profile, code=code) for code in sorted(wanted - have)
    )


@transaction.atomic
def propose_library(*, user: User, name: str, kind: str, voivodeship: str, city: str) -> Library:
    """A member adds a missing library; it waits for an editor, but they may choose it already."""
    name, city = name.strip(), city.strip()
    existing = Library.objects.filter(name__iexact=name, city__iexact=city).first()
    if existing is not None:
        if existing.status == Library.Status.REJECTED:
            raise ValidationError(_("This library was already proposed and not accepted."))
        return existing
    library = Library(
        name=name,
        kind=kind,
        voivodeship=voivodeship,
        city=city,
        status=Library.Status.PENDING,
        proposed_by=user,
    )
    library.full_clean()
    library.save()
    return library


@transaction.atomic
def review_library(*, library: Library, approve: bool) -> Library:
    library.status = Library.Status.APPROVED if approve else Library.Status.REJECTED
    library.save(update_fields=["status"])
    return library


def export_profile(user: User) -> dict | None:
    """The member's profile and the libraries they proposed, for "download my data"."""
    profile = Profile.objects.filter(user=user).select_related("library").first()
    proposed = [
        {"name": library.name, "city": library.city, "status": library.status}
        for library in Library.objects.filter(proposed_by=user)
    ]
    if profile is None:
        return {"proposed_libraries": proposed}
    return {
        "handle": profile.handle,
        "display_name": profile.display_name,
        "avatar": profile.avatar.name or None,
        "library": str(profile.library) if profile.library else None,
        "position": profile.position,
        "city": profile.city,
        "voivodeship": profile.voivodeship,
        "bio": profile.bio,
        "expertise": sorted(profile.expertise.names()),
        "languages": sorted(profile.languages.values_list("code", flat=True)),
        "website": profile.website,
        "visibility": profile.visibility,
        "show_email": profile.show_email,
        "joined": profile.created.isoformat(),
        "proposed_libraries": proposed,
    }


def erase_profile(user: User) -> None:
    """Delete the profile with its photo; proposed libraries stay, no longer linked to them."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
    Library.objects.filter(proposed_by=user).update(proposed_by=None)
