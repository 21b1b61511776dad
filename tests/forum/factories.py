import factory

from forum.models import Category, Post, Topic
from network.core.markdown import render_markdown
from network.core.search_words import search_document
from tests.members.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Kategoria {n}")
    slug = factory.Sequence(lambda n: f"kategoria-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic with its first post (written directly; services are tested on their own)."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Temat {n}")
    author = factory.SubFactory(UserFactory)
    author_name = factory.LazyAttribute(lambda topic: topic.author.get_full_name())
    last_poster_name = factory.LazyAttribute(lambda topic: topic.author_name)

    @factory.post_generation
    def first_post(self, create, extracted, **kwargs):
        if create:
            post = PostFactory(topic=self, author=self.author, body=extracted or "Treść tematu.")
            Topic.objects.filter(pk=self.pk).update(first_post=post, last_post=post)
            self.first_post, self.last_post = post, post


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    author_name = factory.LazyAttribute(lambda post: post.author.get_full_name())
    body = "Odpowiedź."
    body_html = factory.LazyAttribute(lambda post: render_markdown(post.body))
    search_document = factory.LazyAttribute(lambda post: search_document(post.body))

    @factory.post_generation
    def topic_counters(self, create, extracted, **kwargs):
        """The topic's reply count and last post, as the forum's services keep them (its times
        are left as the test gave them)."""
        if create:
            public = Post.objects.filter(
                topic=self.topic, is_held=False, is_hidden=False, is_deleted=False
            )
            topic = self.topic
            topic.reply_count = max(public.count() - 1, 0)
            topic.last_post = public.order_by("-id").first()
            Topic.objects.filter(pk=topic.pk).update(
                reply_count=topic.reply_count, last_post=topic.last_post
            )
