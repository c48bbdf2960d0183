"""Words made comparable for the related-passages engine: tokens, stop words, stems.

Light on purpose: a regular expression, a stop list, a suffix stripper and a small
table of news synonyms. Queries run this on every keystroke of the reader, so no
spaCy here; what it gets wrong it gets wrong the same way on both sides of a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from syria_reader.annotations.entities.names import fold

# Letters and digits, with inner periods and apostrophes ("U.S", "we’re", "Ma'arat");
# a hyphen splits ("ez-Zur", "pull-out") so each part can match on its own.
_TOKEN = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")

STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against ago all almost alone along already
    also although always am among amongst an and another any anybody anyone anything
    anyway anywhere are around as at be became because become becomes been before
    beforehand behind being below beside besides between beyond both but by can cannot
    could did do does doing done down during each either else elsewhere enough etc even
    ever every everyone everything everywhere except few for former formerly from further
    had has have having he hence her here hers herself him himself his how however i if in
    indeed into is it its itself just last least less many may me meanwhile might mine
    more moreover most mostly much must my myself namely neither never nevertheless next
    no nobody none noone nor not nothing now nowhere of off often on once only onto or
    other others otherwise our ours ourselves out over own per perhaps please quite rather
    really same seem seemed seeming seems several she should since so some somehow someone
    something sometime sometimes somewhere still such than that the their theirs them
    themselves then thence there thereafter thereby therefore therein thereupon these they
    this those though through throughout thru thus to together too toward towards under
    until up upon us very via was we well were what whatever when whence whenever where
    whereafter whereas whereby wherein whereupon wherever whether which while whither who
    whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves
    s t d ll m re ve dont doesnt didnt isnt arent wasnt werent wont cant couldnt shouldnt
    wouldnt hasnt havent hadnt im ive youre theyre weve theyve thats theres whats its lets
    say says said saying tell tells told telling according add adds added adding
    reportedly apparently allegedly reported reports
    mr mrs ms dr one ones roughly approximately nearly around estimated
    get gets got getting come comes came coming go goes going make makes making take takes
    taking put puts putting want wants wanted wanting think thinks thought know knows
    see sees look looks looked seem seemed give gives like likely way ways thing things lot
    two three four five six seven eight nine ten dozen dozens hundred hundreds thousand
    thousands million millions billion number numbers total amount
    """.split()
) | frozenset(
    # Titles: two colonels are not one person, so "Col." is not a shared word.
    "col colonel gen lt maj adm sgt capt cpl brig cmdr sen rep gov dr spokesman spokeswoman "
    "spokesperson".split()
)
TITLE_WORDS = frozenset("col colonel gen general lt maj adm sgt capt cpl brig cmdr".split())

# Past forms a suffix rule cannot reach, mapped to their base.
_IRREGULAR = {
    "went": "go", "gone": "go", "fought": "fight", "sent": "send",
    "took": "take", "taken": "take", "brought": "bring", "held": "hold", "met": "meet",
    "led": "lead", "struck": "strike", "won": "win", "lost": "lose", "began": "begin",
    "begun": "begin", "kept": "keep", "built": "build", "gave": "give", "given": "give",
    "made": "make", "knew": "know", "known": "know", "saw": "see", "seen": "see",
    "ran": "run", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak", "chose": "choose", "chosen": "choose", "stood": "stand",
    "sought": "seek", "caught": "catch", "taught": "teach", "bought": "buy",
    "paid": "pay", "fell": "fall", "fallen": "fall", "shot": "shoot", "spent": "spend",
    "drew": "draw", "drawn": "draw", "grew": "grow", "grown": "grow", "rose": "rise",
    "risen": "rise", "broke": "break", "broken": "break", "drove": "drive",
    "driven": "drive", "fled": "flee", "men": "man", "women": "woman", "children": "child",
    "people": "person", "withdrew": "withdraw", "withdrawn": "withdraw",
}

