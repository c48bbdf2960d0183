"""Saving settings edits config.toml in place: what the user wrote stays as written."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.config import (
    Settings,
    SettingsNotSaved,
    config_path,
    load_settings,
    save_settings,
)

# Every line but the theme's and the list's is left exactly as written.
WRITTEN = """\
# My reader settings.
#   (kept by hand; the reader may change a value, never this)

# The theme: 'T' in the reader picks another one.
theme = 'textual-dark'   # the default, for now

hidden_entities = [
  "number",  # too many of them
  # dates stay shown
]

[keys]
# Like vim, plus n.
"view.next_sentence" = "j, n"    # spaces after the comma are fine

"view.prev_sentence" = "k,up"
"""


def _write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- through the reader ---------------------------------------------------------------

async def test_choosing_a_theme_and_hiding_a_type_keep_everything_else_in_the_file() -> None:
    path = _write_config(WRITTEN)
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T")  # the theme list, in the command palette
        await pilot.pause()
        await pilot.press(*"dracula")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "dracula"
        after_theme = path.read_text(encoding="utf-8")
        await pilot.press("1")  # hide people
        await pilot.pause()
    assert after_theme == WRITTEN.replace(
        "theme = 'textual-dark'   # the default", 'theme = "dracula"   # the default')
    assert path.read_text(encoding="utf-8") == after_theme.replace(
        '  # dates stay shown\n', '  # dates stay shown\n  "person"\n')  # tomlkit's comma
    saved, problem = load_settings()
    assert problem is None
    assert saved == Settings(theme="dracula", hidden_entities=["number", "person"],
                             keys={"view.next_sentence": "j,n", "view.prev_sentence": "k,up"})


async def test_a_file_with_an_unknown_setting_is_warned_of_and_kept_when_saving() -> None:
    written = WRITTEN + "\n[colours]  # for a later version\nperson = 'red'\n"
    path = _write_config(written)
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause(0.2)
        assert "unknown setting 'colours'" in " ".join(n.message for n in app._notifications)
        app.theme = "dracula"
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == written.replace(
        "theme = 'textual-dark'   # the default", 'theme = "dracula"   # the default')


async def test_a_file_with_a_bad_value_is_not_saved_and_the_reader_says_so() -> None:
    written = WRITTEN.replace("theme = 'textual-dark'", "theme = 5")
    path = _write_config(written)
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause(0.2)
        app.theme = "dracula"
        await pilot.pause()
        messages = " ".join(n.message for n in app._notifications)
    assert "'theme' should be a string" in messages
    assert "Settings not saved" in messages
    assert path.read_text(encoding="utf-8") == written


# -- save_settings itself ---------------------------------------------------------------

def test_saving_changes_only_the_readers_values_and_keeps_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    written = "# top\nfont_size = 12  # not the reader's\n\n" + WRITTEN + "\n[colours]\nx = 1\n"
    path.write_text(written, encoding="utf-8")
    current, _problem = load_settings(path)
    current.theme = "nord"
    current.hidden_entities = ["date"]
    current.keys["view.next_word"] = "w"
    save_settings(current, path)
    text = path.read_text(encoding="utf-8")
    assert text == (written
                    .replace("theme = 'textual-dark'", 'theme = "nord"')
                    .replace('  "number",  # too many of them\n', "")
                    .replace('  # dates stay shown\n', '  # dates stay shown\n  "date"\n')
                    .replace('"view.prev_sentence" = "k,up"\n',
                             '"view.prev_sentence" = "k,up"\n"view.next_word" = "w"\n'))
    again, problem = load_settings(path)
    assert again == current
    assert problem is not None and "unknown setting 'colours'" in problem  # still warned of


def test_nothing_differs_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WRITTEN, encoding="utf-8")
    before = path.stat()
    # "j, n" in the file is "j,n" in the settings: the same keys, not a change
    save_settings(load_settings(path)[0], path)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    missing = tmp_path / "none.toml"
    save_settings(Settings(), missing)  # the defaults: no file is needed for them
    assert not missing.exists()


def test_a_new_file_holds_only_what_differs_from_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "config.toml"
    save_settings(Settings(hidden_entities=["person"]), path)
    assert path.read_text(encoding="utf-8") == 'hidden_entities = ["person"]\n'


def test_a_binding_the_settings_lack_is_left_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WRITTEN, encoding="utf-8")
    save_settings(Settings(theme="nord"), path)
    assert load_settings(path)[0].keys == {"view.next_sentence": "j,n",
                                           "view.prev_sentence": "k,up"}


BAD = {
    "theme = [unclosed\n# mine\n": "not valid TOML",
    "# mine\ntheme = 5\n": "'theme' should be a string",
    'keys = "j"  # mine\n': "'keys' should be a table",
    '[keys]\n"view.next_sentence" = "j,\\u001b]0;x"  # mine\n': "is not a key name",
    'hidden_entities = ["person", "bogus"]  # mine\n': "'bogus' is not one of",
}


@pytest.mark.parametrize(("written", "problem"), BAD.items())
def test_a_file_with_a_problem_is_never_overwritten(
    tmp_path: Path, written: str, problem: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(written, encoding="utf-8")
    with pytest.raises(SettingsNotSaved, match=problem) as raised:
        save_settings(Settings(theme="nord"), path)
    assert isinstance(raised.value, OSError)  # the reader reports it as a failed save
    assert path.read_text(encoding="utf-8") == written


def test_a_file_that_is_not_utf8_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "caf\xe9"\n')
    with pytest.raises(SettingsNotSaved, match="not UTF-8"):
        save_settings(Settings(theme="nord"), path)
    assert path.read_bytes() == b'theme = "caf\xe9"\n'


def test_settings_the_reader_would_reject_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(SettingsNotSaved):
        save_settings(Settings(hidden_entities=["bogus"]), path)
    with pytest.raises(SettingsNotSaved):
        save_settings(Settings(keys={"view.next_sentence": "j;k"}), path)
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_a_symlinked_file_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "syria-reader.toml"
    target.write_text(WRITTEN, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "dotfiles" / "syria-reader.toml")  # relative, as often
    save_settings(Settings(theme="nord", hidden_entities=["number"],
                           keys={"view.next_sentence": "j,n"}), link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8") == WRITTEN.replace(
        "theme = 'textual-dark'", 'theme = "nord"')
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in link.parent.iterdir()] == ["config.toml"]  # no temp file left


def test_crlf_line_endings_stay_crlf(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"# mine\r\ntheme = 'nord'\r\n")
    save_settings(Settings(theme="nord", hidden_entities=["date"]), path)
    assert path.read_bytes() == b"# mine\r\ntheme = 'nord'\r\nhidden_entities = [\"date\"]\r\n"


# -- properties -------------------------------------------------------------------------

# What TOML allows in a comment: anything but the control characters other than tab.
_NOT_IN_COMMENTS = "".join(chr(c) for c in (*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F))
comment_text = st.text(st.characters(blacklist_categories=("Cs",),
                                     blacklist_characters=_NOT_IN_COMMENTS))
# A theme name is only compared with Textual's names, so any string must survive a save.
theme_name = st.text(st.characters(blacklist_categories=("Cs",)))


@settings(max_examples=150, deadline=None)
@given(comments=st.lists(comment_text, min_size=7, max_size=7), theme=theme_name,
       hidden=st.lists(st.sampled_from(["person", "org", "place", "date"]), unique=True))
def test_any_comment_survives_any_save(comments: list[str], theme: str, hidden: list[str]) -> None:
    c = comments
    written = (f"#{c[0]}\ntheme = 'nord'  #{c[1]}\n\nhidden_entities = ['number']  #{c[2]}\n"
               f"#{c[3]}\nlater = true  #{c[4]}\n[keys]\n#{c[5]}\n"
               f'"view.next_sentence" = "j"  #{c[6]}\n')
    wanted = Settings(theme=theme, hidden_entities=hidden,
                      keys={"view.next_sentence": "j", "view.prev_sentence": "k"})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(written, encoding="utf-8")
        save_settings(wanted, path)
        text = path.read_text(encoding="utf-8")
        saved, _problem = load_settings(path)
    lines = text.split("\n")  # not splitlines: U+0085 and U+2028 are no line ends in TOML
    for comment in (f"#{c[0]}", f"#{c[3]}", f"#{c[5]}"):
        assert comment in lines
    for inline in (f"later = true  #{c[4]}", f'"view.next_sentence" = "j"  #{c[6]}'):
        assert inline in lines
    assert text.count(f"  #{c[1]}\n") >= 1 and text.count(f"  #{c[2]}\n") >= 1
    assert saved.theme == theme and sorted(saved.hidden_entities) == sorted(hidden)
    assert saved.keys == wanted.keys
