"""Entity types: the labels the reader keeps, and the corpus-wide fixes of the model's types.

The model reads one article at a time and types the same name differently from sentence
to sentence ("Trump" is ORG in half of its occurrences in the bundled corpus). The fixes
here look at every mention of the whole corpus at once, so they run after recognition,
on the raw per-article output, every time: they are cheap, and running them on each
load keeps the per-article cache correct when another article changes the evidence.

The rules are generic, never word lists:
- spans are trimmed of what is not the name: surrounding punctuation, a line break and
  what follows it, a leading lowercase "the", a "pro-"/"anti-" prefix, a possessive 's;
- a person's title right before a capitalised name ("President", "Col.", "Secretary of
  Defense") makes that name a PERSON; the title is cut from the span, and mentions
  inside the title ("Defense" in "Secretary of Defense") are dropped;
- one type per name across the corpus: a name is PERSON if it follows a title, is typed
  PERSON in most of its occurrences, or is a lone surname of a PERSON named elsewhere
  ("Trump" and "Donald Trump"); any other name takes its majority type;
- names pinned by a pattern (the corpus's patterns file, the user's corrections) keep
  the pattern's type whatever the votes say.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from syria_reader.corpus.entities import Mention
from syria_reader.corpus.entity_evidence import (
    GAZETTEER_VOTES,
    LOCATIVE_VOTES,
    PLACE_LABEL,
    EntitySpan,
    Taken,
    is_common_word,
    locative,
    occurrences,
    person_repairs,
    place_candidates,
    split_glued,
)

# spaCy's OntoNotes labels the reader keeps. LAW, WORK_OF_ART, LANGUAGE and PRODUCT are
# dropped: on news like the bundled corpus they are mostly errors ("Manbij" PRODUCT,
# "Aleppo" LANGUAGE) and the reader has no colour for them.
KEPT_LABELS = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT",
    "DATE", "TIME", "QUANTITY", "CARDINAL", "MONEY", "PERCENT", "ORDINAL",
})
# Labels of names, which vote for one type per name; numbers and dates depend on context.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# Evidence against reading a lone surname as a person ("Jordan" the country).
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})

# Titles that precede a person's name. Bare words that also start organisation names
# ("General Motors", "King Abdullah University") are left out on purpose.
_TITLES = (
    r"(?:Vice |Deputy )?President", r"(?:Deputy )?Prime Minister",
    r"(?:Foreign|Defen[cs]e|Interior|Finance|Oil) Minister", r"Minister",
    r"(?:Deputy |Assistant |Under )?Secretary(?:-General| General)?"
    r"(?: of (?:State|Defen[cs]e|Homeland Security|the [A-Z]\w+|[A-Z]\w+))?",
    r"(?:Defen[cs]e|State|Foreign|Treasury|Army|Navy|Air Force) Secretary",
    r"(?:National Security |Senior |Special )?Advis[eo]r", r"(?:Special )?Envoy",
    r"Ambassador", r"Sen\.", r"Senator", r"Rep\.", r"Representative", r"Gov\.", r"Governor",
    r"Mayor", r"Chancellor", r"Crown Prince", r"Sheikh", r"Ayatollah", r"Pope",
    r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"Prof\.", r"Attorney General",
    r"(?:Lt\. |Maj\. |Brig\. )?Gen\.", r"(?:Lt\. )?Col\.", r"Colonel", r"Lt\.", r"Maj\.",
    r"Capt\.", r"Sgt\.", r"(?:Vice |Rear )?Adm\.", r"Admiral", r"Cmdr\.", r"Spokesman",
)
# A name token: an initial ("J."), or a capitalised word with an optional Arabic article
# ("al-Assad"), an O'Brien-style apostrophe and hyphenated parts; never a possessive 's.
_NAME_TOKEN = r"(?:[A-Z]\.|(?:al-|el-)?[A-Z]\w*(?:['’][A-Z]\w*)?(?:-[A-Za-z]\w*)*)"
_SPACE = r"[ \u00a0]+"
_TITLE_BEFORE_NAME = re.compile(
    rf"(?<![\w.])(?P<title>{'|'.join(sorted(_TITLES, key=len, reverse=True))})"
    rf"{_SPACE}(?P<name>{_NAME_TOKEN}(?:{_SPACE}{_NAME_TOKEN}){{0,3}})"
)
_LEADING_JUNK = " \t\r\n\u00a0\"'“‘([{«"
_TRAILING_JUNK = " \t\r\n\u00a0\"'”’)]}»,;:!?/|-–—"
_POSSESSIVE = ("’s", "'s")
_PREFIX = re.compile(r"(?:pro|anti|ex)-(?=[A-Z])")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el)-")
_WHITESPACE = re.compile(r"\s+")


class RawEntity(NamedTuple):
    """One entity as the model and the ruler found it: offsets into the text and a label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class ArticleEntities:
    """The input of the post-pass for one article: its text and its raw entities."""

    article_id: str
    text: str
    entities: Sequence[RawEntity]


