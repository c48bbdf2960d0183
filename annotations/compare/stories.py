"""Stories: the claims of the reports grouped by the analyst's confirmed links, each
with its passages per article and what sets the reports apart.

A story is a connected component of claims under confirmed links (any relation). Its
flags say where the reports part: figures for the same thing that differ, a
``contradicts`` link, an ``updates`` chain (a later report revising an earlier one),
and the articles that say nothing on it. Stories with a discrepancy come first.

Articles are ordered by date (the analyst's, else the file's); undated ones follow the
dated, in corpus order, and say so. A story's passages are claims and notes (a link
may start from a note); one whose text is gone from its article (orphaned) is kept and
marked; one in an article no longer in the corpus is left out and counted.

A story of thousands of linked passages stays cheap: figures are compared between its
first ``COMPARED`` passages, and at most ``DIFFERENCES`` differences are kept.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from syria_reader.annotations.compare.quantities import Quantity, comparable, differing, quantities
from syria_reader.annotations.linking.links import Link
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Article

_TITLE_LENGTH = 80
COMPARED = 60  # passages of a story whose figures are compared, pair by pair
DIFFERENCES = 20  # differences kept per story
PASSAGE_KINDS = ("claim", "note")


@dataclass(frozen=True)
class Column:
    """An article as the comparison shows it: in date order, undated last."""

    id: str
    title: str
    source: str | None
    date: str | None

    @property
    def dated(self) -> bool:
        return self.date is not None

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "source": self.source, "date": self.date,
                "dated": self.dated}


@dataclass(frozen=True)
class Passage:
    claim: Annotation
    quantities: tuple[Quantity, ...]

    @property
    def orphaned(self) -> bool:
        """Its text is no longer in its article (the quote is what it was)."""
        return self.claim.orphaned

    def to_dict(self) -> dict[str, object]:
        claim = self.claim
        return {"claim": claim.id, "kind": claim.kind, "article": claim.article_id,
                "start": claim.start, "end": claim.end, "quote": claim.quote,
                "label": claim.label, "note": claim.note, "orphaned": claim.orphaned,
                "figures": [q.to_dict() for q in self.quantities]}


@dataclass(frozen=True)
class Difference:
    """Two passages' figures for one thing that differ."""

    one: Passage
    other: Passage
    ours: Quantity
    theirs: Quantity

    @property
    def counts(self) -> str:
        """The words both say the figures count: "troop"."""
        return " ".join(sorted(self.ours.subject & self.theirs.subject))

    def describe(self) -> str:
        what = f" ({self.counts})" if self.counts else ""
        return f"{self.ours.value} vs {self.theirs.value}{what}"

    def to_dict(self) -> dict[str, object]:
        return {"claims": [self.one.claim.id, self.other.claim.id],
                "values": [self.ours.value, self.theirs.value], "counts": self.counts}


@dataclass(frozen=True)
class Point:
    """A story's quantity as one article gives it, for the timeline."""

    column: Column
    quantity: Quantity
    claim: str


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    passages: tuple[Passage, ...]  # in column order, then by place in the article
    links: tuple[Link, ...]
    differences: tuple[Difference, ...]
    order: tuple[str, ...]  # every article id in column order (one tuple for all stories)
    timeline: tuple[Point, ...] = ()  # the story's main quantity, article by article
    elsewhere: int = 0  # passages in articles no longer in the corpus (left out)

    @property
    def silent(self) -> tuple[str, ...]:
        """The articles with nothing on it, in column order (worked out when asked: on
        a thousand articles most stories' list would be most of the corpus)."""
        present = set(self.articles)
        return tuple(article for article in self.order if article not in present)

    @property
    def silent_count(self) -> int:
        return len(self.order) - len(self.articles)

    @property
    def contradicts(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.relation == "contradicts")

    @property
    def updates(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.relation == "updates")

    @property
    def flags(self) -> tuple[str, ...]:
        """What sets the reports apart here, most telling first."""
        found = []
        if self.differences:
            found.append("figures differ")
        if self.contradicts:
            found.append("contradicts")
        if self.updates:
            found.append("updated")
        return tuple(found)

    @property
    def disagrees(self) -> bool:
        return bool(self.flags)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.claim.article_id for p in self.passages))

    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({p.claim.label for p in self.passages if p.claim.label}))

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title, "flags": list(self.flags),
            "passages": [p.to_dict() for p in self.passages],
            "links": [{"id": link.id, "source": link.source, "target": link.target,
                       "relation": link.relation} for link in self.links],
            "differences": [d.to_dict() for d in self.differences],
            # The articles it is in; how many say nothing (their ids are the others': a
            # list per story would be most of the corpus, story after story).
            "articles": list(self.articles),
            "silent": self.silent_count,
            "not_in_corpus": self.elsewhere,
            "timeline": [{"article": point.column.id, "date": point.column.date,
                          "value": point.quantity.value, "low": point.quantity.figure.low,
                          "high": point.quantity.figure.high, "claim": point.claim}
                         for point in self.timeline],
        }


@dataclass
class Comparison:
    columns: list[Column]
    stories: list[Story]
    undated: list[str] = field(default_factory=list)  # articles with no date

    def to_dict(self) -> dict[str, object]:
        return {"articles": [c.to_dict() for c in self.columns],
                "undated": self.undated,
                "stories": [story.to_dict() for story in self.stories]}


