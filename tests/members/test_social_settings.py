"""Google and Microsoft log-in are switched on by settings alone; none is on by default."""

from tests.network.test_settings import run_settings

PRINT_PROVIDERS = (
    "from django.conf import settings; "
    "print(sorted(a for a in settings.INSTALLED_APPS if a.startswith('allauth.social')))"
)


def test_no_social_provider_is_on_by_default():
    result = run_settings(PRINT_PROVIDERS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_providers_are_added_by_the_environment():
    result = run_settings(
        PRINT_PROVIDERS + "; from django.urls import reverse; print(reverse('google_login'))",
        SOCIAL_LOGIN_PROVIDERS="google,microsoft",
        GOOGLE_CLIENT_ID="id",
        GOOGLE_CLIENT_SECRET="secret",
        MICROSOFT_CLIENT_ID="id",
        MICROSOFT_CLIENT_SECRET="secret",
    )
    assert result.returncode == 0, result.stderr
    assert "allauth.socialaccount.providers.google" in result.stdout
    assert "allauth.socialaccount.providers.microsoft" in result.stdout
    assert "/accounts/google/login/" in result.stdout


def test_a_provider_without_its_keys_or_an_unknown_one_stops_start_up():
    missing = run_settings("", SOCIAL_LOGIN_PROVIDERS="google")
    assert missing.returncode != 0
    assert "GOOGLE_CLIENT_ID" in missing.stderr
    unknown = run_settings("", SOCIAL_LOGIN_PROVIDERS="myspace")
    assert "myspace" in unknown.stderr