_Span = EntitySpan


def name_key(text: str) -> str:
    """What makes two mentions the same name: spacing and apostrophes normalised."""
    return _WHITESPACE.sub(" ", text).replace("’", "'").strip()


def fix_types(
    articles: Iterable[ArticleEntities], pinned: Mapping[str, str] | None = None
) -> dict[str, list[Mention]]:
    """Clean and retype the raw entities of a whole corpus; mentions by article id.

    ``pinned`` maps a name (see ``name_key``) to the type a pattern gave it.
    """
    spans_by_article: dict[str, tuple[str, list[_Span]]] = {}
    for article in articles:
        spans = _trim_all(article.text, [
            _Span(e.start, e.end, e.label) for e in article.entities if e.label in KEPT_LABELS
        ])
        spans = _trim_all(article.text, _apply_titles(article.text, spans))
        spans = split_glued(article.text, spans)
        spans_by_article[article.article_id] = (article.text, spans)
    # The runs no span covers, found once: first asked of the gazetteer, then made places.
    candidates = [place_candidates(text, spans) for text, spans in spans_by_article.values()]
    places = _gazetteer_places(spans_by_article.values(), candidates)
    _add_places(spans_by_article.values(), candidates, places)
    types = _corpus_types(spans_by_article.values(), places)
    pinned_keys = {name_key(name): label for name, label in (pinned or {}).items()}
    types.update(pinned_keys)
    _repair_people(spans_by_article.values(), types, set(pinned_keys))
    _find_everywhere(spans_by_article.values(), types)
    return {
        article_id: _mentions(article_id, text, spans, types)
        for article_id, (text, spans) in spans_by_article.items()
    }


# -- corpus-wide: evidence beyond one sentence (entity_evidence) -----------------------


def _gazetteer_places(articles: Collection[tuple[str, list[_Span]]],
                      candidates: list[list[tuple[int, int]]]) -> set[str]:
    """The names (``name_key``) of the corpus that the gazetteer knows as places: the
    spans' names and the capitalised runs no span covers (``candidates``, per article)."""
    from syria_reader.corpus.gazetteer import lookup

    names: set[str] = set()
    for (text, spans), runs in zip(articles, candidates, strict=True):
        names.update(name_key(text[s.start : s.end]) for s in spans if s.label in NAME_LABELS)
        names.update(name_key(text[start:end]) for start, end in runs)
    found = set(lookup(names))
    # A person's surname is no place ("Pompeo" is also a town in Brazil), unless the
    # "person" is a place itself ("Ar Raqqah" typed PERSON: "Raqqah" stays a place).
    surnames = {key.split()[-1] for text, spans in articles for s in spans
                if s.label == "PERSON" and " " in (key := name_key(text[s.start : s.end]))
                and key not in found}
    return found - surnames


