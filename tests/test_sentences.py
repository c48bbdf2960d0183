from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syria_reader.corpus import load_corpus, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. has about 2,000 troops on the ground in the country.",
        "Pentagon spokesman Col. Rob Manning told CNN that it was routine.",
        "After a meeting with Sen. Lindsey Graham, R-S.C in the White House Trump spoke.",
        "State Dept. Officials: After Defeat of ISIS, U.S. Prioritizes Iran’s Departure",
        "Gen. Joseph Dunford said this month that the US needed to train fighters.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert sentences(text) == [text]


def test_two_sentences_on_one_line_are_split() -> None:
    text = "The US has about 2,000 troops. The SDF has had some success."
    assert sentences(text) == ["The US has about 2,000 troops.", "The SDF has had some success."]


def test_headline_and_caption_lines_are_sentences_of_their_own() -> None:
    text = (
        "Russia flexes its military muscle in Syria\n"
        "02:32 - Source: CNN\n\n"
        "The US-led coalition has closed one of its outposts. It was routine."
    )
    assert sentences(text) == [
        "Russia flexes its military muscle in Syria",
        "02:32 - Source: CNN",
        "The US-led coalition has closed one of its outposts.",
        "It was routine.",
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "KESTREL (Reuters) - The United States will keep about 2,200 troops in Syria, "
        "officials said on Friday.",
        "WASHINGTON (AP) — The United States will keep about 2,200 troops in Syria.",
        "LONDON (CNN) The US will go.",
        "KOBANI, Syria (AP) -- The United States will keep about 2,200 troops in Syria.",
        "KOBANI (AP) -- The US will go.",
        "BEIRUT, Lebanon (AFP) – The US will go.",
        "BEIRUT (AP) -The US will go.",
        "WASHINGTON, Dec. 19 (AP) — The US will go.",
    ],
)
def test_a_dateline_is_part_of_the_lead_sentence(lead: str) -> None:
    # Selecting the lead sentence must tag it whole, not "KESTREL (Reuters)" alone.
    text = f"Headline\n\n  {lead} It was routine.\nMore."
    start = text.index(lead)
    assert split_sentences(text)[1] == (start, start + len(lead))
    assert sentences(text) == ["Headline", lead, "It was routine.", "More."]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("US keeps troops in Syria\n\nThe US will keep them. It said so.",
         ["US keeps troops in Syria", "The US will keep them.", "It said so."]),
        # A heading shaped like a dateline, alone on its line: still its own sentence.
        ("KESTREL (Reuters)\n\nThe US will keep them.",
         ["KESTREL (Reuters)", "The US will keep them."]),
        ("SYRIA (ANALYSIS)\nThe US will keep them.",
         ["SYRIA (ANALYSIS)", "The US will keep them."]),
    ],
)
def test_a_heading_line_is_not_merged_with_the_paragraph_after_it(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


def test_offsets_index_the_text_and_never_hold_outer_space() -> None:
    for article in load_corpus().articles:
        spans = article.sentences
        assert spans, article.id
        previous_end = 0
        for start, end in spans:
            piece = article.text[start:end]
            assert piece == piece.strip() and piece
            assert "\n" not in piece
            assert start >= previous_end
            previous_end = end


def test_bundled_article_sentences_keep_titles_inside() -> None:
    article = load_corpus().get("001")
    texts = [article.text[s:e] for s, e in article.sentences]
    assert texts[0] == (
        "State Dept. Officials: After Defeat of ISIS, U.S. Prioritizes Iran’s Departure from Syria"
    )
    assert any("retired U.S. Army Col. Joel Rayburn were brought in" in t for t in texts)


@given(st.lists(st.sampled_from([
    "The U.S. has about 2,000 troops.", "State Dept. officials said so!", "Why?", "",
    "“We have won,” he said. Then he left.", "  ", "Col. Ryan Dillon spoke", "No end",
    "Iran… and Russia. Done.", "KESTREL (Reuters) - The US will go. Then.",
    " LONDON (CNN) The US", "WASHINGTON (AP)"]), max_size=12).map("\n".join),
    st.integers(min_value=0))
def test_a_lines_sentences_are_the_whole_splits_for_that_line(text: str, where: int) -> None:
    from syria_reader.corpus.sentences import line_sentences

    if not text:
        return
    offset = where % len(text)
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    assert line_sentences(text, offset) == [
        (low, high) for low, high in split_sentences(text) if start <= low and high <= end]
