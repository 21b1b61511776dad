from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_BODY_CHARS = 50_000
MAX_TITLE_CHARS = 200


class DocumentVector(models.Func):
    """A post's search document as a tsvector, kept by PostgreSQL (forum/search.py).

    Stored, so search matches and ranks without parsing each document again. SQLite matches the
    document's words itself, so there the column stays empty.
    """

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    category = models.ForeignKey("forum.Category", on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=MAX_TITLE_CHARS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The author's public name when the topic was written: an erased account still reads well.
    author_name = models.CharField(max_length=150)
    created = models.DateTimeField(default=timezone.now)
    is_question = models.BooleanField(_("question"), default=False)
    answer = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="topics")

    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    # Held for review while its first post waits for a moderator (spam guard).
    is_held = models.BooleanField(_("held for review"), default=False)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Denormalised; kept in the writing transaction, rebuilt by `manage.py forum_sync`.
    reply_count = models.PositiveIntegerField(default=0)
    first_post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_post_at = models.DateTimeField(default=timezone.now)
    last_poster_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-id"]
        indexes = [
            models.Index(fields=["category", "-is_pinned", "-last_post_at"]),
            # Topics not in Category.topic_count (forum.selectors.category_page_state).
            models.Index(
                fields=["category"],
                condition=models.Q(is_held=True)
                | models.Q(is_hidden=True)
                | models.Q(is_deleted=True),
                name="forum_topic_unlisted",
            ),
        ]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:topic", kwargs={"pk": self.pk})


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    author_name = models.CharField(max_length=150)
    created = models.DateTimeField(default=timezone.now)
    body = models.TextField(_("text"), max_length=MAX_BODY_CHARS)
    # Rendered and sanitised once, when written.
    body_html = models.TextField()
    # Lemmatised, accent-folded words of title and body (forum/search.py), searched by full text.
    search_document = models.TextField(blank=True)
    search_vector = models.GeneratedField(
        expression=DocumentVector("search_document"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)

    is_held = models.BooleanField(_("held for review"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["topic", "id"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", kwargs={"pk": self.pk})

    @property
    def is_visible_to_all(self) -> bool:
        return not (self.is_held or self.is_hidden or self.is_deleted)


class PostRevision(models.Model):
    """A post's text before an edit; shown to everyone who may see the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    created = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    editor_name = models.CharField(max_length=150)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created:%Y-%m-%d %H:%M}"
