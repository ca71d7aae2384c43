from incidentwatch.pipeline.html_bounds import MAX_HTML_CHARS, MAX_TAG_CHARS, bound_html


def test_scripts_styles_and_comments_go_and_the_text_stays():
    html = "<p>one</p><script>var a = '<p>no</p>';</script><STYLE>p{}</STYLE><!-- <p>no</p> --><p>two</p>"
    assert bound_html(html) == "<p>one</p><p>two</p>"


def test_an_unclosed_script_runs_to_the_end():
    assert bound_html("<p>one</p><script>" + "x" * 1000) == "<p>one</p>"


def test_a_tag_with_too_many_attributes_keeps_its_name():
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(MAX_TAG_CHARS // 5))
    assert bound_html(f"<div {attributes}><p>text</p></div>") == "<div><p>text</p></div>"
    short = '<div class="a" id="b"><p>text</p></div>'
    assert bound_html(short) == short


def test_a_long_page_is_cut_at_a_tag():
    html = "<p>words here</p>" * (MAX_HTML_CHARS // 10)
    bounded = bound_html(html)
    assert len(bounded) <= MAX_HTML_CHARS and bounded.count("<") == bounded.count(">")
