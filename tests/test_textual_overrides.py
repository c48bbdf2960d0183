"""The Textual code that tui/textual_overrides.py replaces or wraps is still the code
that was read when the override was written. When a Textual upgrade changes one of
them, this fails: read the new code, check the override, then record the new print."""

from __future__ import annotations

import hashlib
import inspect

import pytest

from syria_reader.tui.textual_overrides import TEXTUAL_CODE

# sha256 of the source of each, first 16 hex digits, read on Textual 8.2.8.
FINGERPRINTS = {
    "Screen.set_focus": "56cfb5778970531a",
    "Screen.dismiss": "0c6d250ef5e6707e",
    "DOMNode.data_bind": "70b1b16ee7a3c16a",
    "Footer.bindings_changed": "eb88714081bd2305",
    "Widget._on_focus": "5319a4d73a1e3881",
    "Widget._on_blur": "fff76a4c61b96628",
    "Widget.watch_has_focus": "387d9eae398b4747",
    "Input._value": "33f9515a42e79bd3",
    "Input._position_to_cell": "13188cb52bbc8064",
    "Input._cell_offset_to_index": "b986d8f0be63e5d2",
    "OptionList._move_page": "85f7f33005763486",
    "CommandPalette._gather_commands": "b91ff7feae77d521",
    "App._handle_exception": "baea2e7f88e7ac52",
    "App._fatal_error": "2474616cec7fa94d",
    "App._print_error_renderables": "6e6be40346778a2d",
}


def test_every_override_has_a_fingerprint() -> None:
    assert set(TEXTUAL_CODE) == set(FINGERPRINTS)


@pytest.mark.parametrize("name", sorted(FINGERPRINTS))
def test_the_textual_code_is_unchanged(name: str) -> None:
    source = inspect.getsource(TEXTUAL_CODE[name])
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == FINGERPRINTS[name], (
        f"Textual's {name} changed: check tui/textual_overrides.py against it")


def test_the_guards_are_what_textual_runs() -> None:
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    assert OptionList._move_page is not TEXTUAL_CODE["OptionList._move_page"]
    guarded = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]
    assert guarded is not TEXTUAL_CODE["CommandPalette._gather_commands"]
