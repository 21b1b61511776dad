import pytest

from forum.search import MAX_RESULTS
from network.core.search_words import fold, query_terms, search_document
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def results(client, query, language="pl"):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["biblioteki", "bibliotekach", "biblioteka", "bibliotece"])
def test_polish_word_forms_find_each_other(client, query):
    PostFactory(body="Nowe warsztaty w bibliotekach publicznych.")
    assert "<mark>bibliotekach</mark>" in results(client, query)


@pytest.mark.parametrize("query", ["zrodla", "źródła", "ZRODLA"])
def test_missing_diacritics_still_find_the_word(client, query):
    PostFactory(body="Rzetelne źródła danych o energii.")
    assert "<mark>źródła</mark>" in results(client, query)


@pytest.mark.parametrize("query", ["бібліотеки", "бібліотеках", "бібліотека"])
def test_ukrainian_word_forms_find_each_other(client, query):
    PostFactory(body="Діти дуже люблять книжки у бібліотеках.")
    assert "<mark>бібліотеках</mark>" in results(client, query, "uk")


def test_english_plurals_find_the_singular(client):
    PostFactory(body="Partnering with a library abroad.")
    assert "<mark>library</mark>" in results(client, "libraries", "en")


def test_every_word_of_the_query_must_match(client):
    PostFactory(body="Noc Bibliotek w Wieliczce")
    PostFactory(body="Noc w muzeum")
    html = results(client, "noc biblioteki", "en")
    assert "1 result" in html
    assert "Wieliczce" in html


def test_the_word_as_typed_ranks_above_its_other_forms(client):
    PostFactory(body="Spotkanie w bibliotekach")
    PostFactory(body="Spotkanie dla biblioteki")
    html = results(client, "biblioteki spotkanie", "en")
    assert "2 results" in html
    assert html.index("dla <mark>biblioteki</mark>") < html.index("w <mark>bibliotekach</mark>")


def test_results_the_visitor_may_not_see_are_not_counted(client, member):
    PostFactory(body="Tajny protokół", topic=TopicFactory(category=CategoryFactory(is_hidden=True)))
    PostFactory(body="Tajny spam", is_hidden=True)
    PostFactory(body="Tajny szkic", is_held=True, author=member)
    PostFactory(body="Tajny ale jawny")
    html = results(client, "tajny", "en")
    assert "1 result" in html
    assert "protokół" not in html
    client.force_login(member)
    # The author sees their own post waiting for review.
    assert "2 results" in results(client, "tajny", "en")


def test_the_topic_title_is_found_through_its_first_post(client, category, member):
    from forum.services.posting import create_topic

    create_topic(author=member, category=category, title="Escape room w magazynie", body="Opis")
    assert "<mark>magazynie</mark>" in results(client, "magazyn")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "'\"&|:*()", "<script>alert(1)</script>"])
def test_odd_queries_give_a_calm_page(client, query):
    PostFactory(body="script alert")
    html = results(client, query, "en")
    assert "<script>alert(1)</script>" not in html


def test_highlighted_excerpts_escape_the_post_text(client):
    PostFactory(body="`<b>biblioteka</b>` & więcej")
    html = results(client, "biblioteka")
    assert "&lt;b&gt;<mark>biblioteka</mark>&lt;/b&gt;" in html


def test_search_uses_a_constant_number_of_queries(client, member, django_assert_max_num_queries):
    client.force_login(member)
    for number in range(30):
        PostFactory(body=f"Biblioteka numer {number}")
    with django_assert_max_num_queries(12):
        assert "30 results" in results(client, "biblioteki", "en")


def test_documents_and_queries_share_one_normalisation():
    assert fold("Źródła ŁÓDŹ") == "zrodla lodz"
    assert fold("їжак") == "їжак"
    assert "biblioteka" in search_document("bibliotekach").split()
    assert frozenset({"biblioteki", "biblioteka"}) in query_terms("Biblioteki")


def test_beyond_the_cap_the_count_says_more_than(client):
    topic = TopicFactory()
    PostFactory.create_batch(MAX_RESULTS + 1, topic=topic, body="Biblioteka szkolna")
    html = results(client, "biblioteka", "en")
    assert f"more than {MAX_RESULTS} results" in html
    assert f"Page 1 of {MAX_RESULTS // 20}" in html


def test_posts_the_visitor_may_not_see_do_not_push_the_count_past_the_cap(client):
    topic = TopicFactory()
    PostFactory.create_batch(MAX_RESULTS, topic=topic, body="Biblioteka szkolna")
    # Newer than every visible match: counted first if the policy came after the cap.
    PostFactory.create_batch(3, topic=topic, body="Biblioteka szkolna", is_hidden=True)
    html = results(client, "biblioteka", "en")
    assert f"({MAX_RESULTS} results)" in html
    assert "more than" not in html


def test_an_edited_post_is_found_by_its_new_words_only(client, topic, member):
    from forum.services.posting import edit_post

    post = PostFactory(topic=topic, author=member, body="Stary regulamin")
    edit_post(editor=member, post=post, body="Nowy harmonogram")
    assert "<mark>harmonogram</mark>" in results(client, "harmonogram", "en")
    assert "Nothing found." in results(client, "regulamin", "en")
