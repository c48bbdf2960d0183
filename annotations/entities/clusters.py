"""Cross-article entity clusters: one cluster per real-world thing, whatever the spelling.

Mentions with the same normalised name form one node (``entity_graph``); rules link
nodes with a union-find:

1. the same name in two type families (the model types "Trump" PERSON here, ORG there);
   a mention with a title of office before a capitalised word ("President Trump" typed
   ORG) is read as a person outright;
2. the alias table ("U.S." = "US" = "United States" = "America");
3. spelling variants of names that are not people (``entity_matching.similar_names``);
4. people (``entity_people``): full names with the same (or one-edit) surname and
   agreeing given names; a lone surname joins the only full name with that surname;
5. acronyms: defined in a text ("Syrian Democratic Forces (SDF)") or spelling a name's
   initials ("MaT" for "Maghawir al-Thawra"), when exactly one cluster fits;
6. places (GPE/LOC/FAC) whose names resolve to one GeoNames id (``corpus.gazetteer``):
   "Raqqa" and "Ar Raqqah", "Kobani" and "Ayn al Arab", though no text pairs them.

Types: names merge freely only within a family (PERSON; ORG; GPE/LOC/FAC; NORP; ...),
but the model mistypes, so the strong signals above cross families: an identical name,
a title, the alias table (never for NORP: "American" is not "America"), an acronym, and
the per-article surname rule below. The fuzzy string rule never crosses families. A
cluster's type is the majority of its mentions' types, a mention read as a person
counting as PERSON. Values (dates, numbers) join identical normalised text only.

Two rules decide per mention, from its article, because a corpus-wide answer would be a
guess: a lone surname shared by several full names ("Kelly": "John Kelly", "Megyn
Kelly") joins the one that its own article names, if exactly one, else stays on its own;
and a single word the model typed as a non-person ("Pompeo" as GPE) joins a person only
when its article names that person with that surname.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from syria_reader.annotations.entities.acronyms import acronym_form, definitions_from, initials
from syria_reader.annotations.entities.graph import NameGraph, Node, build_graph, mention_order
from syria_reader.annotations.entities.matching import similar_pairs
from syria_reader.annotations.entities.names import (
    NORP,
    PERSON,
    PLACE,
    PLACE_DESIGNATORS,
    alias_of,
    fold,
    is_value_type,
    name_form,
)
from syria_reader.annotations.entities.people import link_people, note_mistyped_surnames
from syria_reader.corpus.entities import Mention

# Which type a cluster takes when two are equally frequent among its mentions.
_TYPE_PRIORITY = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")
_SLUG = re.compile(r"[^0-9a-z]+")


@dataclass
class EntityCluster:
    """One real-world entity across the corpus."""

    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> set[str]:
        return {mention.article_id for mention in self.mentions}

    def to_dict(self) -> dict[str, object]:
        """The row of ``syria-reader entities --json``."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": [
                {"article": m.article_id, "start": m.start, "end": m.end, "text": m.text}
                for m in self.mentions
            ],
        }


def cluster_mentions(
    mentions: Iterable[Mention], texts: Mapping[str, str] | None = None
) -> list[EntityCluster]:
    """Group mentions into entity clusters.

    ``texts`` maps article id to article text; it is read only for the acronyms the
    articles define ("Syrian Democratic Forces (SDF)"). Clusters come biggest first.
    """
    graph = build_graph(sorted(set(mentions), key=mention_order))
    _link_same_name_across_types(graph)
    _link_aliases(graph)
    _link_similar_names(graph)
    full_by_surname = link_people(graph)
    _link_acronyms(graph, definitions_from(texts))
    _link_same_place(graph)
    note_mistyped_surnames(graph, full_by_surname)
    return _assemble(graph)


# --- linking rules --------------------------------------------------------------------


