"""Chat as plain pages and forms: works without JavaScript; chat.js adds the live socket."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from network.attachments import selectors as attachment_selectors
from network.attachments import services as attachment_services
from network.attachments.forms import choice_from, empty_choice
from network.chat import selectors as selectors_chat
from network.chat import services as chat_services
from network.chat.forms import (
    AddMembersForm,
    ConversationForm,
    EditMessageForm,
    MessageForm,
    SearchForm,
    handles_in,
)
from network.core.previews import preview_response
from network.core.rate_limit import allow
from network.groups.permissions import (
    MfaRequired,
    access_person,
    access_room,
    can_delete_message,
    can_edit_message,
    can_remove_member,
    check_add_members,
    check_delete_message,
    check_edit_message,
    check_post_in_room,
    check_remove_member,
)
from network.groups.services.memberships import group_url
from network.models import RoomKind
from network.templatetags.ui import person_suggestion


def _room_url(room_id: int, seq: int | None = None) -> str:
    url = reverse("chat:room", kwargs={"room_id": room_id})
    return f"{url}#m{seq}" if seq else url


def _message_or_404(room, seq: int):
    message = selectors_chat.message_in_room(room, seq)
    if message is None:
        raise Http404
    return message


def _members_from(request, form, field: str):
    handles = handles_in(form.cleaned_data[field])
    users, unknown = selectors_chat.members_by_handles(request.viewer, handles)
    if unknown:
        form.add_error(
            field, _("No member has the user name %(names)s.") % {"names": ", ".join(unknown)}
        )
    return users


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        users = _members_from(request, form, "members")
        if form.is_valid():
            try:
                room = chat_services.start_conversation(
                    starter=request.user, title=form.cleaned_data["title"], members=users
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(_room_url(room.pk))
    status = 400 if request.method == "POST" else 200
    context = {"rooms": _room_list(request), "form": form}
    return render(request, "network/chat/index.html", context, status=status)


def _room_list(request) -> list:
    """The left pane: the viewer's rooms with their last message (two queries)."""
    rooms = list(selectors_chat.rooms_with_unread(request.viewer))
    return selectors_chat.label_rooms(rooms, request.user)


@login_required
@require_http_methods(["GET", "POST"])
def direct(request, handle: str):
    """From a member's profile: the direct room with them (a POST creates it the first time)."""
    other = access_person(request.viewer, handle)
    if other.pk == request.user.pk:
        messages.error(request, _("You cannot start a conversation with yourself."))
        return redirect("chat:index")
    room = selectors_chat.direct_room_of(request.user, other)
    if room is not None:
        return redirect(_room_url(room.pk))
    if request.method == "POST":
        room, _created = chat_services.open_direct_room(user=request.user, other=other)
        return redirect(_room_url(room.pk))
    return render(request, "network/chat/direct.html", {"other": other})


PEOPLE_LOOKUPS_PER_MINUTE = 30


@login_required
@require_GET
def people(request):
    """The people picker's suggestions (JSON): whom the viewer may write to, by name or handle."""
    prefix = request.GET.get("q", "").strip().lstrip("@")
    if not 2 <= len(prefix) <= 50:
        return JsonResponse({"members": [], "error": _("Type 2 to 50 characters of a name.")})
    limit = PEOPLE_LOOKUPS_PER_MINUTE
    if not allow("chat-people", request.user.pk, limit=limit, window_seconds=60):
        return JsonResponse({"error": _("Too many lookups; wait a minute.")}, status=429)
    found = selectors_chat.people_to_write_to(request.viewer, prefix)
    return JsonResponse({"members": [person_suggestion(person) for person in found]})


@login_required
@require_GET
def mentions(request, room_id: int):
    """The composer's @mention suggestions (JSON, the shape of forum:mentions): people of the
    room the viewer writes in."""
    room = access_room(request.viewer, room_id)
    check_post_in_room(request.viewer, room)
    prefix = request.GET.get("q", "").strip().lstrip("@")
    if not 2 <= len(prefix) <= 50:
        return JsonResponse({"members": []})
    limit = PEOPLE_LOOKUPS_PER_MINUTE
    if not allow("chat-mentions", request.user.pk, limit=limit, window_seconds=60):
        return JsonResponse({"error": _("Too many lookups; wait a minute.")}, status=429)
    found = selectors_chat.mention_candidates(request.viewer, room, prefix)
    return JsonResponse({"members": [person_suggestion(person) for person in found]})


@login_required
@require_POST
def preview(request, room_id: int):
    """The composer's preview (htmx): the message as sending it would show it; a refusal (empty,
    too long, not a member any more) is a message in the preview."""
    room = access_room(request.viewer, room_id)

    def render_body() -> str:
        check_post_in_room(request.viewer, room)
        return chat_services.render_preview(author=request.user, body=request.POST.get("body", ""))

    return preview_response(request, render_body, body_class="chat-body")


def _room_or_mfa_page(request, room_id: int):
    """The room, or (for a member of a two-factor group without it) the page asking to set it up."""
    try:
        return access_room(request.viewer, room_id), None
    except MfaRequired:
        group = selectors_chat.group_of_room(room_id)
        page = TemplateResponse(request, "network/mfa_required.html", {"group": group}, status=403)
        return None, page


