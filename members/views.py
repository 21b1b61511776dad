from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_GET, require_http_methods

from forum import selectors as forum_selectors
from members import selectors
from members.forms import DirectoryForm, LibraryProposalForm, OnboardingForm, ProfileForm
from members.models import Profile
from members.permissions import access_profile, can_see_email, filter_profiles
from members.services.accounts import remember_language
from members.services.header import SESSION_KEY
from members.services.profiles import propose_library, update_profile
from network.core import member_pages
from network.core.redirects import next_url
from zones import selectors as zone_selectors

PAGE_SIZE = 24


def set_language(request):
    """Django's language switch, remembering a member's choice for their e-mails."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated:
        remember_language(user=request.user, language=language)
    return response


def _own_profile(user) -> Profile | None:
    return (
        Profile.objects.select_related("library")
        .prefetch_related("expertise", "languages")
        .filter(user=user)
        .first()
    )


def _paginate(request, profiles, paginator=Paginator):
    # Nonsense and numbers below 1 give the first page, too high a number the last.
    number = request.GET.get("page", "")
    page = int(number) if number.isdigit() and int(number) > 0 else 1
    return paginator(profiles, PAGE_SIZE).get_page(page)


@require_GET
def directory(request):
    viewer = request.viewer
    # Who is listed follows from the viewer's roles and networks (filter_profiles), and their
    # own card: shown to others with the same networks too, unless they have none.
    key = ("members:directory", viewer.policy_key, None if viewer.network_ids else viewer.user_id)
    return member_pages.serve(request, key, lambda: (_directory(request), {}))[0]


def _directory(request):
    form = DirectoryForm(request.GET, groups=selectors.directory_groups(request.viewer))
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"].strip()
        profiles = selectors.search_profiles(
            filter_profiles(request.viewer),
            q=query,
            voivodeship=data["voivodeship"],
            language=data["language"],
            library_id=data["library"],
            expertise=data["expertise"],
            member_of=form.selected_groups(),
            sort=data["sort"] or "name",
        )
        facets = selectors.directory_facets(profiles, searched=bool(query))
    else:
        # Nonsense filter values: the form says what is wrong and nothing is listed.
        profiles, query, facets = Profile.objects.none(), "", {}
    paginator = selectors.SearchPaginator if query else Paginator
    context = {
        "form": form,
        "page_obj": _paginate(request, profiles, paginator),
        "facets": facets,
    }
    return _results_page(request, "members/directory.html", context)


def _results_page(request, template, context):
    # htmx asks for the results region only; the same URL without htmx serves the whole page.
    if request.htmx and not request.htmx.boosted:
        template = "members/includes/directory_results.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def profile_detail(request, handle):
    profile = access_profile(request.viewer, handle)
    language = get_language()
    context = {
        "profile": profile,
        "show_email": can_see_email(request.viewer, profile),
        "is_owner": profile.user_id == request.user.pk,
        # Whoever may see a profile may write to its active owner (network.chat.views.direct).
        "can_message": request.user.is_authenticated
        and profile.user_id != request.user.pk
        and profile.user.is_active,
        "groups": selectors.membership_badges(request.viewer, profile.user_id),
        "coordinated_zones": zone_selectors.coordinated_zones(profile.user_id, language),
        "activity": forum_selectors.recent_activity(request.viewer, profile.user_id),
    }
    return render(request, "members/profile_detail.html", context)


@require_GET
def library_detail(request, pk):
    library = selectors.approved_library(pk)
    if library is None:
        raise Http404
    profiles = selectors.search_profiles(filter_profiles(request.viewer), library=library)
    context = {
        "library": library,
        "page_obj": _paginate(request, profiles),
        "zones": zone_selectors.zones_of_library(library.pk, get_language()),
    }
    return _results_page(request, "members/library_detail.html", context)


def _save_profile(request, form, profile) -> Profile | None:
    saved = _update_profile(request, form, profile)
    if saved is not None:
        # The header shows the new name and photo from the session (members.services.header).
        request.session[SESSION_KEY] = {
            "name": saved.display_name,
            "photo": saved.avatar.name if saved.avatar else "",
        }
    return saved


def _update_profile(request, form, profile) -> Profile | None:
    data = form.cleaned_data
    try:
        return update_profile(
            user=request.user,
            handle=data["handle"],
            display_name=data["display_name"],
            library=data["library"],
            voivodeship=data["voivodeship"],
            position=data.get("position", profile.position if profile else ""),
            city=data.get("city", profile.city if profile else ""),
            bio=data.get("bio", profile.bio if profile else ""),
            expertise=data.get(
                "expertise", [t.name for t in profile.expertise.all()] if profile else []
            ),
            languages=data.get(
                "languages", [lang.code for lang in profile.languages.all()] if profile else []
            ),
            website=data.get("website", profile.website if profile else ""),
            visibility=data.get(
                "visibility", profile.visibility if profile else Profile.Visibility.MEMBERS
            ),
            show_email=data.get("show_email", profile.show_email if profile else False),
            avatar=data.get("avatar") or None,
            remove_avatar=data.get("remove_avatar", False),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request):
    profile = _own_profile(request.user)
    if profile is not None and profile.onboarded_at is not None:
        return redirect("members:profile_edit")
    if request.method == "POST":
        form = OnboardingForm(request.POST, user=request.user, profile=profile)
        if form.is_valid() and (saved := _save_profile(request, form, profile)):
            messages.success(request, _("Welcome! Your profile is ready."))
            return redirect("members:profile", handle=saved.handle)
    else:
        initial = ProfileForm.initial_for(profile) if profile else {}
        # Before onboarding the stored name is a stand-in made from the e-mail address: the
        # member writes their own.
        initial.pop("display_name", None)
        form = OnboardingForm(initial=initial, user=request.user, profile=profile)
    return render(request, "members/onboarding.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = _own_profile(request.user)
    if profile is None or profile.onboarded_at is None:
        return redirect("members:onboarding")
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, user=request.user, profile=profile)
        if form.is_valid() and (saved := _save_profile(request, form, profile)):
            messages.success(request, _("Your profile has been saved."))
            return redirect("members:profile", handle=saved.handle)
    else:
        form = ProfileForm(
            initial=ProfileForm.initial_for(profile), user=request.user, profile=profile
        )
    return render(request, "members/profile_edit.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def library_propose(request):
    back = next_url(request)
    if request.method == "POST":
        form = LibraryProposalForm(request.POST)
        if form.is_valid():
            try:
                library = propose_library(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you. You can choose “%(library)s” now; an editor will review it.")
                    % {"library": library.name},
                )
                return redirect(back or "members:profile_edit")
    else:
        form = LibraryProposalForm()
    return render(request, "members/library_propose.html", {"form": form, "next": back})
