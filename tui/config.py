"""Settings in a TOML file in the user config folder: theme, key overrides, hidden types,
and the spaCy pipeline that recognises the entities (``model``; the reader never writes it).

A file that cannot be used never stops the reader: what is valid in it is used, each
problem is one line naming the file and the field (shown once, as a warning), and a
file whose values the reader cannot read (or not TOML at all) is never written by it;
one that only has keys or values it does not know is saved with them kept.

Saving edits the file in place of rewriting it: only the reader's own settings that
differ from what the file says are written (``theme``, ``hidden_entities``, each
``[keys]`` entry); comments, blank lines, order, quoting and keys the reader does not
know stay exactly as they were. The file is replaced all or nothing; a symlink is
written through (the file it points at is replaced, the link stays).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import atomic_write
from syria_reader.corpus.model_name import model_package_name
from syria_reader.tui.entity_styles import LEGEND

if TYPE_CHECKING:  # tomlkit is imported to save, not to read: 4 ms of every start
    import tomlkit

DEFAULT_THEME = "textual-dark"
OWNED = ("theme", "keys", "hidden_entities", "model")  # what the reader reads; all but
# "model" it also writes (a model is chosen in the file, or with --model, never by a key)
ENTITY_NAMES = tuple(name for name, _ in LEGEND)
# A key as Textual names it: "j", "G", "ctrl+r", "shift+tab", "question_mark", "f5".
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*[A-Za-z0-9_]+$")


def config_path() -> Path:
    return app_dirs.config_dir() / "config.toml"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    # binding id -> keys, e.g. {"view.next_sentence": "j,down"}; see the help screen
    keys: dict[str, str] = field(default_factory=dict)
    hidden_entities: list[str] = field(default_factory=list)
    # A spaCy pipeline package, e.g. "en_core_web_md"; None: the default model.
    model: str | None = None


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and a message when the file was there but could not all be used."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(), f"{path}: ignored ({error}); using the default settings"
    settings, problems, unknown = _read(data)
    return settings, _message(path, problems + unknown)


def load_model_setting(path: Path | None = None) -> tuple[str | None, str | None]:
    """The file's ``model`` alone, and a message when the file or that setting cannot
    be used (then the default model is); for the commands, which use no other setting."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return None, f"{path}: ignored ({error}); using the default model"
    problems: list[str] = []
    model = _model(data, problems)
    return model, (f"{path}: {problems[0]}; using the default model" if problems else None)


def _read(data: dict[str, object]) -> tuple[Settings, list[str], list[str]]:
    """The settings in ``data``, the problems with its values, and its unknown keys."""
    problems: list[str] = []
    settings = Settings(
        theme=_theme(data, problems),
        keys=_keys(data, problems),
        hidden_entities=_hidden(data, problems),
        model=_model(data, problems),
    )
    unknown = [f"unknown setting {name!r} ({', '.join(OWNED)})"
               for name in sorted(set(data) - set(OWNED))]
    return settings, problems, unknown


def _message(path: Path, problems: list[str]) -> str | None:
    if not problems:
        return None
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{path}: {problems[0]}{more}; the rest of the file is used"


def _theme(data: dict[str, object], problems: list[str]) -> str:
    theme = data.get("theme", DEFAULT_THEME)
    if not isinstance(theme, str):
        problems.append(f"'theme' should be a string, not {type(theme).__name__}")
        return DEFAULT_THEME
    return theme


def _keys(data: dict[str, object], problems: list[str]) -> dict[str, str]:
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        problems.append(f"'keys' should be a table ([keys]), not {type(keys).__name__}")
        return {}
    valid = {}
    for binding_id, value in keys.items():
        where = f"keys.{binding_id!r}"
        if not isinstance(value, str):
            problems.append(f"{where} should be a string of keys, not {type(value).__name__}")
            continue
        names = [name.strip() for name in value.split(",")]
        bad = next((name for name in names if not _KEY.match(name)), None)
        if bad is not None:
            problems.append(f"{where}: {bad!r} is not a key name (j, G, ctrl+r, question_mark)")
            continue
        valid[binding_id] = ",".join(names)
    return valid


def _hidden(data: dict[str, object], problems: list[str]) -> list[str]:
    hidden = data.get("hidden_entities", [])
    if not isinstance(hidden, list):
        problems.append(f"'hidden_entities' should be a list, not {type(hidden).__name__}")
        return []
    valid = []
    for name in hidden:
        if name in ENTITY_NAMES:
            valid.append(name)
        else:
            problems.append(f"'hidden_entities': {name!r} is not one of {', '.join(ENTITY_NAMES)}")
    return valid


