"""The comparison as Markdown: the articles by date, then each story, the ones where
the reports part first, every passage quoted with its article, source and date.

Quotes, notes, titles and labels are other people's text: each is escaped so that no
Markdown reader takes it for markup (a quote starting with "#" or holding "<script>"
stays those characters)."""

from __future__ import annotations

from syria_reader.annotations.compare.stories import Column, Comparison, Story, short_quote
from syria_reader.corpus.visible import visible

MARKER = "<!-- syria-reader compare report -->"
# What makes inline Markdown (or HTML inside it) of plain text; every text here follows
# a prefix of ours ("- ", "| ", "### "), so line-start markers cannot arise.
_SPECIAL = "\\`*_[]<>|~&"


def text(value: str) -> str:
    """``value`` as literal Markdown text on one line, its control characters visible."""
    flat = visible(" ".join(value.split()))
    return "".join(f"\\{c}" if c in _SPECIAL else c for c in flat)


def report(comparison: Comparison) -> str:
    columns = {c.id: c for c in comparison.columns}
    lines = [MARKER, "", f"# Where the reports agree and disagree: {len(comparison.stories)} "
             f"{'story' if len(comparison.stories) == 1 else 'stories'}", "",
             "## Articles, by date", "", "| Date | Source | Title |", "| --- | --- | --- |"]
    for column in comparison.columns:
        lines.append(f"| {text(column.date or 'undated')} | {text(column.source or '')} "
                     f"| {text(column.title)} |")
    if comparison.undated:
        lines += ["", f"{len(comparison.undated)} undated "
                  f"{'article sorts' if len(comparison.undated) == 1 else 'articles sort'} "
                  "after the dated ones."]
    parting = [s for s in comparison.stories if s.disagrees]
    agreeing = [s for s in comparison.stories if not s.disagrees]
    for heading, stories in (("Where they disagree", parting), ("Where they agree", agreeing)):
        if stories:
            lines += ["", f"## {heading}"]
            for story in stories:
                lines += ["", *_story(story, columns)]
    if not comparison.stories:
        lines += ["", "No stories yet: link claims across articles (`l` in the reader, or "
                  "`syria-reader link`) to compare them."]
    return "\n".join(lines) + "\n"


def _story(story: Story, columns: dict[str, Column]) -> list[str]:
    flags = f" — {', '.join(story.flags)}" if story.flags else ""
    lines = [f"### {text(story.title)}{flags}", ""]
    quoted = {p.claim.id: p for p in story.passages}
    for passage in story.passages:
        column = columns.get(passage.claim.article_id)
        where = _where(column, passage.claim.article_id)
        label = f" \\[{text(passage.claim.label)}\\]" if passage.claim.label else ""
        note = f" — {text(passage.claim.note)}" if passage.claim.note else ""
        gone = " (no longer in the article's text)" if passage.orphaned else ""
        lines.append(f"- {where}: “{text(passage.claim.quote)}”{label}{note}{gone}")
    for link in story.links:
        one, other = quoted.get(link.source), quoted.get(link.target)
        if one and other:
            lines.append(f"- “{text(short_quote(one.claim.quote))}” **{link.relation}** "
                         f"“{text(short_quote(other.claim.quote))}”")
    for difference in story.differences:
        lines.append(f"- Figures differ: {text(difference.describe())}")
    if story.timeline:
        steps = ", ".join(f"{text(p.quantity.value)} ({text(p.column.date or 'undated')})"
                          for p in story.timeline)
        lines.append(f"- Over time: {steps}")
    if story.silent:
        names = ", ".join(_where(columns.get(a), a) for a in story.silent[:10])
        more = f" and {len(story.silent) - 10} more" if len(story.silent) > 10 else ""
        lines.append(f"- Silent: {names}{more}")
    return lines


def _where(column: Column | None, article_id: str) -> str:
    if column is None:
        return text(article_id)
    return f"**{text(column.source or column.title)}**, {text(column.date or 'undated')}"