def _link_same_name_across_types(graph: NameGraph) -> None:
    """The model's type for one name wavers ("Trump" ORG/PERSON, "Manbij" PRODUCT/GPE);
    an identical normalised name in two families is one thing."""
    first_with_key: dict[str, int] = {}
    for index in graph.names():
        key = graph.nodes[index].form.key
        graph.uf.union(first_with_key.setdefault(key, index), index)


def _link_aliases(graph: NameGraph) -> None:
    """The alias table; never for NORP, since "American" is not "America"."""
    first_in_group: dict[str, int] = {}
    for index in graph.names():
        node = graph.nodes[index]
        if node.group == NORP:
            continue
        groups = {alias_of(node.form.key, surface) for surface in node.surfaces}
        for group in sorted(g for g in groups if g is not None):
            graph.uf.union(first_in_group.setdefault(group, index), index)


def _link_similar_names(graph: NameGraph) -> None:
    """Spelling variants of names that are not people, within one type family."""
    candidates = [i for i in graph.names() if graph.nodes[i].group != PERSON]
    forms = [graph.nodes[i].form for i in candidates]
    blocks = [graph.nodes[i].group for i in candidates]
    for first, second in similar_pairs(forms, blocks):
        graph.uf.union(candidates[first], candidates[second])


def _link_same_place(graph: NameGraph) -> None:
    """Place names that the gazetteer resolves to one GeoNames id are one place."""
    from syria_reader.corpus.gazetteer import lookup

    places = [i for i in graph.names() if graph.nodes[i].group == PLACE]
    names = {i: graph.nodes[i].surfaces.most_common(1)[0][0] for i in places}
    found = lookup(names.values())
    first_with_id: dict[int, int] = {}
    for index, name in names.items():
        place = found.get(name)
        if place is not None:
            graph.uf.union(first_with_id.setdefault(place.geonameid, index), index)


def _link_acronyms(graph: NameGraph, definitions: dict[str, set[str]]) -> None:
    """An acronym joins the one cluster its text definition or its initials point to."""
    names = [i for i in graph.names() if graph.nodes[i].group != NORP]
    by_key: dict[str, list[int]] = defaultdict(list)
    for index in names:
        by_key[graph.nodes[index].form.key].append(index)
    by_initials = _initials_index(graph, names)
    for index in names:
        for acronym in _acronyms_of(graph.nodes[index]):
            expansions = [
                i
                for expansion in sorted(definitions.get(acronym, ()))
                for i in by_key.get(name_form(expansion, "ORG").key, ())
            ]
            # Initials alone are weaker evidence: two letters ("IS") match too much.
            if not expansions and len(acronym) >= 3:
                expansions = by_initials.get(acronym, [])
            _join_if_unique(graph, index, expansions)


def _initials_index(graph: NameGraph, names: list[int]) -> dict[str, list[int]]:
    """Initials -> nodes of names of several words ("MaT", "MT" and "MAT" for
    "Maghawir al-Thawra")."""
    index: dict[str, list[int]] = defaultdict(list)
    for node_index in names:
        display = graph.nodes[node_index].form.display
        if len(display.split()) > 1 or "-" in display:
            every, capitals = initials(display)
            for spelling in {every, capitals, every.upper()}:
                if len(spelling) > 1:
                    index[spelling].append(node_index)
    return index


def _acronyms_of(node: Node) -> list[str]:
    """The acronyms a node is written as, without "the" or a possessive ("the SDF's")."""
    shown = {name_form(surface, "ORG").display for surface in node.surfaces}
    return sorted({a for text in shown if (a := acronym_form(text)) is not None})


def _join_if_unique(graph: NameGraph, index: int, candidates: list[int]) -> None:
    own = graph.uf.find(index)
    roots = {graph.uf.find(i) for i in candidates} - {own}
    if len(roots) == 1:
        graph.uf.union(own, roots.pop())


# --- clusters -------------------------------------------------------------------------