# Words that news reports use for one another. Each group is read as one word, so
# "pulling out" meets "withdrawal" and "boots on the ground" meets "troops".
_SYNONYM_GROUPS = (
    ("withdraw", "withdrawal", "pullout", "leave", "depart", "departure", "exit",
     "retreat", "drawdown"),
    ("troop", "soldier", "force", "boot", "personnel", "servicemember", "serviceman"),
    ("defeat", "destroy", "eradicate", "beat", "vanquish", "crush", "annihilate"),
    ("mission", "goal", "aim", "objective", "purpose", "reason", "task"),
    ("remain", "stay", "maintain"),
    ("attack", "strike", "airstrike", "assault", "bomb", "bombing", "raid", "offensive",
     "invade", "invasion", "shell", "shelling"),
    ("fighter", "militant", "jihadist", "combatant", "member", "insurgent"),
    ("kill", "dead", "death", "die", "casualty", "killing"),
    ("plan", "intend", "intention", "prepare", "preparation"),
    ("train", "advise", "adviser", "advisor", "mentor", "instruct"),
    ("partner", "partnership", "ally", "alliance"),
    ("zone", "area", "region"),
    ("decision", "decide", "order", "directive"),
    ("war", "conflict", "warfare"),
    ("base", "outpost", "garrison", "post", "installation"),
    ("close", "shut", "shutter", "dismantle", "raze"),
    ("deal", "agreement", "arrangement", "accord", "pact"),
    ("negotiate", "negotiation", "talk", "discussion", "discuss"),
    ("regime", "government"),
    ("country", "nation"),
    ("increase", "rise", "grow", "surge", "escalate", "escalation"),
    ("reduce", "reduction", "cut", "decrease", "shrink"),
    ("resign", "resignation", "quit"),
    ("warn", "threaten", "threat", "warning"),
    ("criticize", "criticise", "criticism", "critic", "condemn", "slam"),
    ("rebel", "opposition"),
    ("civilian", "resident", "population"),
    ("presence", "deployment", "deploy", "station"),
    ("rapid", "quick", "fast", "swift", "sudden", "precipitous", "hasty", "rush"),
    ("policy", "strategy", "approach"),
    ("lasting", "enduring", "permanent", "durable", "indefinite"),
)
# Opposites that tell of one question: a withdrawal and a decision to stay are two
# answers about the same presence, and an analyst wants them side by side.
_OPPOSITES = (
    ("presence", ("withdraw", "remain", "presence")),
    ("change", ("increase", "reduce")),
)

# Verb + particle pairs that mean one (or two) of the groups above.
_PHRASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("pull", "out"): ("withdraw",), ("get", "out"): ("withdraw",),
    ("rush", "out"): ("withdraw", "rapid"), ("move", "out"): ("withdraw",),
    ("pull", "back"): ("withdraw",), ("come", "home"): ("withdraw",),
    ("bring", "home"): ("withdraw",), ("step", "down"): ("resign",),
    ("back", "down"): ("retreat",), ("take", "over"): ("seize",),
}


class Token(NamedTuple):
    """One token of a text: its offsets, surface and normalised form (a tuple: texts
    have many tokens, and a tuple is the cheapest record Python makes)."""

    start: int
    end: int
    surface: str
    norm: str  # folded, without periods, apostrophes or a possessive

    @property
    def capitalised(self) -> bool:
        return self.surface[:1].isupper()


@lru_cache(maxsize=200_000)
def normalise(surface: str) -> str:
    """A token as compared: folded, without periods, apostrophes or a possessive."""
    return _POSSESSIVE.sub("", fold(surface)).replace(".", "").replace("'", "")


def tokens(text: str) -> list[Token]:
    found = []
    for match in _TOKEN.finditer(text):
        surface = match.group()
        norm = normalise(surface)
        if norm:
            found.append(Token(match.start(), match.end(), surface, norm))
    return found


