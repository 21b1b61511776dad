"""Forum pages: parse, authorise through forum.permissions, call a service, render."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import fragments, permissions, selectors
from forum import search as site_search
from forum.forms import EditForm, FlagForm, HideForm, MoveForm, ReplyForm, TopicForm
from forum.models import Category
from forum.services import activity, moderation, posting
from network.attachments import selectors as attachment_selectors
from network.attachments import services as attachment_services
from network.attachments.forms import choice_from, empty_choice
from network.core import member_pages
from network.core.previews import preview_response
from network.core.rate_limit import allow
from network.templatetags.ui import person_suggestion

MENTION_LOOKUPS_PER_MINUTE = 30


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _uploads(request, form):
    """Files sent with the form (the no-JavaScript way) are stored first, each on its own; the
    form then lists them with the ones the uploader made, so nothing sent is lost to an error
    elsewhere in the form. A refused file is named in the form's errors."""
    stored, refused = attachment_services.upload_files(
        user=request.user, uploads=request.FILES.getlist("files")
    )
    valid = form.is_valid()
    if refused is not None:
        form.add_error(None, refused)
        valid = False
    return choice_from(request.POST, extra_ids=[a.pk for a in stored]), valid


def _composer(request, choice, target: str, *, post=None, limits=None) -> dict:
    return {
        "composer_files": attachment_selectors.in_composer(request.user, choice, post=post),
        "limits": limits or attachment_selectors.limits_for(request.user),
        "upload_target": target,
    }


def _login_required(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


@require_GET
def index(request):
    visit = activity.record_visit(user=request.user)
    categories = selectors.index_categories(request.viewer)
    return render(
        request,
        "forum/index.html",
        {
            "categories": categories,
            "visit": visit,
            "show_queue": _allowed(permissions.check_moderation_queue, request.viewer),
        },
    )


@require_GET
def category(request, slug):
    category = permissions.access_category(request.viewer, slug)
    viewer = request.viewer
    visit = activity.record_visit(user=request.user)
    since = visit.previous_visit if visit else None
    state = selectors.category_page_state(viewer, category)
    can_start = permissions.can_post_in(viewer, category)
    key = None
    if viewer.is_authenticated:
        # The rows' markers are the member's own (filled below); a list with topics only they
        # see (their own held ones) is theirs alone.
        own = viewer.user_id if state.topic_count != category.topic_count else None
        key = ("forum:category", viewer.policy_key, own, state.watching, can_start)
    return member_pages.serve(
        request,
        key,
        lambda: _category_page(request, category, state, since, can_start),
        fill=lambda html, shown: _fill_rows(request, html, shown, since),
    )[0]


def _category_page(request, category, state, since, can_start) -> tuple:
    page = selectors.paginate(
        selectors.category_topics(request.viewer, category),
        request.GET.get("page"),
        count=state.topic_count,
    )
    topics = list(page.object_list)
    selectors.attach_repliers(topics)
    response = render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "topics": topics,
            "since": since,
            "watching": state.watching,
            "can_start": can_start,
        },
    )
    return response, {"topics": [(topic.pk, topic.last_post_at) for topic in topics]}


def _fill_rows(request, html: str, shown: dict, since) -> str:
    """A kept category page's rows with this member's markers (read state now, not the
    member's who was served it first)."""
    states = selectors.read_states(request.viewer, [pk for pk, _at in shown["topics"]])
    rows = [
        fragments.RowState(pk, last_post_at, *states.get(pk, (None, 0)))
        for pk, last_post_at in shown["topics"]
    ]
    return fragments.fill_topic_states(request, html, rows, since)


