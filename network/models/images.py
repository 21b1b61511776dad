"""Pictures of listed pages fetched with their renditions: two queries for any number of cards."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

CARD_RENDITION = "fill-640x360"


def with_card_images(pages):
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return pages.prefetch_related(Prefetch("image", queryset=images))
