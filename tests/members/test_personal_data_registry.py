"""Every model that points at a member is in the personal-data registry, so none is forgotten."""

from django.apps import apps
from django.conf import settings

from members.services.personal_data import NO_PERSONAL_DATA, SECTIONS

OUR_APPS = {"network", "members", "forum", "zones"}


def models_pointing_at_members():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        # Own fields only: a page's owner and lock come from Wagtail's Page, not from our model.
        fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
        if any(field.related_model is user_model for field in fields if field.is_relation):
            yield model


def forgotten_models(sections, declared) -> list[str]:
    covered = {model for section in sections for model in section.models}
    return [
        model._meta.label
        for model in models_pointing_at_members()
        if model not in covered and model not in declared
    ]


def test_every_model_holding_member_data_has_an_exporter_and_an_eraser():
    forgotten = forgotten_models(SECTIONS, NO_PERSONAL_DATA)
    assert forgotten == [], (
        "Register these in the app's services/personal_data.py (register(...)) or declare "
        f"holds_no_personal_data(model, reason): {forgotten}"
    )


def test_the_walk_finds_the_models_it_must():
    found = {model._meta.label for model in models_pointing_at_members()}
    assert {"forum.Post", "network.Message", "zones.RSVP", "network.JoinRequest"} <= found


def test_every_declaration_gives_a_reason_and_every_section_erases_or_says_why_not():
    assert all(reason.strip() for reason in NO_PERSONAL_DATA.values())
    assert all(section.erase or section.kept_because for section in SECTIONS)
    names = [section.name for section in SECTIONS]
    assert len(names) == len(set(names))


def test_a_model_left_out_of_the_registry_is_named():
    without_rsvps = [s for s in SECTIONS if s.name != "zones/rsvps"]
    assert forgotten_models(without_rsvps, NO_PERSONAL_DATA) == ["zones.RSVP"]
    rsvp = next(s for s in SECTIONS if s.name == "zones/rsvps").models[0]
    assert forgotten_models(without_rsvps, {rsvp: "a reason"}) == []
