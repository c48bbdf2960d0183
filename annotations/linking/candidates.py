"""Which sentences the related-passages engine offers: the claim-bearing ones.

Datelines ("CNN —"), bylines ("By Jane Doe"), captions and credits ("[Photo: VOA News /
YouTube ]", "02:32 - Source: CNN", "Members of Iran's Revolutionary GuardsReuters"),
page furniture ("Story highlights", "Related Content"), file names and fragments say
nothing an analyst compares, yet one shared word or entity used to rank them first.
A tagged claim is always a candidate: the analyst chose it.
"""

from __future__ import annotations

import re

from syria_reader.annotations.linking.text import squeezed

MIN_WORDS = 4  # fewer words than this are a label or a fragment, not a claim
CAPTION_WORDS = 12  # a line this short that does not end as a sentence is a caption
_WORD = re.compile(r"[^\W\d_]{2,}")
_FURNITURE = re.compile(
    r"""^\W*(?:photo|image|picture|video|graphic|source|credit|file|caption|watch|read\s+more)
        \s*:"""  # "[Photo: …]", "Source: …"
    r"|\.(?:jpe?g|png|gif|webp|mp4)\b"  # a file name
    r"|^\d{1,2}:\d{2}\b"  # a video's running time: "02:32 - Source: CNN"
    r"|^\s*by\s+(?:[A-Z][\w.'’-]*\s*(?:,|and)?\s*){1,6}$",  # a byline
    re.IGNORECASE | re.VERBOSE,
)
_DATELINE = re.compile(r"^[^\W\d_][\w .,()'’/-]{0,40}\s*[—–-]+\s*$")
# How a sentence of running text ends: a stop, or a closing quote or bracket after one.
_ENDS_AS_SENTENCE = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$|[\"”]\s*$")


def claim_bearing(sentence: str, whole_line: bool = False, title: str = "") -> bool:
    """Whether ``sentence`` can hold a claim. ``whole_line``: it is its line's only
    sentence, where a short line that does not end as a sentence is a headline or a
    caption: kept only when it is the article's ``title``. (A long one is a summary
    point, such as a "Story highlights" line.)"""
    text = sentence.strip()
    words = len(_WORD.findall(text))
    if words < MIN_WORDS:
        return False
    if _FURNITURE.search(text) or _DATELINE.match(text):
        return False
    if whole_line and words < CAPTION_WORDS and not _ENDS_AS_SENTENCE.search(text):
        return squeezed(text) == squeezed(title)
    return True
