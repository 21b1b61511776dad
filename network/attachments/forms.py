"""The attachment part of a composer form (forum topic, reply, edit; chat message).

Not a Django form field: the form carries the ids of uploads already made (by the JavaScript
uploader, or by an earlier submission of the same form without JavaScript), an alternative text
and a caption per image, removal boxes, and new files in a plain `<input type=file multiple>`.
"""

from network.attachments.permissions import MAX_ID
from network.attachments.services import Choice


def _number(value: str) -> int | None:
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def choice_from(data, *, extra_ids=()) -> Choice:
    ids = [pk for pk in map(_number, data.getlist("attachments")) if pk is not None]
    ids += [pk for pk in extra_ids if pk not in ids]
    alt = {pk: data[f"alt-{pk}"] for pk in ids if f"alt-{pk}" in data}
    caption = {pk: data[f"caption-{pk}"] for pk in ids if f"caption-{pk}" in data}
    removed = {pk for pk in map(_number, data.getlist("remove_attachment")) if pk is not None}
    return Choice(ids=ids, alt=alt, caption=caption, removed=removed)


def empty_choice() -> Choice:
    return Choice(ids=[], alt={}, caption={}, removed=set())
