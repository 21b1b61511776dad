"""Demo privacy policy and terms (sample Polish text, not legal advice), made once."""

from wagtail.models import Locale

from network.models import HomePage, LegalKind, LegalPage

PAGES = {
    LegalKind.TERMS: (
        "Regulamin",
        "regulamin",
        (
            "<p>Przykładowy regulamin serwisu demonstracyjnego.</p>"
            "<h2>1. Postanowienia ogólne</h2><p>Serwis Sieć Bibliotek łączy osoby pracujące w "
            "bibliotekach. Konto zakłada osoba pełnoletnia, podając prawdziwy adres e-mail.</p>"
            "<h2>2. Zasady korzystania</h2><p>Publikujesz tylko treści, do których masz prawa, "
            "szanujesz innych uczestników i nie udostępniasz danych osobowych innych osób bez ich "
            "zgody. Moderatorzy mogą ukryć wpisy naruszające regulamin.</p>"
            "<h2>3. Konto</h2><p>W każdej chwili możesz pobrać swoje dane i usunąć konto "
            "na stronie „Twoje dane i konto”.</p>"
        ),
    ),
    LegalKind.PRIVACY: (
        "Polityka prywatności",
        "polityka-prywatnosci",
        (
            "<p>Przykładowa polityka prywatności serwisu demonstracyjnego.</p>"
            "<h2>Administrator danych</h2>"
            "<p>Administratorem danych jest operator serwisu Sieć Bibliotek.</p>"
            "<h2>Jakie dane przetwarzamy</h2>"
            "<p>Adres e-mail, imię i nazwisko, profil, Twoje wpisy na forum, wiadomości "
            "na czacie, członkostwa w grupach i odpowiedzi na zaproszenia na spotkania, "
            "w celu prowadzenia konta i społeczności (art. 6 ust. 1 lit. b RODO).</p>"
            "<h2>Twoje prawa</h2>"
            "<p>Masz prawo dostępu do danych i ich przeniesienia („Pobierz moje dane”), "
            "sprostowania, usunięcia („Usuń konto”) oraz skargi do Prezesa UODO.</p>"
        ),
    ),
}


def seed_legal_pages(home: HomePage) -> None:
    polish = Locale.objects.get(language_code=home.locale.language_code)
    for kind, (title, slug, body) in PAGES.items():
        if LegalPage.objects.filter(kind=kind, locale=polish).exists():
            continue
        page = home.add_child(instance=LegalPage(title=title, slug=slug, kind=kind, body=body))
        # Publishing tells the site which versions are in force (members.receivers).
        page.save_revision().publish()