def columns(articles: Iterable[Article]) -> list[Column]:
    """The articles in date order, the undated after the dated (in corpus order)."""
    found = [Column(a.id, a.title, a.source, a.date) for a in articles]
    dated = sorted((c for c in found if c.dated), key=lambda c: str(c.date))
    return dated + [c for c in found if not c.dated]


def compare(articles: Sequence[Article], annotations: Iterable[Annotation],
            links: Iterable[Link]) -> Comparison:
    """The stories of ``annotations`` (claims and notes) under ``links`` (confirmed ones
    count), over ``articles`` (with the analyst's metadata applied)."""
    ordered = columns(articles)
    place = {column.id: index for index, column in enumerate(ordered)}
    by_id = {a.id: a for a in annotations if a.kind in PASSAGE_KINDS}
    confirmed = [link for link in links if link.origin == "confirmed"
                 and link.source in by_id and link.target in by_id]
    groups = _components(confirmed)
    group_of = {key: number for number, members in enumerate(groups) for key in members}
    links_of: list[list[Link]] = [[] for _ in groups]
    for link in confirmed:
        links_of[group_of[link.source]].append(link)
    order = tuple(column.id for column in ordered)
    stories = []
    for members, inside in zip(groups, links_of, strict=True):
        here = [by_id[key] for key in members if by_id[key].article_id in place]
        if len(here) < 2:
            continue  # the rest of it is in articles no longer in the corpus
        chosen = sorted(here, key=lambda c: (place[c.article_id], c.start, c.id))
        passages = tuple(Passage(claim, quantities(claim.quote)) for claim in chosen)
        shown = {claim.id for claim in chosen}
        stories.append(Story(
            id=story_id(members),
            title=_title(chosen[0].quote),
            passages=passages,
            links=tuple(sorted((link for link in inside
                                if link.source in shown and link.target in shown),
                               key=lambda link: (link.created, link.id))),
            differences=_differences(passages[:COMPARED]),
            order=order,
            timeline=_timeline(passages[:COMPARED], ordered),
            elsewhere=len(members) - len(here),
        ))
    stories.sort(key=lambda s: (-len(s.flags), -len(s.articles), s.passages[0].claim.created,
                                s.id))
    return Comparison(ordered, stories, [c.id for c in ordered if not c.dated])


def story_id(members: Iterable[str]) -> str:
    """A story's id: stable while its earliest-named claim stays in it, and unique
    whatever the claim ids look like (imported ones may share any prefix)."""
    return "story-" + hashlib.sha256(min(members).encode()).hexdigest()[:12]


def short_quote(quote: str, words: int = 8) -> str:
    """The first ``words`` words of a quote, "…" if cut: a quote named in a relation."""
    found = quote.split()
    return " ".join(found[:words]) + ("…" if len(found) > words else "")


def _components(links: Sequence[Link]) -> list[set[str]]:
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]  # halve the path
            key = parent[key]
        return key

    for link in links:
        one, other = root(link.source), root(link.target)
        if one != other:
            parent[max(one, other)] = min(one, other)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in parent:
        groups[root(key)].add(key)
    return list(groups.values())


def _differences(passages: tuple[Passage, ...]) -> tuple[Difference, ...]:
    found = []
    for one, other in combinations(passages, 2):
        if one.claim.article_id == other.claim.article_id:
            continue
        found += [Difference(one, other, ours, theirs)
                  for ours, theirs in differing(one.quantities, other.quantities)]
        if len(found) >= DIFFERENCES:
            break
    return tuple(found[:DIFFERENCES])


def _timeline(passages: tuple[Passage, ...], ordered: list[Column]) -> tuple[Point, ...]:
    """The quantity most passages give, one point per article that gives it."""
    counted = [(p, q) for p in passages for q in p.quantities]
    if len(counted) < 2:
        return ()

    def support(quantity: Quantity) -> int:  # how many others count the same thing
        return sum(1 for _, other in counted if other is quantity or comparable(quantity, other))

    best = max((quantity for _, quantity in counted), key=support)
    columns = {c.id: c for c in ordered}
    points: dict[str, Point] = {}
    for passage, quantity in counted:
        article = passage.claim.article_id
        if article in columns and article not in points and (
                quantity is best or comparable(best, quantity)):
            points[article] = Point(columns[article], quantity, passage.claim.id)
    order = {c.id: n for n, c in enumerate(ordered)}
    return tuple(sorted(points.values(), key=lambda p: order[p.column.id])) \
        if len(points) > 1 else ()


def _title(quote: str) -> str:
    text = " ".join(quote.split())
    if len(text) <= _TITLE_LENGTH:
        return text
    cut = text.rfind(" ", 0, _TITLE_LENGTH)
    return text[: cut if cut > 0 else _TITLE_LENGTH] + "…"


def disagreeing(stories: Iterable[Story]) -> list[Story]:
    """The stories where the reports part: figures differ, a contradiction, an update."""
    return [story for story in stories if story.disagrees]


def labelled(stories: Iterable[Story], label: str) -> list[Story]:
    """The stories with a passage of ``label``."""
    return [story for story in stories if any(p.claim.label == label for p in story.passages)]


def about(stories: Iterable[Story], mentions: Iterable[tuple[str, int, int]]) -> list[Story]:
    """The stories with a passage that names one of ``mentions`` (article, start, end):
    what each report says about one entity, given its cluster's mentions."""
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article, start, end in mentions:
        by_article[article].append((start, end))
    return [story for story in stories if any(
        p.claim.start < end and start < p.claim.end
        for p in story.passages for start, end in by_article.get(p.claim.article_id, ()))]
