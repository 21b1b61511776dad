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