@login_required
@require_http_methods(["GET", "POST"])
def room(request, room_id: int):
    room, mfa_page = _room_or_mfa_page(request, room_id)
    if mfa_page is not None:
        return mfa_page
    form = MessageForm(request.POST or None)
    choice, valid = empty_choice(), False
    if request.method == "POST":
        check_post_in_room(request.viewer, room)
        # Files sent without JavaScript are stored first; a refusal is named in the form and
        # the files stored before it stay listed for the next try.
        stored, refused = attachment_services.upload_files(
            user=request.user, uploads=request.FILES.getlist("files")
        )
        choice = choice_from(request.POST, extra_ids=[a.pk for a in stored])
        valid = form.is_valid()
        if refused is not None:
            form.add_error(None, refused)
            valid = False
    if valid:
        try:
            result = chat_services.send_message(
                viewer=request.viewer,
                room_id=room.pk,
                body=form.cleaned_data["body"],
                client_id=form.cleaned_data["client_id"],
                attachments=choice,
            )
        except chat_services.SendingTooFast as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("body", error)
        else:
            return redirect(_room_url(room.pk, result.message.seq))
    before = request.GET.get("before")
    before = int(before) if before and before.isdigit() else None
    search = SearchForm(request.GET or None)
    if search.is_valid():
        history, has_older = selectors_chat.search_in_room(room, search.cleaned_data["q"]), False
    else:
        history, has_older = selectors_chat.history_page(room, before=before)
    # Those who only read a group room (moderators) have no read position: no "new" line.
    seen = room.last_seq if room.last_read_seq is None or search.is_bound else room.last_read_seq
    selectors_chat.mark_thread(history, last_read_seq=seen, user_id=request.user.pk)
    latest = not search.is_bound and before is None
    if history and latest and room.can_post and room.last_read_seq < history[-1].seq:
        chat_services.mark_read(room=room, user=request.user, seq=history[-1].seq)
    rooms = _room_list(request)
    # A group room's members are the group's: its page lists them (to those who may see them).
    # A conversation's were read with the room list.
    listed = next((item for item in rooms if item.pk == room.pk), None)
    members = [] if room.group_id else selectors_chat.room_members(room, listed)
    viewer = request.viewer
    for message in history:
        message.can_edit = can_edit_message(viewer, message)
        message.can_delete = can_delete_message(viewer, room, message)
    for member in members:
        member.can_remove = member.user_id != request.user.pk and can_remove_member(
            viewer, room, member.user
        )
    context = {
        "room": room,
        "rooms": rooms,
        "search": search,
        "label": room.title
        or ", ".join(m.user.public_name for m in members if m.user_id != request.user.pk),
        "group_url": group_url(room.group) if room.group_id else "",
        "history": history,
        "older": history[0].seq if has_older else None,
        "newer": before is not None or search.is_bound,
        # Live updates resume after the last message shown (only on the latest page).
        "after": history[-1].seq if history else 0,
        "members": members,
        "form": form,
        "add_form": AddMembersForm() if room.kind == RoomKind.CONVERSATION else None,
        "is_member": room.membership is not None,
        "composer_files": attachment_selectors.in_composer(request.user, choice),
        "limits": attachment_selectors.limits_for(request.user),
        "upload_target": f"room:{room.pk}",
    }
    return render(
        request, "network/chat/room.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, room_id: int, seq: int):
    room = access_room(request.viewer, room_id)
    message = _message_or_404(room, seq)
    check_edit_message(request.viewer, message)
    form = EditMessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            chat_services.edit_message(message=message, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            return redirect(_room_url(room.pk, seq))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "network/chat/edit.html",
        {"room": room, "message": message, "form": form},
        status=status,
    )


@login_required
@require_POST
def delete(request, room_id: int, seq: int):
    room = access_room(request.viewer, room_id)
    message = _message_or_404(room, seq)
    check_delete_message(request.viewer, room, message)
    chat_services.delete_message(message=message, by=request.user)
    messages.success(request, _("The message was deleted."))
    return redirect(_room_url(room.pk))


@login_required
@require_POST
def add_members(request, room_id: int):
    room = access_room(request.viewer, room_id)
    check_add_members(request.viewer, room)
    form = AddMembersForm(request.POST)
    if form.is_valid():
        users = _members_from(request, form, "members")
        if form.is_valid():
            try:
                chat_services.add_room_members(room=room, users=users)
            except ValidationError as error:
                form.add_error("members", error)
    if not form.is_valid():
        for error in form.errors.get("members", []):
            messages.error(request, error)
    return redirect(_room_url(room.pk))


@login_required
@require_POST
def remove_member(request, room_id: int, user_id: int):
    room = access_room(request.viewer, room_id)
    member = next((m.user for m in selectors_chat.room_members(room) if m.user_id == user_id), None)
    if member is None:
        raise Http404
    check_remove_member(request.viewer, room, member)
    chat_services.remove_room_member(room=room, user=member)
    if member.pk == request.user.pk:
        messages.success(request, _("You left the conversation."))
        return redirect("chat:index")
    messages.success(request, _("%(name)s was removed.") % {"name": member.public_name})
    return redirect(_room_url(room.pk))
