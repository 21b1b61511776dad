"""allauth's and Wagtail's Polish and Ukrainian strings that read wrong, corrected in the site's
catalog (templates/overrides/catalog_overrides.html keeps them there)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

CORRECTED = [
    ("pl", "Enter your password:", "Wprowadź hasło:"),
    ("pl", "Enter Password Reset Code", "Wprowadź kod resetowania hasła"),
    ("pl", "Email Address", "Adres e-mail"),
    ("pl", "Request Code", "Poproś o kod"),
    ("pl", "Request changes", "Poproś o zmiany"),
    ("uk", "Invalid login.", "Неправильні дані для входу."),
    ("uk", "Passkey", "Ключ доступу"),
    ("uk", "Remember Me", "Запам’ятати мене"),
]


@pytest.mark.parametrize(("language", "msgid", "expected"), CORRECTED)
def test_wrong_package_translations_are_corrected(language, msgid, expected):
    with translation.override(language):
        assert gettext(msgid) == expected


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_the_editors_submit_button_reads_as_a_sentence_with_the_workflow_name(language):
    with translation.override(language):
        text = gettext("Submit to %(workflow_name)s") % {"workflow_name": "Akceptacja moderatorów"}
    assert text.endswith(": Akceptacja moderatorów")


def test_leaving_a_group_and_logging_out_are_worded_apart_in_ukrainian():
    with translation.override("uk"):
        assert gettext("Leave") != gettext("Log out")