def _model(data: dict[str, object], problems: list[str]) -> str | None:
    """The name only; whether it is installed is checked when recognition needs it."""
    model = data.get("model")
    if model is None:
        return None
    if not isinstance(model, str):
        problems.append(f"'model' should be a string (a spaCy pipeline package such as "
                        f"en_core_web_md), not {type(model).__name__}")
        return None
    try:
        return model_package_name(model)
    except ValueError as error:
        problems.append(f"'model': {error}")
        return None


def unknown_binding_ids(settings: Settings, known: set[str]) -> list[str]:
    """The ids in the ``[keys]`` table that name no key of the reader."""
    return sorted(set(settings.keys) - known)


class SettingsNotSaved(OSError):
    """The config file has a problem, so saving left it as it was.

    An ``OSError``, like every other reason a save can fail, so a caller reporting a
    failed write reports this too.
    """


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write into the config file what in ``settings`` differs from it, keeping the rest.

    A value is written only where the file says otherwise (a missing key counts as
    its default); a ``[keys]`` entry the file has and ``settings`` lacks is left, as
    the reader never removes one. Nothing is written when nothing differs.

    Raises ``SettingsNotSaved``, leaving the file untouched, when it is not valid
    UTF-8 TOML or a value of the reader's in it is bad; keys the reader does not know
    are no reason: they are kept. Other ``OSError``s are those of reading or writing.
    """
    import tomlkit

    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        text = path.read_bytes().decode("utf-8")  # as it is: CRLF stays CRLF
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError as error:
        raise SettingsNotSaved(f"{path}: not saved, the file is not UTF-8 ({error})") from None
    current = _usable(path, text)
    document = _document(path, text)
    _update(document, current, settings)
    updated = _line_endings(text, tomlkit.dumps(document))
    if updated == text:
        return
    _check(path, updated, settings)
    atomic_write(_through_links(path), updated.encode("utf-8"))


def _usable(path: Path, text: str) -> Settings:
    """The settings the file holds, or ``SettingsNotSaved`` when it has a problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsNotSaved(f"{path}: not saved, the file is not valid TOML ({error})") from None
    settings, problems, _unknown = _read(data)
    if problems:
        raise SettingsNotSaved(f"{path}: not saved, {problems[0]}")
    return settings


def _document(path: Path, text: str) -> tomlkit.TOMLDocument:
    """The file as tomlkit edits it, refused if tomlkit would not give it back as is."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise SettingsNotSaved(f"{path}: not saved, the file cannot be edited ({error})") from None
    if tomlkit.dumps(document) != text:
        raise SettingsNotSaved(f"{path}: not saved, the file cannot be edited without changing it")
    return document


def _update(document: tomlkit.TOMLDocument, current: Settings, settings: Settings) -> None:
    import tomlkit

    if settings.theme != current.theme:
        document["theme"] = settings.theme
    if set(settings.hidden_entities) != set(current.hidden_entities):
        _set_hidden(document, settings.hidden_entities)
    changed = {binding_id: keys for binding_id, keys in settings.keys.items()
               if current.keys.get(binding_id) != keys}
    if changed:
        if "keys" not in document:
            document["keys"] = tomlkit.table()
        table = document["keys"]
        assert isinstance(table, MutableMapping)  # _usable found a table ([keys]) or none
        table.update(changed)


def _set_hidden(document: tomlkit.TOMLDocument, hidden: list[str]) -> None:
    """Edit the list where it is, so the comments in it and its layout stay."""
    from tomlkit.items import Array

    existing = document.get("hidden_entities")
    if not isinstance(existing, Array):
        document["hidden_entities"] = hidden
        return
    wanted = set(hidden)
    for index in reversed(range(len(existing))):
        if existing[index] not in wanted:
            del existing[index]
    for name in hidden:
        if name not in existing:
            existing.append(name)


def _line_endings(before: str, after: str) -> str:
    """The lines tomlkit adds end as the file's own do, when those are all CRLF."""
    if "\r\n" in before and before.count("\n") == before.count("\r\n"):
        return after.replace("\r\n", "\n").replace("\n", "\r\n")
    return after


def _check(path: Path, updated: str, settings: Settings) -> None:
    """Never write a file the reader would read as something else, or complain of."""
    try:
        written, problems, _unknown = _read(tomllib.loads(updated))
    except tomllib.TOMLDecodeError as error:
        raise SettingsNotSaved(f"{path}: not saved, the edit would break it ({error})") from None
    if problems:
        raise SettingsNotSaved(f"{path}: not saved, {problems[0]}")
    if (written.theme != settings.theme
            or set(written.hidden_entities) != set(settings.hidden_entities)
            or any(written.keys.get(binding_id) != keys
                   for binding_id, keys in settings.keys.items())):
        raise SettingsNotSaved(f"{path}: not saved, the edit would not read back as saved")


def _through_links(path: Path) -> Path:
    """The file to replace: a symlink's target, so the link itself stays a link."""
    return path.resolve() if path.is_symlink() else path
