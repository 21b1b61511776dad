from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", _("Lower Silesian")
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", _("Kuyavian-Pomeranian")
    LUBELSKIE = "lubelskie", _("Lublin")
    LUBUSKIE = "lubuskie", _("Lubusz")
    LODZKIE = "lodzkie", _("Łódź")
    MALOPOLSKIE = "malopolskie", _("Lesser Poland")
    MAZOWIECKIE = "mazowieckie", _("Masovian")
    OPOLSKIE = "opolskie", _("Opole")
    PODKARPACKIE = "podkarpackie", _("Subcarpathian")
    PODLASKIE = "podlaskie", _("Podlaskie")
    POMORSKIE = "pomorskie", _("Pomeranian")
    SLASKIE = "slaskie", _("Silesian")
    SWIETOKRZYSKIE = "swietokrzyskie", _("Holy Cross")
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", _("Warmian-Masurian")
    WIELKOPOLSKIE = "wielkopolskie", _("Greater Poland")
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", _("West Pomeranian")


class SpokenLanguage(models.TextChoices):
    POLISH = "pl", _("Polish")
    ENGLISH = "en", _("English")
    UKRAINIAN = "uk", _("Ukrainian")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    RUSSIAN = "ru", _("Russian")
    CZECH = "cs", _("Czech")
    SLOVAK = "sk", _("Slovak")
    LITHUANIAN = "lt", _("Lithuanian")
    ITALIAN = "it", _("Italian")
    POLISH_SIGN = "pjm", _("Polish Sign Language")


class Library(models.Model):
    """An entry of the registry of libraries and institutions members work at."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public library")
        ACADEMIC = "academic", _("Academic library")
        SCHOOL = "school", _("School library")
        PEDAGOGICAL = "pedagogical", _("Pedagogical library")
        NATIONAL = "national", _("National or regional library")
        SPECIAL = "special", _("Special library")
        OTHER = "other", _("Other institution")

    class Status(models.TextChoices):
        # A member's proposal waits for an editor; only approved entries can be chosen.
        PENDING = "pending", _("Proposed, waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    voivodeship = models.CharField(_("voivodeship"), max_length=24, choices=Voivodeship.choices)
    city = models.CharField(_("city"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "city"]
        constraints = [
            models.UniqueConstraint(fields=["name", "city"], name="library_unique_name_city")
        ]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class ExpertiseTag(TagBase):
    class Meta:
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")


class ProfileExpertise(TaggedItemBase):
    content_object = models.ForeignKey(
        "members.Profile", on_delete=models.CASCADE, related_name="expertise_items"
    )
    tag = models.ForeignKey(ExpertiseTag, on_delete=models.CASCADE, related_name="profile_items")


handle_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$",
    _("Use 2 to 40 lowercase letters, digits and hyphens; start and end with a letter or digit."),
)


class Profile(models.Model):
    """What a member tells colleagues about themselves; one per account."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone, also people who are not signed in")
        MEMBERS = "members", _("Signed-in members only")
        NETWORKS = "networks", _("Members of my networks only")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    handle = models.CharField(
        _("handle"),
        max_length=40,
        unique=True,
        validators=[handle_validator],
        help_text=_("Your address on the site: /members/<handle>/"),
    )
    display_name = models.CharField(_("name"), max_length=150)
    avatar = models.ImageField(_("photo"), upload_to="avatars/", blank=True)
    library = models.ForeignKey(
        Library,
        verbose_name=_("library or institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    voivodeship = models.CharField(
        _("voivodeship"), max_length=24, choices=Voivodeship.choices, blank=True
    )
    bio = models.TextField(_("about me"), blank=True, help_text=_("Markdown is allowed."))
    expertise = TaggableManager(
        verbose_name=_("areas of expertise"),
        through=ProfileExpertise,
        blank=True,
        help_text=_("Separate them with commas."),
    )
    website = models.URLField(_("website"), blank=True)
    visibility = models.CharField(
        _("who can see my profile"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    show_email = models.BooleanField(_("show my e-mail address on my profile"), default=False)
    # Empty until the member has filled in the essentials after their first log-in.
    onboarded_at = models.DateTimeField(_("profile completed"), null=True, blank=True)
    # The directory's search: the words of the name, library, town, position and expertise,
    # folded and lemmatised (network/core/search_words.py), between spaces so a word's start
    # can be matched on SQLite and PostgreSQL alike. Kept by members.services.profiles.
    search_words = models.TextField(_("search words"), blank=True, editable=False)
    created = models.DateTimeField(_("joined"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["display_name", "id"]
        # The directory's two orders (members.selectors.DIRECTORY_ORDER): a page of a search
        # walks the index and stops, rather than sorting every match.
        indexes = [
            models.Index(fields=["display_name", "id"], name="profile_directory_name"),
            models.Index(fields=["-created", "-id"], name="profile_directory_recent"),
        ]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or self.handle


class ProfileLanguage(models.Model):
    """A language a member speaks; one row each so the directory can filter by it."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=8, choices=SpokenLanguage.choices)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="profile_language_unique")
        ]
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")

    def __str__(self) -> str:
        return self.get_code_display()