def _add_places(articles: Iterable[tuple[str, list[_Span]]],
                candidates: list[list[tuple[int, int]]], places: set[str]) -> None:
    """A capitalised run that is, whole, a gazetteer place is a place mention."""
    for (text, spans), runs in zip(articles, candidates, strict=True):
        added = [_Span(start, end, PLACE_LABEL) for start, end in runs
                 if name_key(text[start:end]) in places]
        if added:
            spans.extend(added)
            spans.sort(key=lambda s: (s.start, s.end))


def _repair_people(articles: Iterable[tuple[str, list[_Span]]], types: dict[str, str],
                   pinned: set[str]) -> None:
    """"Tweet McGurk" is McGurk; "the Prophet" is no person (``person_repairs``)."""
    articles = list(articles)
    full: Counter[str] = Counter()
    lone: dict[str, bool] = {}
    for text, spans in articles:
        for span in spans:
            key = name_key(text[span.start : span.end])
            if types.get(key, span.label) != "PERSON" or span.titled:
                continue
            if " " in key:
                full[key] += 1
            else:
                lone[key] = lone.get(key, True) and text.endswith(("the ", "The "), 0,
                                                                  span.start)
    repairs = {name: repair for name, repair in person_repairs(full, lone).items()
               if name not in pinned}
    if not repairs:
        return
    for text, spans in articles:
        kept = []
        for span in spans:
            key = name_key(text[span.start : span.end])
            if span.titled or key not in repairs:
                kept.append(span)
                continue
            rest = repairs[key]
            if rest is not None:
                start = text.find(rest.split()[0], span.start + 1, span.end)
                if start > span.start:
                    kept.append(_Span(start, span.end, "PERSON"))
        spans[:] = kept
    for name in repairs:
        types.pop(name, None)


def _find_everywhere(articles: Iterable[tuple[str, list[_Span]]],
                     types: Mapping[str, str]) -> None:
    """A name that is an entity somewhere is one at each of its other occurrences,
    written the same way (not a common English word on its own: "Post", "Guards")."""
    names = {key: label for key, label in types.items()
             if label in NAME_LABELS and len(key) >= 3
             and not (" " not in key and is_common_word(key))}
    if not names:
        return
    for text, spans in articles:
        taken = Taken(spans)
        added = [_Span(start, end, label) for start, end, label in occurrences(text, names)
                 if not taken.overlaps(start, end)]
        if added:
            spans.extend(added)
            spans.sort(key=lambda s: (s.start, s.end))


# -- per article: trimming -------------------------------------------------------------


def _trim_all(text: str, spans: list[_Span]) -> list[_Span]:
    trimmed = []
    for span in spans:
        start, end = trim_span(text, span.start, span.end, span.label in NAME_LABELS)
        if start < end:
            trimmed.append(_Span(start, end, span.label, span.titled))
    return trimmed


def trim_span(text: str, start: int, end: int, is_name: bool = True) -> tuple[int, int]:
    """The part of ``text[start:end]`` that is the entity itself (may come back empty)."""
    start, end = _strip(text, start, end)
    newline = text.find("\n", start, end)
    if newline >= 0:  # a name never crosses a line; what follows is a caption or heading
        start, end = _strip(text, start, newline)
    if is_name:
        if text.startswith("the ", start) and end - start > 4:
            start, end = _strip(text, start + 4, end)
        prefix = _PREFIX.match(text, start, end)
        if prefix:  # "pro-Assad" mentions Assad
            start = prefix.end()
    if end - start > 2 and text[end - 2 : end] in _POSSESSIVE:
        start, end = _strip(text, start, end - 2)
    return start, end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEADING_JUNK:
        start += 1
    while end > start and text[end - 1] in _TRAILING_JUNK:
        end -= 1
    return start, end


# -- per article: titles ---------------------------------------------------------------


def _apply_titles(text: str, spans: list[_Span]) -> list[_Span]:
    for match in _TITLE_BEFORE_NAME.finditer(text):
        spans = _apply_title(spans, match.start("title"), match.start("name"), match.end("name"))
    return spans


