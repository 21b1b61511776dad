from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from members.models import Voivodeship
from network.models.restrictions import OneQueryRestrictionsMixin, without_view_restrictions
from zones.blocks import ZoneBodyBlock
from zones.filters import ZoneFilterForm
from zones.geo import POLAND_BOUNDS, distance_km


class ZoneIndexPage(OneQueryRestrictionsMixin, Page):
    """All Innovation Zones: the list (the primary view) and the map beside it."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.HomePage"]
    subpage_types = ["zones.ZonePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("zone index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query for the zones (and one for their tags) serves the list, the map and the
        # filter's choice of resources; filtering a few dozen zones happens here, in Python.
        zones = list(ZonePage.objects.child_of(self).for_listing())
        form = ZoneFilterForm(request.GET or None, resources=resources_of(zones))
        origin = None
        if form.is_bound and form.is_valid():
            zones = [
                zone
                for zone in zones
                if zone.offers(
                    voivodeship=form.cleaned_data["voivodeship"],
                    resource=form.cleaned_data["resource"],
                )
            ]
            origin = form.origin()
        if origin is not None:
            zones = sort_by_distance(zones, origin)
        context.update(
            filter_form=form,
            zones=zones,
            origin=origin,
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_TILE_ATTRIBUTION,
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data["filter_form"].errors:
            # Bad filters are answered with the list and the errors, as a client error.
            response.status_code = 400
        return response


class ZonePageQuerySet(PageQuerySet):
    def visible(self):
        """Live zones under no view restriction (on themselves or an ancestor).

        Like Wagtail's public(), but inside the same query: a restriction applies when its
        page's path is a prefix of the zone's path.
        """
        return without_view_restrictions(self.live())

    def for_listing(self):
        """Visible zones with all the list shows, in a fixed number of queries."""
        return self.visible().prefetch_related("resources").order_by("city", "library_name")


class ZonePage(OneQueryRestrictionsMixin, Page):
    """One Innovation Zone in a library: who runs it, where it is and what happens there."""

    library_name = models.CharField(_("library"), max_length=255)
    # The registry entry of the same library: its page (where its members are listed) then
    # shows the zone, and the zone page links to it. Optional: not every host is in the registry.
    library = models.ForeignKey(
        "members.Library",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"status": "approved"},
        related_name="zone_pages",
        verbose_name=_("library in the registry"),
        help_text=_(
            "Links the zone to its library's page in the member directory. Leave empty if the "
            "library is not in the registry."
        ),
    )
    intro = models.TextField(
        _("short description"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown in the list of zones and on the map."),
    )
    address = models.CharField(_("street address"), max_length=255)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100)
    voivodeship = models.CharField(_("voivodeship"), max_length=32, choices=Voivodeship.choices)
    latitude = models.FloatField(
        _("latitude"),
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, e.g. 52.2297 for Warsaw."),
    )
    longitude = models.FloatField(
        _("longitude"),
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, e.g. 21.0122 for Warsaw."),
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    body = StreamField(ZoneBodyBlock(), blank=True, verbose_name=_("about the zone"))
    resources = ClusterTaggableManager(
        through="zones.ZoneResourceTag",
        blank=True,
        verbose_name=_("resources and equipment"),
        help_text=_("What the zone offers: rooms, equipment, programmes (e.g. 3D printer)."),
    )
    # The zone's community in the networks model. Set by zones.services.community when the
    # page is first published, never in the editor; a page's translations share the one group.
    group = models.ForeignKey(
        "network.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="zone_pages",
        verbose_name=_("community"),
    )

    objects = PageManager.from_queryset(ZonePageQuerySet)()

    search_fields = [
        *Page.search_fields,
        index.SearchField("library_name"),
        index.SearchField("city"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("voivodeship"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("library_name"),
        FieldPanel("library"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("voivodeship"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("website"),
            ],
            heading=_("Opening hours and contact"),
        ),
        FieldPanel("body"),
        FieldPanel("resources"),
        InlinePanel("coordinators", heading=_("Coordinators"), label=_("Coordinator")),
    ]
    parent_page_types = ["zones.ZoneIndexPage"]
    subpage_types = []
    # A copy of a zone is another zone, with a community of its own (a translation gets the
    # original's group from the community service when it is published).
    exclude_fields_in_copy = ["group"]

    class Meta:
        verbose_name = _("Innovation Zone")
        verbose_name_plural = _("Innovation Zones")

    def clean(self):
        super().clean()
        errors = {}
        for field in ("latitude", "longitude"):
            value = getattr(self, field)
            low, high = POLAND_BOUNDS[field]
            # Range errors (-90..90, -180..180) come from the field validators; this catches
            # swapped or mistyped coordinates that would put the zone outside Poland.
            if value is not None and -180 <= value <= 180 and not low <= value <= high:
                errors[field] = ValidationError(
                    _("Zones are in Poland: the %(field)s must be between %(low)s and %(high)s."),
                    params={
                        "field": self._meta.get_field(field).verbose_name,
                        "low": low,
                        "high": high,
                    },
                    code="outside_poland",
                )
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        # The group is not under revision control: publishing or reverting to a revision made
        # before the community existed must not unlink it.
        page = super().with_content_json(content)
        page.group_id = self.group_id
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Meetups belong to the zone, not to one language's copy of its page.
        meetups = self.meetups.model.objects.filter(zone__translation_key=self.translation_key)
        # One query for both lists: every upcoming meetup and the 50 latest past ones.
        now = timezone.now()
        latest_past = meetups.past().values("pk")[:50]
        listed = list(meetups.filter(Q(end__gte=now) | Q(pk__in=latest_past)).with_going_counts())
        upcoming = sorted((m for m in listed if m.end >= now), key=lambda m: (m.start, m.pk))
        past = sorted((m for m in listed if m.end < now), key=lambda m: (m.start, m.pk))
        context.update(
            upcoming_meetups=upcoming,
            past_meetups=past[::-1],
            coordinator_users=[c.user for c in self.coordinators.select_related("user__profile")],
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_TILE_ATTRIBUTION,
        )
        return context

    def offers(self, *, voivodeship: str = "", resource: str = "") -> bool:
        """Whether the zone matches the list's filters (resources as prefetched by for_listing)."""
        if voivodeship and self.voivodeship != voivodeship:
            return False
        return not resource or any(tag.slug == resource for tag in self.resources.all())

    @property
    def full_address(self) -> str:
        return ", ".join(
            part for part in (self.address, f"{self.postal_code} {self.city}".strip()) if part
        )


class ZoneResourceTag(TaggedItemBase):
    content_object = ParentalKey(
        ZonePage, on_delete=models.CASCADE, related_name="tagged_resources"
    )


class ZoneCoordinator(Orderable):
    """A member who runs the zone: they may edit its page and announce its meetups."""

    page = ParentalKey(ZonePage, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinated_zones",
        verbose_name=_("member"),
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="zones_unique_coordinator")
        ]


def resources_of(zones) -> list[tuple[str, str]]:
    """(slug, name) of the resources the listed zones offer, by name: the filter's choices."""
    tags = {tag.slug: tag.name for zone in zones for tag in zone.resources.all()}
    return sorted(tags.items(), key=lambda item: (item[1].casefold(), item[0]))


def sort_by_distance(zones, origin):
    for zone in zones:
        zone.distance_km = distance_km(origin, (zone.latitude, zone.longitude))
    return sorted(zones, key=lambda zone: zone.distance_km)
