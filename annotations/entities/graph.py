"""The graph the clustering rules work on: one node per normalised name, a union-find.

Mentions that normalise to the same name in the same type family share a node, so the
pairwise rules run over distinct names (hundreds), never over mentions (tens of
thousands). The rules only ever union nodes; ``ambiguous`` and ``mistyped`` record what
must be decided per mention, from its article, when the clusters are assembled.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from syria_reader.annotations.entities.matching import PersonName, person_name
from syria_reader.annotations.entities.names import (
    PERSON,
    NameForm,
    is_value_type,
    name_form,
    type_group,
    value_key,
    word_tokens,
)
from syria_reader.corpus.entities import Mention


class UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps the trees flat
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:  # the lower index stays root: the result never depends on order
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


@dataclass
class Node:
    """All mentions sharing one normalised name within one type family."""

    group: str  # type family ("PERSON", "ORG", "PLACE", ...) or the value type
    form: NameForm
    is_value: bool
    surfaces: Counter[str] = field(default_factory=Counter)
    person: PersonName | None = None
    full_name: bool = False  # a given name and a surname, written as a name

    @property
    def is_name(self) -> bool:
        return not self.is_value and bool(self.form.key)


@dataclass
class NameGraph:
    mentions: list[Mention]  # sorted
    nodes: list[Node]
    node_of: list[int]  # node index per mention
    uf: UnionFind
    ambiguous: dict[int, set[int]] = field(default_factory=dict)  # root -> full-name nodes
    mistyped: dict[int, list[int]] = field(default_factory=dict)  # node -> full-name nodes

    def names(self) -> list[int]:
        """Indices of the nodes that are names (not values, not empty)."""
        return [index for index, node in enumerate(self.nodes) if node.is_name]


def mention_order(mention: Mention) -> tuple[str, int, int, str, str]:
    # Mention's own ordering as a plain tuple: the dataclass __lt__ is ten times slower.
    return mention.article_id, mention.start, mention.end, mention.text, mention.type


def build_graph(mentions: list[Mention]) -> NameGraph:
    """The graph of ``mentions`` (sorted by ``mention_order``), no node linked yet."""
    index_of: dict[tuple[str, str, bool], int] = {}
    nodes: list[Node] = []
    node_of: list[int] = []
    for mention in mentions:
        key = _node_key(mention)
        if key not in index_of:
            index_of[key] = len(nodes)
            nodes.append(_new_node(mention, key[0], key[2]))
        nodes[index_of[key]].surfaces[mention.text] += 1
        node_of.append(index_of[key])
    for node in nodes:
        if node.group == PERSON and node.is_name:
            node.person = person_name(node.form.tokens)
            node.full_name = node.person is not None and not node.person.is_lone and any(
                _written_as_name(surface, node.person) for surface in node.surfaces
            )
    return NameGraph(mentions, nodes, node_of, UnionFind(len(nodes)))


def _node_key(mention: Mention) -> tuple[str, str, bool]:
    if is_value_type(mention.type):
        return mention.type, value_key(mention.text), True
    form = name_form(mention.text, mention.type)
    if form.titled and type_group(mention.type) != PERSON:
        # A title before a name is a person whatever the model said: "President Trump"/ORG.
        return PERSON, name_form(mention.text, PERSON).key, False
    # A surface with no letters or digits keeps its own node: nothing can be said of it.
    return type_group(mention.type), form.key or "\0" + mention.text, False


def _new_node(mention: Mention, group: str, is_value: bool) -> Node:
    if is_value:
        text = value_key(mention.text)
        return Node(group, NameForm(text, (text,), "", "", (), text), True)
    label = PERSON if group == PERSON else mention.type
    return Node(group, name_form(mention.text, label), False)


def _written_as_name(surface: str, person: PersonName) -> bool:
    """Given name and surname both capitalised in the text: "pro-Assad" is no full name."""
    wanted = {person.given[0], person.surname}
    capitalised = {
        tokens[0]
        for word in re.split(r"[\s\-]+", surface)
        if (tokens := word_tokens(word)) and word[:1].isupper()
    }
    return wanted <= capitalised
