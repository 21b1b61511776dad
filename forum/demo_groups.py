"""Demo topics of the networks', groups' and zones' own categories (used by forum/demo.py).

(title, question?, tags, body, [reply, ...]): authors are the group's own members, in turn.
"""

GROUP_TOPICS = {
    "labib": [
        (
            "Zjazd LABIB 2025 — zgłaszamy tematy warsztatów",
            False,
            ["zjazd", "labib"],
            (
                "Zbieramy propozycje warsztatów na jesienny zjazd. Napiszcie w odpowiedzi temat, "
                "kto prowadzi i ile czasu potrzebujecie.\n\nLista zamyka się za trzy tygodnie."
            ),
            [
                (
                    "Zgłaszam warsztat o prowadzeniu diagnozy potrzeb lokalnej społeczności — 90 minut, "
                    "prowadzę razem z Ewą."
                ),
                (
                    "Chętnie poprowadzę sesję o współpracy z lokalnymi NGO. Potrzebuję sali z "
                    "rzutnikiem."
                ),
                "Może coś po angielsku dla gości z Litwy? Mogę przygotować krótką prezentację.",
            ],
        ),
        (
            "Welcome to LABIB — introduce yourself",
            False,
            ["labib"],
            (
                "New to the network? Tell us where you work and what you are changing in your "
                "library. Polish, English and Ukrainian are all welcome here."
            ),
            [
                "Hi! I run a small branch library near Rzeszów and I am starting a maker space.",
                (
                    "Вітаю! Я працюю в бібліотеці у Вроцлаві з дітьми з України. Радо поділюся "
                    "досвідом."
                ),
            ],
        ),
    ],
    "labib-klimat": [
        (
            "Wymiana nasion w bibliotece — jak zacząć?",
            True,
            ["klimat", "biblioteka nasion"],
            (
                "Chcemy otworzyć bibliotekę nasion przy filii. Jak to zorganizować: szafka, "
                "katalog, zasady zwrotu? Czy ktoś ma regulamin do podejrzenia?"
            ),
            [
                (
                    "Mamy szafkę z szufladkami po starym katalogu kartkowym — idealna! Regulamin "
                    "wyślę na priv."
                ),
                (
                    "Warto zacząć od warsztatów z lokalnym ogrodnikiem — ludzie przynoszą wtedy "
                    "własne nasiona."
                ),
            ],
        ),
        (
            "Ślad węglowy biblioteki: liczyliście?",
            False,
            ["klimat"],
            "Czy ktoś z Was liczył ślad węglowy budynku biblioteki? Jakim narzędziem?",
            ["Korzystaliśmy z kalkulatora dla instytucji kultury, zajęło to dwa popołudnia."],
        ),
    ],
    "labib-innowacje": [
        (
            "Pilotaż: wypożyczanie sprzętu (kamery, mikrofony)",
            False,
            ["innowacje", "wypożyczalnia sprzętu"],
            (
                "Testujemy wypożyczanie sprzętu do nagrań. Pierwsze wnioski: kaucja się nie "
                "sprawdza, lepiej umowa i krótki instruktaż. Jak jest u Was?"
            ),
            [
                "U nas najczęściej wypożyczany jest mikrofon do podcastów — kolejka na miesiąc.",
                "Proponuję wspólny formularz umowy dla całej grupy, przygotuję szkic.",
            ],
        ),
    ],
    "labib-mentoring": [
        (
            "Szukam mentorki: pierwszy rok na stanowisku dyrektorki",
            False,
            ["mentoring"],
            (
                "Od stycznia kieruję biblioteką gminną. Najtrudniejsze są dla mnie rozmowy z "
                "samorządem o budżecie. Czy ktoś zechce być moją mentorką?"
            ),
            [
                "Chętnie! Proponuję spotkanie online raz w miesiącu. Napiszę na czacie.",
                (
                    "Polecam też materiały z Programu Rozwoju Bibliotek o rzecznictwie — bardzo "
                    "praktyczne."
                ),
            ],
        ),
    ],
    "inicjatywy": [
        (
            "Walne zebranie stowarzyszenia — porządek obrad",
            False,
            ["walne zebranie"],
            (
                "Publikujemy projekt porządku obrad walnego zebrania. Uwagi prosimy zgłaszać "
                "w tym wątku do końca miesiąca."
            ),
            [
                "Proszę o dodanie punktu o składkach członkowskich na przyszły rok.",
                "Popieram. Przydałaby się też informacja o projektach partnerskich.",
            ],
        ),
    ],
    "inicjatywy-zarzad": [
        (
            "Projekt budżetu stowarzyszenia na przyszły rok",
            False,
            ["budżet"],
            (
                "W załączeniu (na dysku zarządu) projekt budżetu. Proszę o uwagi przed "
                "posiedzeniem w czwartek."
            ),
            ["Pozycja na szkolenia wydaje się za niska — proponuję przesunąć środki z promocji."],
        ),
    ],
    "inicjatywy-prawo": [
        (
            "Nowe przepisy o dostępności: co musi zrobić biblioteka?",
            True,
            ["dostępność", "prawo"],
            (
                "Jakie obowiązki ma biblioteka samorządowa po zmianie przepisów o dostępności? "
                "Chodzi mi o stronę internetową i deklarację dostępności."
            ),
            [
                (
                    "Deklaracja dostępności musi być aktualizowana co roku do 31 marca, a raport o "
                    "dostępności składamy co cztery lata."
                ),
                (
                    "Dodam, że warto mieć koordynatora do spraw dostępności — u nas to osoba z działu "
                    "promocji."
                ),
            ],
        ),
        (
            "Dotacje z ministerstwa: terminy naborów",
            False,
            ["dotacje"],
            "Zbierzmy w jednym miejscu terminy naborów na ten rok.",
            ["Program „Partnerstwo dla książki” — nabór zwykle w październiku."],
        ),
    ],
    "inicjatywy-cyfryzacja": [
        (
            "Który system biblioteczny wybraliście i dlaczego?",
            True,
            ["systemy biblioteczne", "cyfryzacja"],
            (
                "Zmieniamy system biblioteczny. Rozważamy trzy rozwiązania. Jakie macie "
                "doświadczenia z migracją danych?"
            ),
            [
                (
                    "Migracja trwała u nas pół roku; najwięcej pracy było z czyszczeniem kartotek "
                    "czytelników."
                ),
                "We moved to an open-source system last year — happy to share our checklist.",
            ],
        ),
        (
            "Cyberbezpieczeństwo: szkolenie dla zespołu",
            False,
            ["cyberbezpieczeństwo"],
            "Czy ktoś organizował szkolenie z phishingu dla pracowników? Kogo polecacie?",
            ["Robiliśmy z lokalnym CERT-em, bezpłatnie i bardzo konkretnie."],
        ),
    ],
}

# For every Innovation Zone's community ({zone}: the zone's name).
ZONE_TOPICS = [
    (
        "Witamy w strefie {zone}!",
        False,
        ["strefy innowacji"],
        (
            "To miejsce rozmów strefy {zone}: zapowiedzi spotkań, pomysły i pytania. "
            "Przedstawcie się i napiszcie, co chcielibyście robić w strefie."
        ),
        [
            "Dzień dobry! Chętnie poprowadzę zajęcia z druku 3D dla młodzieży.",
            "Вітаю! Чи можна приєднатися до зустрічей, якщо я тільки вчуся польської?",
        ],
    ),
    (
        "{zone}: pomysły na kolejne spotkanie",
        True,
        ["strefy innowacji", "spotkania"],
        "Jaki temat wybieramy na następne spotkanie strefy {zone}? Głosujcie w odpowiedziach.",
        [
            "Proponuję warsztaty z montażu wideo na telefonie.",
            "A może spotkanie o grach planszowych w bibliotece?",
        ],
    ),
]