def _apply_title(spans: list[_Span], title_start: int, name_start: int,
                 name_end: int) -> list[_Span]:
    """Make the name after one title a PERSON and keep the title out of every span."""
    result: list[_Span] = []
    covered = False
    for span in spans:
        if span.end <= title_start or span.start >= name_end:
            result.append(span)
        elif span.end > name_start:  # reaches into the name: the name, without the title
            result.append(_Span(max(span.start, name_start), span.end, "PERSON", titled=True))
            covered = True
        elif span.start < title_start:  # "U.S. Army Col": keep what precedes the title
            result.append(_Span(span.start, title_start, span.label, span.titled))
        # else: inside the title ("Defense" in "Secretary of Defense"): not an entity
    if not covered:  # the model missed the name; the title is evidence enough
        result.append(_Span(name_start, name_end, "PERSON", titled=True))
        result.sort(key=lambda s: (s.start, s.end))
    return result


# -- corpus-wide: one type per name ----------------------------------------------------


def _corpus_types(articles: Iterable[tuple[str, list[_Span]]],
                  places: Collection[str] = ()) -> dict[str, str]:
    """The type each name takes everywhere in the corpus. Besides the model's votes, a
    name the gazetteer knows is a place votes ``GAZETTEER_VOTES`` times more for a place
    at each mention, and a "person" or "organisation" right after "in", "near", "the
    town of"... ``LOCATIVE_VOTES`` times."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    titled: set[str] = set()
    for text, spans in articles:
        for span in spans:
            if span.label in NAME_LABELS:
                key = name_key(text[span.start : span.end])
                votes[key][span.label] += 1
                if span.titled:
                    titled.add(key)
                    continue
                if key in places and span.label != "ORG":  # the White House, the Media
                    votes[key][PLACE_LABEL] += GAZETTEER_VOTES
                if span.label in ("PERSON", "ORG") and locative(text, span.start):
                    votes[key][PLACE_LABEL] += LOCATIVE_VOTES  # "in Kestrel": a place
    persons = _person_names(votes, titled)
    types = {key: "PERSON" for key in persons}
    for key, counter in votes.items():
        if key not in persons:
            label, count = counter.most_common(1)[0]
            if count * 2 > counter.total():
                types[key] = label
    return types


def _person_names(votes: Mapping[str, Counter[str]], titled: set[str]) -> set[str]:
    """Names that are people: after a title, mostly PERSON, or a PERSON's lone surname."""
    persons = {key for key in titled if len(key.split()) > 1 or not _looks_like_place(votes[key])}
    persons |= {key for key, c in votes.items() if c["PERSON"] * 2 > c.total()}
    surnames: set[str] = set()
    for key in persons:
        tokens = key.split()
        if len(tokens) > 1:
            surnames.add(tokens[-1])
            surnames.add(_ARABIC_ARTICLE.sub("", tokens[-1]))  # "al-Assad" is also "Assad"
    for key, counter in votes.items():
        if " " not in key and key in surnames and not _looks_like_place(counter):
            persons.add(key)
    return persons


def _looks_like_place(counter: Counter[str]) -> bool:
    """Repeatedly typed as a place or people rather than a person ("Jordan")."""
    places = sum(counter[label] for label in _PLACE_LABELS)
    return places >= 2 and places > counter["PERSON"]


def _mentions(article_id: str, text: str, spans: list[_Span],
              types: Mapping[str, str]) -> list[Mention]:
    """Sorted mentions with the corpus-wide types; overlapping spans keep the first."""
    mentions: list[Mention] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if mentions and span.start < mentions[-1].end:
            continue
        surface = text[span.start : span.end]
        label = span.label
        if label in NAME_LABELS:
            label = types.get(name_key(surface), label)
        mentions.append(Mention(article_id, span.start, span.end, surface, label))
    return mentions
