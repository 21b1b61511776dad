from network.core.markdown import render_markdown


def test_markdown_formatting_survives():
    html = render_markdown("**bold** *it*\n\n- one\n- two\n\n`code`")
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert "<code>code</code>" in html


def test_raw_html_and_scripts_are_shown_as_text_never_run():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_dangerous_link_schemes_are_dropped_and_links_get_rel():
    html = render_markdown("[a](javascript:alert(1)) [b](https://example.org)")
    assert "javascript:" not in html.replace("[a](javascript:alert(1))", "")
    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">b</a>' in html


def test_headings_start_below_the_pages_own():
    html = render_markdown("# Title\n\n## Sub")
    assert "<h1>" not in html
    assert "<h2>" not in html
    assert html.count("<h3>") == 2


LINKS = {"ola": "/members/ola/", "jan.nowak": "/members/jan-nowak/"}


def test_mentions_of_people_the_author_may_reach_become_links_to_their_profiles():
    html = render_markdown("Pytanie do @ola i @Jan.Nowak. Oraz @nikt.", LINKS)
    assert '<a href="/members/ola/" class="mention" rel="nofollow ugc noopener">@ola</a>' in html
    # The sentence's full stop stays outside the link; an unknown name stays plain text.
    assert 'class="mention" rel="nofollow ugc noopener">@Jan.Nowak</a>. Oraz @nikt.' in html


def test_mentions_in_code_in_links_and_in_addresses_stay_as_written():
    html = render_markdown("`@ola` [napisz do @ola](https://example.org) ola@ola.pl", LINKS)
    assert "mention" not in html
    assert "<code>@ola</code>" in html


def test_members_cannot_write_the_mention_mark_themselves():
    html = render_markdown('<a class="mention" href="/x">@ola</a>')
    assert "<a " not in html  # shown as text, never a link