def _assemble(graph: NameGraph) -> list[EntityCluster]:
    find = graph.uf.find
    root_of = [find(i) for i in range(len(graph.nodes))]
    # Each mention with the type it votes for: one joined to a person by its article
    # ("Dillon" typed ORG beside "Ryan Dillon") or read as one for its title votes PERSON.
    members: dict[int, list[tuple[Mention, str]]] = defaultdict(list)
    people_in = _people_by_article(graph, root_of)
    roots_with_people = {root_of[i] for i, n in enumerate(graph.nodes) if n.group == PERSON}
    ambiguous: dict[int, set[int]] = defaultdict(set)
    for root, targets in graph.ambiguous.items():
        ambiguous[find(root)].update(root_of[i] for i in targets)
    for position, mention in enumerate(graph.mentions):
        node = graph.node_of[position]
        root = root_of[node]
        candidates: set[int] = set()
        if root in ambiguous:
            candidates = ambiguous[root]
        elif node in graph.mistyped and root not in roots_with_people:
            candidates = {root_of[i] for i in graph.mistyped[node]}
        here = candidates & people_in.get(mention.article_id, set())
        if len(here) == 1:
            members[here.pop()].append((mention, PERSON))
        else:
            is_person = graph.nodes[node].group == PERSON
            members[root].append((mention, PERSON if is_person else mention.type))
    return _finish([_make_cluster(group) for group in members.values()])


def _people_by_article(graph: NameGraph, root_of: list[int]) -> dict[str, set[int]]:
    """Article id -> clusters (roots) that its PERSON mentions belong to."""
    found: dict[str, set[int]] = defaultdict(set)
    for position, mention in enumerate(graph.mentions):
        node = graph.node_of[position]
        if graph.nodes[node].group == PERSON:
            found[mention.article_id].add(root_of[node])
    return found


def _majority_type(votes: list[str]) -> str:
    counts = Counter(votes)

    def rank(label: str) -> tuple[int, int, str]:
        priority = _TYPE_PRIORITY.index(label) if label in _TYPE_PRIORITY else 99
        return -counts[label], priority, label

    return min(counts, key=rank)


def _display(mention: Mention) -> str:
    if is_value_type(mention.type):
        return " ".join(mention.text.split())
    return name_form(mention.text, mention.type).display or mention.text.strip()


def canonical_name(mentions: list[Mention]) -> str:
    """The most complete common form: most name words ("Donald Trump" over "Trump"),
    then capitalised, then most frequent, then longest, then alphabetical."""
    counts = Counter(_display(mention) for mention in mentions)

    def rank(name: str) -> tuple[int, bool, int, int, str]:
        words = [w for w in name.split() if w.lower() not in PLACE_DESIGNATORS]
        has_capital = any(ch.isupper() for ch in name)
        return -len(words), not has_capital, -counts[name], -len(name), name

    return min(counts, key=rank)


def _make_cluster(entries: list[tuple[Mention, str]]) -> EntityCluster:
    mentions = [mention for mention, _vote in entries]  # in order: appended in order
    label = _majority_type([vote for _mention, vote in entries])
    name = canonical_name(mentions)
    aliases = sorted({" ".join(m.text.split()) for m in mentions})
    return EntityCluster(_base_id(label, name), name, label, aliases, mentions)


def _base_id(label: str, name: str) -> str:
    """"ent-person-donald-trump": readable, and the same for the same input every run."""
    slug = _SLUG.sub("-", fold(name).replace("'", "").replace(".", "")).strip("-")
    if not slug:
        slug = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return f"ent-{label.lower()}-{slug}"


def _finish(clusters: list[EntityCluster]) -> list[EntityCluster]:
    """Suffix ids that collide ("-2", "-3") in a fixed order; biggest clusters first."""
    clusters.sort(key=lambda c: (c.id, c.mentions[0]))
    taken = {cluster.id for cluster in clusters}
    previous = ""
    for cluster in clusters:
        base, number = cluster.id, 1
        if base != previous:
            previous = base
            continue
        while cluster.id in taken:
            number += 1
            cluster.id = f"{base}-{number}"
        taken.add(cluster.id)
    clusters.sort(key=lambda c: (-len(c.mentions), c.id))
    return clusters