def new_topic(request, slug):
    category = permissions.access_category(request.viewer, slug)
    if (response := _login_required(request)) is not None:
        return response
    permissions.check_start_topic(request.viewer, category)
    form = TopicForm(request.POST or None)
    status = 200
    choice = empty_choice()
    if request.method == "POST":
        choice, valid = _uploads(request, form)
        if valid:
            try:
                topic = posting.create_topic(
                    author=request.user,
                    category=category,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    is_question=form.cleaned_data["is_question"],
                    tags=form.tag_names(),
                    attachments=choice,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            except posting.PostingTooFast as error:
                form.add_error(None, str(error))
                status = 429
            else:
                if topic.is_held:
                    messages.info(request, _("Thank you! Your topic waits for a moderator."))
                return redirect(topic)
        status = 429 if status == 429 else 400
    context = {"category": category, "form": form}
    context.update(_composer(request, choice, f"category:{category.slug}"))
    return render(request, "forum/topic_form.html", context, status=status)


@require_GET
def topic(request, pk):
    topic = permissions.access_topic(request.viewer, pk)
    viewer = request.viewer
    state = selectors.topic_page_state(viewer, topic)
    can_reply = _allowed(permissions.check_reply, viewer, topic)
    is_moderator = permissions.can_moderate(viewer, topic.category)
    can_mark_answer = (
        topic.is_question
        and viewer.is_authenticated
        and (topic.author_id == viewer.user_id or is_moderator)
    )
    rights = {
        "can_reply": can_reply,
        "is_moderator": is_moderator,
        "can_mark_answer": can_mark_answer,
    }
    limits = attachment_selectors.limits_for(request.user) if can_reply else None
    key = None
    if viewer.is_authenticated and not state.own_content:
        # What differs between members on this page (member_pages): their rights, the read
        # position as the page shows it, their subscription and their upload allowance.
        key = ("forum:topic", viewer.policy_key, rights, state.unread_after, state.watching, limits)
    response, shown = member_pages.serve(
        request, key, lambda: _topic_page(request, topic, state, rights, limits)
    )
    last_shown = shown["last_post_id"]
    if viewer.is_authenticated and last_shown and (state.last_read or 0) < last_shown:
        activity.mark_read(user=request.user, topic=topic, up_to_post_id=last_shown)
    return response


def _topic_page(request, topic, state, rights: dict, limits) -> tuple:
    viewer = request.viewer
    # The authors' photos come in the same query (a join), for their avatars.
    posts_qs = (
        selectors.topic_posts(viewer, topic)
        .annotate(author_photo=F("author__profile__avatar"))
        .prefetch_related("attachments")
    )
    page = selectors.paginate(posts_qs, request.GET.get("page"), count=state.post_count)
    posts = list(page.object_list)
    selectors.attach_reactions(viewer, posts)
    for post in posts:
        post.topic = topic
        post.can_edit = _allowed(permissions.check_edit_post, viewer, post)
        post.can_react = viewer.is_authenticated and post.author_id != viewer.user_id
        post.is_unread = state.last_read is not None and post.pk > state.last_read
        post.can_flag = viewer.is_authenticated and post.author_id != viewer.user_id
    fragments.render_posts(request, posts, {"topic": topic, **rights})
    first_page = page.number == 1
    participants, links = (
        selectors.topic_summary(viewer, topic) if not page.has_next() else ([], [])
    )
    can_reply = rights["can_reply"]
    response = render(
        request,
        "forum/topic.html",
        {
            "answer": selectors.answer_post(viewer, topic, posts) if first_page else None,
            "participants": participants,
            "links": links,
            "topic": topic,
            "category": topic.category,
            "page": page,
            "posts": posts,
            "tags": list(topic.tags.all()) if state.has_tags else [],
            "form": ReplyForm() if can_reply else None,
            **rights,
            **(
                _composer(request, empty_choice(), f"topic:{topic.pk}", limits=limits)
                if can_reply
                else {}
            ),
            "watching": state.watching,
        },
    )
    return response, {"last_post_id": posts[-1].pk if posts else None}


def _allowed(check, *args) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


@require_GET
def first_unread(request, pk):
    topic = permissions.access_topic(request.viewer, pk)
    post = selectors.first_unread_post(request.viewer, topic)
    if post is None:
        return redirect(topic)
    return redirect("forum:post", pk=post.pk)


@require_GET
def post(request, pk):
    """A post's permanent address: the topic page it is on, scrolled to it."""
    post = permissions.access_post(request.viewer, pk)
    page = selectors.page_of_post(request.viewer, post)
    url = reverse("forum:topic", kwargs={"pk": post.topic_id})
    return HttpResponseRedirect(
        f"{url}?page={page}#post-{post.pk}" if page > 1 else f"{url}#post-{post.pk}"
    )


def reply(request, pk):
    topic = permissions.access_topic(request.viewer, pk)
    if (response := _login_required(request)) is not None:
        return response
    permissions.check_reply(request.viewer, topic)
    status = 200
    choice = empty_choice()
    if request.method == "POST":
        form = ReplyForm(request.POST)
        choice, valid = _uploads(request, form)
        if valid:
            try:
                post = posting.create_reply(
                    author=request.user,
                    topic=topic,
                    body=form.cleaned_data["body"],
                    attachments=choice,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            except posting.PostingTooFast as error:
                form.add_error(None, str(error))
                status = 429
            else:
                if post.is_held:
                    messages.info(request, _("Thank you! Your reply waits for a moderator."))
                    return redirect(topic)
                return redirect("forum:post", pk=post.pk)
        status = 429 if status == 429 else 400
    else:
        initial = ""
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            quoted = permissions.access_post(request.viewer, int(quote_id))
            if quoted.topic_id != topic.pk:
                raise Http404
            initial = selectors.quote_text(quoted)
        form = ReplyForm(initial={"body": initial})
    context = {"topic": topic, "form": form, **_composer(request, choice, f"topic:{topic.pk}")}
    return render(request, "forum/reply_form.html", context, status=status)


def edit_post(request, pk):
    post = permissions.access_post(request.viewer, pk)
    if (response := _login_required(request)) is not None:
        return response
    permissions.check_edit_post(request.viewer, post)
    is_first = post.pk == post.topic.first_post_id
    form = EditForm(request.POST or None, initial={"body": post.body, "title": post.topic.title})
    if not is_first:
        del form.fields["title"]
    choice = empty_choice()
    status = 200
    if request.method == "POST":
        choice, valid = _uploads(request, form)
        if valid:
            try:
                posting.edit_post(
                    editor=request.user,
                    post=post,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title") if is_first else None,
                    attachments=choice,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                return redirect("forum:post", pk=post.pk)
        status = 400
    context = {
        "post": post,
        "form": form,
        **_composer(request, choice, f"post:{post.pk}", post=post),
    }
    return render(request, "forum/post_edit.html", context, status=status)


@require_GET
def post_history(request, pk):
    post = permissions.access_post(request.viewer, pk)
    revisions = selectors.revisions(post)
    return render(request, "forum/post_history.html", {"post": post, "revisions": revisions})


@require_POST
def delete_post(request, pk):
    post = permissions.access_post(request.viewer, pk)
    posting.delete_post(actor=request.user, post=post)
    messages.success(request, _("The post was deleted."))
    if post.pk == post.topic.first_post_id:
        return redirect(post.topic.category)
    return redirect(post.topic)


@require_POST
def react(request, pk):
    post = permissions.access_post(request.viewer, pk)
    try:
        activity.toggle_reaction(user=request.user, post=post, kind=request.POST.get("kind", ""))
    except ValidationError as error:
        return render(request, "403.html", {"exception": error.messages[0]}, status=400)
    return redirect("forum:post", pk=post.pk)


def flag_post(request, pk):
    post = permissions.access_post(request.viewer, pk)
    if (response := _login_required(request)) is not None:
        return response
    permissions.check_flag(request.viewer, post)
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation.flag_post(
                    reporter=request.user,
                    post=post,
                    reason=form.cleaned_data["reason"],
                    detail=form.cleaned_data["detail"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Thank you. The moderators will look at this post."))
                return redirect("forum:post", pk=post.pk)
        return render(request, "forum/flag_form.html", {"post": post, "form": form}, status=400)
    return render(request, "forum/flag_form.html", {"post": post, "form": form})


@require_POST
def moderate_topic(request, pk):
    topic = permissions.access_topic(request.viewer, pk)
    permissions.check_moderate(request.viewer, topic.category)
    action = request.POST.get("action", "")
    if action == "move":
        form = MoveForm(
            request.POST,
            categories=permissions.filter_moderated_categories(
                request.viewer, Category.objects.exclude(pk=topic.category_id)
            ),
        )
        if not form.is_valid():
            return render(
                request, "forum/move_form.html", {"topic": topic, "form": form}, status=400
            )
        moderation.move_topic(actor=request.user, topic=topic, target=form.cleaned_data["category"])
    else:
        try:
            moderation.moderate_topic(
                actor=request.user,
                topic=topic,
                action=action,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            return render(request, "403.html", {"exception": error.messages[0]}, status=400)
    messages.success(request, _("Done."))
    if topic.is_deleted:
        return redirect(topic.category)
    return redirect(topic)


@require_GET
def move_topic(request, pk):
    topic = permissions.access_topic(request.viewer, pk)
    permissions.check_moderate(request.viewer, topic.category)
    form = MoveForm(
        categories=permissions.filter_moderated_categories(
            request.viewer, Category.objects.exclude(pk=topic.category_id)
        )
    )
    return render(request, "forum/move_form.html", {"topic": topic, "form": form})


@require_POST
def moderate_post(request, pk):
    post = permissions.access_post(request.viewer, pk)
    permissions.check_moderate(request.viewer, post.topic.category)
    action = request.POST.get("action", "")
    if action == "approve":
        moderation.approve_post(actor=request.user, post=post)
    elif action == "reject":
        moderation.reject_post(actor=request.user, post=post)
    elif action in ("hide", "unhide"):
        form = HideForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        moderation.hide_post(actor=request.user, post=post, reason=reason, hide=action == "hide")
    else:
        return render(
            request, "403.html", {"exception": _("Unknown moderation action.")}, status=400
        )
    messages.success(request, _("Done."))
    if request.POST.get("from") == "queue":
        return redirect("forum:moderation")
    return redirect(post.topic)


@require_POST
def mark_answer(request, pk):
    topic = permissions.access_topic(request.viewer, pk)
    raw = request.POST.get("post", "")
    answer = permissions.access_post(request.viewer, int(raw)) if raw.isdigit() else None
    posting.mark_answer(actor=request.user, topic=topic, post=answer)
    return redirect(topic)


@require_POST
def watch(request, pk=None, slug=None):
    if pk is not None:
        target = {"topic": permissions.access_topic(request.viewer, pk)}
    else:
        target = {"category": permissions.access_category(request.viewer, slug)}
    watching = request.POST.get("watch") == "1"
    activity.set_watching(user=request.user, watching=watching, **target)
    return redirect(next(iter(target.values())))


@require_POST
def mark_category_read(request, slug):
    category = permissions.access_category(request.viewer, slug)
    activity.mark_category_read(user=request.user, category=category)
    return redirect(category)


@require_GET
def mentions(request, pk):
    """Members who may see the topic, for the @mention autocomplete (JSON)."""
    topic = permissions.access_topic(request.viewer, pk)
    permissions.check_watch(request.viewer)
    prefix = request.GET.get("q", "").strip().lstrip("@")[:50]
    if len(prefix) < 2:
        return JsonResponse({"members": []})
    if not allow(
        "forum-mentions", request.user.pk, limit=MENTION_LOOKUPS_PER_MINUTE, window_seconds=60
    ):
        return JsonResponse({"error": _("Too many lookups; wait a minute.")}, status=429)
    members = selectors.mention_candidates(request.viewer, topic, prefix)
    return JsonResponse({"members": [person_suggestion(member) for member in members]})


@require_POST
def preview(request):
    """The composer's preview (htmx): the body rendered by the posting renderer. With `topic`,
    the viewer must be able to reply there, so a locked topic says so instead of previewing."""
    if (response := _login_required(request)) is not None:
        return response
    permissions.check_watch(request.viewer)
    topic_id = request.POST.get("topic", "")

    def render_body() -> str:
        if topic_id:
            topic = permissions.access_topic(
                request.viewer, int(topic_id) if topic_id.isdigit() else 0
            )
            permissions.check_reply(request.viewer, topic)
        return posting.render_preview(author=request.user, body=request.POST.get("body", ""))

    return preview_response(request, render_body)


@require_GET
def tag(request, slug):
    tag = selectors.tag(slug)
    page = selectors.paginate(selectors.tagged_topics(request.viewer, tag), request.GET.get("page"))
    topics = list(page.object_list)
    selectors.attach_repliers(topics)
    return render(request, "forum/tag.html", {"tag": tag, "page": page, "topics": topics})


@require_GET
def moderation_queue(request):
    if (response := _login_required(request)) is not None:
        return response
    permissions.check_moderation_queue(request.viewer)
    flags, held = selectors.moderation_queue(request.viewer)
    return render(request, "forum/moderation.html", {"flags": flags, "held": held})


@require_POST
def resolve_flag(request, pk):
    flag = permissions.access_flag(request.viewer, pk)
    moderation.resolve_flag(
        actor=request.user,
        flag=flag,
        hide=request.POST.get("hide") == "1",
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("The flag is resolved."))
    return redirect("forum:moderation")


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    terms, sections = site_search.search(request.viewer, query, request.GET.get("page"))
    return render(
        request,
        "forum/search.html",
        {
            "query": query[: site_search.MAX_QUERY_CHARS],
            "query_encoded": quote(query[: site_search.MAX_QUERY_CHARS]),
            "terms": terms,
            "sections": sections,
        },
    )