def _undouble(word: str) -> str:
    # "planned" -> "plann" -> "plan"; "stall" keeps its "ll" (no suffix was taken).
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        return word[:-1]
    return word


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A crude but consistent stem: plural, -ing/-ed, then -ment/-al/-ly, final e.

    "troops"/"troop", "withdrawal"/"withdraw"/"withdrawing", "trained"/"training" meet.
    """
    if word in _IRREGULAR:
        return stem(_IRREGULAR[word])
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) >= 6:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) >= 5:
        word = _undouble(word[:-2])
    for suffix, shortest in (("ment", 4), ("al", 5), ("ly", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _synonym_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        head = stem(group[0])
        for word in group:
            table.setdefault(stem(word), head)
    return table


_SYNONYMS = _synonym_table()
_PHRASE_STEMS = {
    (stem(a), stem(b)): tuple(_SYNONYMS.get(stem(word), stem(word)) for word in meaning)
    for (a, b), meaning in _PHRASES.items()
}
_PHRASE_VERBS = frozenset(verb for verb, _ in _PHRASE_STEMS)
PHRASE_GAP = 3  # words between a phrase's verb and its particle: "pull the US military out"


_AXES = {_SYNONYMS.get(stem(word), stem(word)): axis
         for axis, words in _OPPOSITES for word in words}


# The two opposite sides of each question: a report on one side and a report on the
# other answer it differently ("withdraw" against "remain").
_STANCES = {"withdraw": ("presence", 0), "remain": ("presence", 1),
            "increase": ("change", 0), "reduce": ("change", 1)}


def stance(feature: str) -> tuple[str, int] | None:
    """The question a word feature answers and which way ("withdraw": presence, 0)."""
    return _STANCES.get(feature)


def axis(feature: str) -> str | None:
    """The question a word feature answers one way or the other, if any ("withdraw",
    "remain": "presence")."""
    return _AXES.get(feature)


def exact(feature_norm: str) -> str | None:
    """The stem of a token whose word feature is a synonym group's, so that the same
    word ranks above a synonym ("mission"/"mission" above "mission"/"goal")."""
    stemmed = stem(feature_norm)
    return stemmed if stemmed in _SYNONYMS and feature_norm not in STOP_WORDS else None


@lru_cache(maxsize=100_000)
def term(norm: str) -> str | None:
    """The word feature of a normalised token, or None for stop words and bare numbers."""
    if norm in STOP_WORDS or len(norm) < 2 or norm.isdigit():
        return None
    stemmed = stem(norm)
    return _SYNONYMS.get(stemmed, stemmed)


def terms(words: list[Token]) -> Iterator[tuple[int, int, str]]:
    """(first, last token index, word feature) of the content words; a phrase ("pull
    out", "bring the troops home", "pull the US military out") gives its meaning's
    features over its verb and particle, the words between counting as well."""
    skip: set[int] = set()
    for index, token in enumerate(words):
        if index in skip:
            continue
        verb = stem(token.norm)
        if verb in _PHRASE_VERBS:
            reach = words[index + 1 : index + 2 + PHRASE_GAP]
            particle = next((index + 1 + n for n, t in enumerate(reach)
                             if (verb, stem(t.norm)) in _PHRASE_STEMS), None)
            if particle is not None:
                for feature in _PHRASE_STEMS[(verb, stem(words[particle].norm))]:
                    yield index, particle, feature
                skip.add(particle)
                continue
        feature = term(token.norm)
        if feature is not None:
            yield index, index, feature


def squeezed(text: str) -> str:
    """The text with its white space runs made one space, case folded: two passages
    compared whatever their line breaks and capitals."""
    return " ".join(text.split()).casefold()


def comparable(text: str) -> str:
    """The content words of a text as their features, for rapidfuzz's token scorers."""
    words = tokens(text)
    return " ".join(feature for _, _, feature in terms(words))
