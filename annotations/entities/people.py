"""People across articles: full names, lone surnames, and surnames the model mistyped.

Full names link when their surnames match (equal, or one edit apart when long enough:
"Jeffery"/"Jeffrey") and their given names agree ("Benyamin"/"Binyamin", "Jim"/"James",
"J."/"James"); people who only share a given name or a title stay apart. A lone surname
joins the only full name with that surname in the corpus; with several ("Kelly": "John
Kelly", "Megyn Kelly") it is left to each mention's article, as is a single word the
model typed ORG or GPE that is a person's surname ("Pompeo", "Dillon").
"""

from __future__ import annotations

from collections import defaultdict

from syria_reader.annotations.entities.acronyms import acronym_form
from syria_reader.annotations.entities.graph import NameGraph
from syria_reader.annotations.entities.matching import PersonName, same_person, surname_pairs
from syria_reader.annotations.entities.names import PERSON, is_alias_key

Surnames = dict[str, list[int]]  # surname -> node indices


def link_people(graph: NameGraph) -> Surnames:
    """Union the nodes of one person; returns the full-name nodes by surname."""
    full: Surnames = defaultdict(list)
    lone: Surnames = defaultdict(list)
    for index in graph.names():
        node = graph.nodes[index]
        if node.person is None:
            continue
        if node.full_name:
            full[node.person.surname].append(index)
        elif node.person.is_lone:
            lone[node.person.surname].append(index)
    neighbours = surname_neighbours(sorted(full.keys() | lone.keys()))
    _link_full_names(graph, full, neighbours)
    _link_lone_names(graph, lone, neighbours)
    _attach_lone_names(graph, full, lone, neighbours)
    return full


def surname_neighbours(surnames: list[str]) -> dict[str, list[str]]:
    """Each surname's variants ("jeffery" -> ["jeffrey"]), found by blocked cdist."""
    neighbours: dict[str, list[str]] = {surname: [] for surname in surnames}
    for first, second in surname_pairs(surnames):
        neighbours[surnames[first]].append(surnames[second])
        neighbours[surnames[second]].append(surnames[first])
    return neighbours


def _person(graph: NameGraph, index: int) -> PersonName:
    person = graph.nodes[index].person
    assert person is not None
    return person


def _link_full_names(graph: NameGraph, full: Surnames, neighbours: dict[str, list[str]]) -> None:
    for surname, members in full.items():
        others = [i for variant in neighbours[surname] if variant > surname
                  for i in full.get(variant, ())]
        for position, a in enumerate(members):
            for b in members[position + 1 :] + others:
                if same_person(_person(graph, a), _person(graph, b)):
                    graph.uf.union(a, b)


def _link_lone_names(graph: NameGraph, lone: Surnames, neighbours: dict[str, list[str]]) -> None:
    """"Jeffrey" and "Jeffery" alone are one name (suffixes aside: "Trump Jr")."""
    for surname, members in lone.items():
        others = [i for variant in neighbours[surname] for i in lone.get(variant, ())]
        for other in members[1:] + others:
            if _person(graph, other).suffix == _person(graph, members[0]).suffix:
                graph.uf.union(members[0], other)


def _targets(surname: str, full: Surnames, neighbours: dict[str, list[str]]) -> list[int]:
    # An exact surname beats a variant: "Jeffrey" belongs to "Tom Jeffrey" if there is one.
    exact = full.get(surname)
    return exact or [i for variant in neighbours.get(surname, ()) for i in full.get(variant, ())]


def _attach_lone_names(
    graph: NameGraph, full: Surnames, lone: Surnames, neighbours: dict[str, list[str]]
) -> None:
    """A lone surname joins the full name with that surname when the corpus has one;
    with several it is ambiguous and decided per article when clusters are assembled."""
    find = graph.uf.find
    roots_with_full = {find(i) for members in full.values() for i in members}
    wanted: dict[int, set[int]] = defaultdict(set)
    for surname, members in lone.items():
        targets = _targets(surname, full, neighbours)
        for index in members:
            if targets and find(index) not in roots_with_full:
                wanted[find(index)].update(targets)
    for root, targets in sorted(wanted.items()):
        target_roots = {find(i) for i in targets}
        if len(target_roots) == 1:
            graph.uf.union(root, target_roots.pop())
        else:
            graph.ambiguous[root] = targets


def note_mistyped_surnames(graph: NameGraph, full: Surnames) -> None:
    """Single words typed as organisations or places that are also a person's surname,
    exactly or as a variant ("Dilon" for "Ryan Dillon"). Whether each mention is that
    person is decided by its article: "Jordan" the country stays a country unless its
    article names a Michael Jordan."""
    words: dict[int, str] = {}
    for index in graph.names():
        node = graph.nodes[index]
        tokens = node.form.tokens
        if node.group == PERSON or len(tokens) != 1 or is_alias_key(node.form.key):
            continue
        if tokens[0].isalpha() and not any(acronym_form(s) for s in node.surfaces):
            words[index] = tokens[0]
    neighbours = surname_neighbours(sorted(set(words.values()) | full.keys()))
    for index, word in words.items():
        targets = _targets(word, full, neighbours)
        if targets:
            graph.mistyped[index] = targets
