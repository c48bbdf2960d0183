"""Names the store, the links, the formats and the reader share: table names, link
relations and origins, and the ref formats of a link's ends.

No imports: the reader uses these before it loads the store.
"""

from __future__ import annotations

# The store's tables.
ANNOTATIONS = "annotations"
LINKS = "links"
HISTORY = "history"
ENTITY_CORRECTIONS = "entity_corrections"
ARTICLE_METADATA = "article_metadata"
ARTICLE_FIELDS = ("title", "source", "date")  # what the analyst may set of an article

# A link's relation, and where it came from ("rejected": a suggestion turned down).
RELATIONS = ("same", "supports", "contradicts", "updates")
ORIGINS = ("suggested", "confirmed", "rejected")

# A link's end is an annotation id, an entity cluster id (``ent-…``) or a passage.
PASSAGE = "passage:"
CLUSTER = "ent-"


def passage_ref(article_id: str, start: int, end: int) -> str:
    """The ref of a span that is not (yet) an annotation: ``passage:ARTICLE:START-END``."""
    return f"{PASSAGE}{article_id}:{start}-{end}"
