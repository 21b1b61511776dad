"""Atom feeds of public categories and topics: what an anonymous visitor may see, nothing more."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from forum import permissions, selectors
from forum.models import Post, Topic
from network.core.viewer import anonymous

FEED_ITEMS = 30


class CategoryFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        # Feed readers are anonymous: a feed shows only what anyone may see.
        return permissions.access_category(anonymous(), slug)

    def title(self, category):
        return _("%(category)s · Forum") % {"category": category.name}

    def link(self, category):
        return category.get_absolute_url()

    def subtitle(self, category):
        return category.description

    def items(self, category):
        topics = permissions.filter_topics(anonymous(), Topic.objects.filter(category=category))
        return topics.select_related("first_post").order_by("-created", "-id")[:FEED_ITEMS]

    def item_title(self, topic):
        return topic.title

    def item_description(self, topic):
        return _post_html(topic.first_post) if topic.first_post else ""

    def item_author_name(self, topic):
        return topic.author_name

    def item_pubdate(self, topic):
        return topic.created

    def item_updateddate(self, topic):
        return topic.last_post_at


def _post_html(post: Post) -> str:
    # An empty body is a text removed with its author's account (forum.services.personal_data).
    if not post.body:
        return _("This post was removed when its author deleted their account.")
    return post.body_html


class TopicFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, pk):
        return permissions.access_topic(anonymous(), pk)

    def title(self, topic):
        return topic.title

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        posts = selectors.topic_posts(anonymous(), topic)
        return posts.select_related("topic").order_by("-id")[:FEED_ITEMS]

    def item_title(self, post: Post):
        return _("%(name)s in “%(topic)s”") % {"name": post.author_name, "topic": post.topic.title}

    def item_description(self, post):
        return _post_html(post)

    def item_author_name(self, post):
        return post.author_name

    def item_pubdate(self, post):
        return post.created
