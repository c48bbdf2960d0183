"""The comparison as one self-contained HTML page: no script, no network, styles
inline; the stories where the reports part first, every passage quoted with its
article, source and date, and each story's main quantity drawn as an SVG chart.

Every piece of text we did not write is escaped (``html.escape``): a quote holding
"<script>" shows those characters."""

from __future__ import annotations

import html

from syria_reader.annotations.compare.chart import timeline_svg
from syria_reader.annotations.compare.stories import Column, Comparison, Story, short_quote
from syria_reader.corpus.visible import visible


def escape(value: str) -> str:
    """Other people's text for HTML: its control characters made visible, then escaped."""
    return html.escape(visible(value))

GENERATOR = "syria-reader compare"
_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td, th { padding: .2rem .8rem .2rem 0; text-align: left; }
.story { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; margin: 1rem 0; }
.flag { display: inline-block; background: #fde0dd; color: #a50f15; border-radius: 4px;
        padding: 0 .4rem; margin-right: .3rem; font-size: .85rem; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid #9ecae1; }
.where { color: #555; font-size: .9rem; } .silent, .undated { color: #777; }
"""


def report(comparison: Comparison) -> str:
    columns = {c.id: c for c in comparison.columns}
    parting = [s for s in comparison.stories if s.disagrees]
    agreeing = [s for s in comparison.stories if not s.disagrees]
    count = len(comparison.stories)
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             f'<meta name="generator" content="{GENERATOR}">',
             "<title>Where the reports agree and disagree</title>",
             f"<style>{_STYLE}</style></head><body>",
             f"<h1>Where the reports agree and disagree: {count} "
             f"{'story' if count == 1 else 'stories'}</h1>",
             "<h2>Articles, by date</h2>", "<table><tr><th>Date</th><th>Source</th>"
             "<th>Title</th></tr>"]
    for column in comparison.columns:
        parts.append(f"<tr><td>{escape(column.date or 'undated')}</td>"
                     f"<td>{escape(column.source or '')}</td><td>{escape(column.title)}</td></tr>")
    parts.append("</table>")
    if comparison.undated:
        parts.append(f'<p class="undated">{len(comparison.undated)} undated article(s) sort '
                     "after the dated ones.</p>")
    for heading, stories, ident in (("Where they disagree", parting, "disagree"),
                                    ("Where they agree", agreeing, "agree")):
        if stories:
            parts.append(f'<h2 id="{ident}">{heading}</h2>')
            parts += [_story(story, columns) for story in stories]
    if not comparison.stories:
        parts.append("<p>No stories yet: link claims across articles to compare them.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _story(story: Story, columns: dict[str, Column]) -> str:
    flags = "".join(f'<span class="flag">{escape(flag)}</span>' for flag in story.flags)
    parts = [f'<section class="story" id="{escape(story.id)}">',
             f"<h3>{flags}{escape(story.title)}</h3>"]
    quoted = {p.claim.id: p for p in story.passages}
    for passage in story.passages:
        claim = passage.claim
        label = f" · {escape(claim.label)}" if claim.label else ""
        if passage.orphaned:
            label += " · <em>no longer in the article's text</em>"
        note = f"<br><em>{escape(claim.note)}</em>" if claim.note else ""
        parts.append(f'<div class="where">{_where(columns.get(claim.article_id), claim.article_id)}'
                     f"{label}</div><blockquote>{escape(claim.quote)}{note}</blockquote>")
    details = []
    for link in story.links:
        one, other = quoted.get(link.source), quoted.get(link.target)
        if one and other:
            details.append(f"“{escape(short_quote(one.claim.quote))}” <strong>"
                           f"{escape(link.relation)}</strong> “"
                           f"{escape(short_quote(other.claim.quote))}”")
    details += [f"Figures differ: {escape(d.describe())}" for d in story.differences]
    if story.silent:
        names = ", ".join(_where(columns.get(a), a) for a in story.silent[:10])
        more = f" and {len(story.silent) - 10} more" if len(story.silent) > 10 else ""
        details.append(f'<span class="silent">Silent: {names}{more}</span>')
    if details:
        parts.append("<ul>" + "".join(f"<li>{item}</li>" for item in details) + "</ul>")
    chart = timeline_svg(story.timeline, f"{story.title}: the figure in each report")
    if chart:
        parts.append(f"<figure>{chart}</figure>")
    parts.append("</section>")
    return "\n".join(parts)


def _where(column: Column | None, article_id: str) -> str:
    if column is None:
        return escape(article_id)
    title = f" — {escape(column.title)}" if column.source else ""
    return (f"<strong>{escape(column.source or column.title)}</strong>, "
            f"{escape(column.date or 'undated')}{title}")
