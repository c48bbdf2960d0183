from __future__ import annotations

from rich.cells import cell_len

from syria_reader.tui.text_wrap import clip, display_text, line_of, wrap_text


def rows(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap_text(text, width)]


def test_words_wrap_and_offsets_cover_the_text() -> None:
    text = "The US has about 2,000 troops on the ground in the country.\n\nNext."
    lines = wrap_text(text, 20)
    assert rows(text, 20) == [
        "The US has about ", "2,000 troops on the ", "ground in the ", "country.", "", "Next."
    ]
    covered = "".join(text[s:e] for s, e in lines)
    assert covered == text.replace("\n", "")


def test_long_words_are_cut() -> None:
    assert rows("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_wide_characters_and_emoji_count_two_cells() -> None:
    text = "سوريا 😀 日本語のテキスト with tabs\tand more"
    for line in rows(text, 12):
        assert cell_len(display_text(line.rstrip())) <= 12


def test_line_of_finds_the_screen_line() -> None:
    starts = [0, 17, 37]
    assert [line_of(starts, p) for p in (0, 16, 17, 40)] == [0, 0, 1, 2]


def test_clip_puts_a_quote_on_one_line_and_cuts_it_with_an_ellipsis() -> None:
    assert clip("The US  has\nabout 2,000 troops", 40) == "The US has about 2,000 troops"
    assert clip("The US has about 2,000 troops", 10) == "The US ha…"
    assert len(clip("x" * 100, 60)) == 60
