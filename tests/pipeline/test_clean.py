import json
from datetime import date
from pathlib import Path

import pytest

from incidentwatch.errors import InputError
from incidentwatch.extraction import to_result
from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.pipeline.clean import (
    clean_article,
    clean_text,
    find_dateline,
    join_hard_wrapped,
    split_run_on_headline,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEGMENTS = json.loads((FIXTURES / "clean" / "segments.json").read_text())

BODY = (
    "Two soldiers were martyred when militants attacked a checkpost in North Waziristan on Sunday, "
    "the military's media wing said in a statement issued late in the evening."
)


@pytest.mark.parametrize("name", sorted(SEGMENTS))
def test_clean_keeps_the_article_and_drops_the_wrapping(resources, name):
    expected = SEGMENTS[name]
    raw = RawArticle(id=name, html=(FIXTURES / "articles" / name).read_text())
    clean = clean_article(raw, boilerplate=resources.boilerplate)
    for segment in expected["with"]:
        assert segment in clean.text
    for segment in expected["without"]:
        assert segment not in clean.text, segment
    assert clean.title == expected["title"]
    assert clean.published == date.fromisoformat(expected["published"])


@pytest.mark.parametrize(
    "line",
    [
        "Please enter your comment!",
        "Print Friendly, PDF & Email",
        "Also read: Security tightened in Quetta",
        "Subscribe to our newsletter",
        "By Staff Reporter",
        "Follow us on WhatsApp for the latest news",
        "Share this:",
        "Mourners stand beside the coffins of the policemen at the police lines in Bannu on May 3, 2025. — AFP",
        "Soldiers patrol a road in the district. — Reuters/ File",
        "Facebook X-twitter Youtube Instagram Pinterest",
        "Skip to main content",
        "30°",
        "Connect with us",
        "Continue Reading",
        "Click to comment",
        "Required fields are marked *",
        "Back to top button",
        "Adblock Detected",
        "Hello User",
    ],
)
def test_clean_drops_boilerplate_lines(resources, line):
    text, _, _ = clean_text(f"Headline here\n\n{BODY}\n\n{line}\n\n{BODY}", boilerplate=resources.boilerplate)
    assert line not in text
    assert text.count("Two soldiers") == 2


def test_clean_cuts_a_comment_form_glued_to_the_dateline(resources):
    text, _, _ = clean_text(f"Please enter your comment!\nPlease enter your name here[Islamabad] {BODY}", boilerplate=resources.boilerplate)
    assert text.startswith("[Islamabad] Two soldiers")


def test_clean_drops_a_credited_caption_without_taking_its_date(resources):
    text, _, anchor = clean_text(f"Headline here\n\nThe coffins at the police lines on May 3, 2025. — AFP\n\n{BODY}",
                                 boilerplate=resources.boilerplate)
    assert anchor is None and "coffins" not in text


def test_clean_drops_captions_credited_to_an_account_or_closed_by_a_photo_credit(resources):
    page = (f"Residents protest in Parachinar on June 21, 2024. — Facebook@PressClub\n\n{BODY}\n\n"
            "A mourner stands beside a coffin at the funeral. / Photo: Reuters Archive")
    text, title, anchor = clean_text(page, boilerplate=resources.boilerplate)
    assert anchor is None and "Parachinar" not in text and "Reuters Archive" not in text and title != "Residents protest in Parachinar on June 21, 2024. — Facebook@PressClub"


def test_clean_cuts_a_byline_run_into_the_lead(resources):
    text, _, _ = clean_text(f"Headline here\n\nAhmad Khan Published April 13, 2025 Updated April 13, 2025 12:03pm {BODY}",
                            boilerplate=resources.boilerplate)
    assert text.startswith("Two soldiers")


def test_clean_keeps_a_caption_date_as_anchor_and_drops_the_caption(resources):
    text, title, anchor = clean_text(
        f"US to continue work with Pakistan\n\nSpokesperson Ned Price at May 5, 2022 press briefing. Photo: videograb\n\n{BODY}",
        boilerplate=resources.boilerplate,
    )
    assert anchor == date(2022, 5, 5)
    assert "Photo" not in text and title == "US to continue work with Pakistan"


def test_clean_takes_the_callers_date_before_a_dateline(resources):
    raw = RawArticle(id="x", text=f"PESHAWAR, May 14, 2024: {BODY}", published=date(2024, 5, 15))
    assert clean_article(raw, boilerplate=resources.boilerplate).published == date(2024, 5, 15)


def test_clean_reads_a_dateline_when_nothing_else_gives_a_date(resources):
    raw = RawArticle(id="x", text=f"PESHAWAR, May 14, 2024: {BODY}")
    clean = clean_article(raw, boilerplate=resources.boilerplate)
    assert (clean.published, clean.published_from) == (date(2024, 5, 14), "dateline")


def test_find_dateline_needs_a_year():
    assert find_dateline("QUETTA, Aug 26: Gunmen attacked") is None


def test_clean_rejects_html_with_no_article(resources):
    raw = RawArticle(id="x", path="empty.html", html="<html><body><nav>Home | Sports</nav></body></html>")
    with pytest.raises(InputError) as error:
        clean_article(raw, boilerplate=resources.boilerplate)
    assert error.value.reason is RejectReason.NO_ARTICLE and "empty.html" in str(error.value)


def test_clean_rejects_text_that_is_not_english(resources):
    urdu_latin = " ".join(["Peshawar mein dehshatgardon ne police chowki par hamla kiya aur chaar ahalkar shaheed ho gaye"] * 5)
    with pytest.raises(InputError) as error:
        clean_article(RawArticle(id="x", text=urdu_latin), boilerplate=resources.boilerplate)
    assert error.value.reason is RejectReason.NOT_ENGLISH


def test_lists_of_other_stories_tickers_and_embedded_posts_are_dropped(resources):
    text = "\n".join([
        "Two killed in Kurram",
        "",
        "Web Desk",
        "09:40 AM | 20 Jun, 2025",
        "",
        "PARACHINAR: Two people were shot dead by gunmen in Sadda on Thursday, police said.",
        "",
        "Latest News",
        "Five militants killed in North Waziristan operation",
        "",
        "Bomb blast injures three in Peshawar",
        "",
        "BREAKING: Grenade attack on police station in Bannu",
        "Read: Police constable gunned down in Bannu",
        "— Kurram Police (@KurramPolice) June 20, 2025",
        "The victims were travelling to their village when the gunmen opened fire.",
        "Drone sighted over Wana",
        "Levies post attacked in Zhob",
        "Three injured in Quetta grenade attack",
        "",
        "Police registered a case against unknown attackers.",
    ])
    body, title, _ = clean_text(text, boilerplate=resources.boilerplate)
    assert title == "Two killed in Kurram"
    for kept in ("Two people were shot dead", "travelling to their village", "registered a case"):
        assert kept in body
    for dropped in ("Web Desk", "09:40", "Latest News", "North Waziristan", "Peshawar", "Grenade attack", "Read:", "@KurramPolice",
                    "Wana", "Zhob", "Quetta"):
        assert dropped not in body, dropped


def test_a_subheading_inside_the_body_stays(resources):
    text = "Blast in Quetta\n\nSix people were killed in a blast in Quetta on Tuesday.\n\nFunerals held\n\nThe victims were buried on Wednesday."
    body, _, _ = clean_text(text, boilerplate=resources.boilerplate)
    assert "Funerals held" in body


@pytest.mark.parametrize(("paragraph", "parts"), [
    ("Four policemen killed in Bannu attack BANNU: Four policemen were killed on Monday.",
     ["Four policemen killed in Bannu attack", "BANNU: Four policemen were killed on Monday."]),
    ("Two soldiers martyred in North Waziristan DERA ISMAIL KHAN, May 14: Two soldiers were martyred.",
     ["Two soldiers martyred in North Waziristan", "DERA ISMAIL KHAN, May 14: Two soldiers were martyred."]),
    ("PESHAWAR: Four policemen were killed on Monday.", ["PESHAWAR: Four policemen were killed on Monday."]),
    ("The toll rose to 12. QUETTA: officials said.", ["The toll rose to 12. QUETTA: officials said."]),
])
def test_a_headline_run_into_its_datelined_lead_is_split(paragraph, parts):
    assert split_run_on_headline(paragraph) == parts


def test_a_run_on_headline_and_lead_make_one_toll_not_two(pipeline):
    text = ("Four policemen killed in Bannu attack BANNU: Four policemen were killed when militants attacked a "
            "checkpost in Bannu on Monday night, police said.\n\nThe attackers fled after the exchange of fire, "
            "officials said, adding that a search operation was under way in the area.\n")
    result = to_result(pipeline(RawArticle(id="run-on", text=text, published=date(2024, 7, 16))))
    assert result.article.title == "Four policemen killed in Bannu attack"
    assert [i.killed.total for i in result.incidents] == [4]  # was 8: the headline's four and the lead's four


@pytest.mark.parametrize("heading", ["ALSO READ", "Also read:", "Related"])
def test_a_heading_alone_drops_the_two_headlines_under_it(resources, heading):
    text, _, _ = clean_text(f"Headline here\n\n{BODY}\n\n{heading}\n\nFive killed in Quetta blast\n\n"
                            f"Police arrest suspects in Karachi\n\n{BODY}", boilerplate=resources.boilerplate)
    assert "Quetta" not in text and "Karachi" not in text
    assert text.count("Two soldiers") == 2


def test_clean_drops_an_empty_date_widget_and_a_weather_reading_before_the_headline(resources):
    text, title, _ = clean_text(f"28°\n\nHeadline here\n\nPublished\n\non\n\n{BODY}", boilerplate=resources.boilerplate)
    assert title == "Headline here"
    assert text == BODY


def test_a_copy_wrapped_mid_sentence_with_blank_lines_is_joined():
    assert join_hard_wrapped(["QUETTA: Ten persons died and 30", "others were injured on Saturday.", "Police said so."]) == [
        "QUETTA: Ten persons died and 30 others were injured on Saturday.", "Police said so."]
    # a paragraph that ends a sentence, or a next that opens in capitals, stays apart
    assert join_hard_wrapped(["Ten died.", "others were hurt"]) == ["Ten died.", "others were hurt"]
    assert join_hard_wrapped(["Blast in Quetta", "Ten persons died."]) == ["Blast in Quetta", "Ten persons died."]


def test_a_papers_published_line_dates_an_article_with_no_date(resources):
    text = ("Today's Paper | May 16, 2024\n\nFour killed in Kurram attack\n\nKURRAM: Four persons died and six others were injured "
            "when two vehicles came under attack in Lower Kurram on Thursday, police said.\n\nPublished in Dawn, October 27th, 2023")
    clean = clean_article(RawArticle(id="a", text=text), boilerplate=resources.boilerplate)
    assert (clean.published, clean.published_from) == (date(2023, 10, 27), "published line")
    # the caller's date stays first
    assert clean_article(RawArticle(id="a", text=text, published=date(2023, 10, 28)), boilerplate=resources.boilerplate).published == date(2023, 10, 28)
def test_clean_drops_a_long_wire_caption_closed_by_agency_and_photographer(resources):
    caption = ("Mourners gather for the funeral prayers of the victims of a bombing in Quetta, late on Monday, "
               "June 2, 2025. Police say a lone attacker struck a crowded market, killing and wounding dozens of "
               "people before the security forces sealed the area. (AP Photo/Some Photographer)")
    text, title, anchor = clean_text(f"{caption}\n\n{BODY}", boilerplate=resources.boilerplate)
    assert "Mourners" not in text and text.startswith("Two soldiers") and title != caption
    assert anchor == date(2025, 6, 2)


def test_clean_restores_a_full_stop_lost_between_two_sentences_but_not_inside_a_name(resources):
    lost = "Five soldiers were injured in the attackIn the second incident, two policemen were shot dead in Bannu."
    text, _, _ = clean_text(f"Headline here\n\n{BODY}\n\n{lost}\n\nFollow us on LinkedIn and YouTube for updates on the attack.",
                            boilerplate=resources.boilerplate)
    assert "in the attack. In the second incident, two policemen" in text
    assert "LinkedIn and YouTube" in text
