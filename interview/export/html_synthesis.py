"""The synthesis as one self-contained HTML file to share: e-mail it, open it from disk, print it.

No network at all (a Content-Security-Policy forbids every fetch; styles and the small
filter script are inline; system fonts). Without the script every theme, quote and the
participants × themes matrix are on the page; the script only adds filters by segment,
source and emotion (native, labelled selects: keyboard and screen-reader friendly) and
hides what does not match. Narrow screens stack; print drops the controls.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from interview.export.synthesis import Statement, Synthesis, Theme
from interview.export.synthesis_text import (
    NO_THEMES,
    attribution,
    emotions_text,
    evidence_text,
    facts,
    method_text,
    participants_text,
    withheld_text,
)
from interview.export.wording import redaction_sentence

INTERVIEWS = "Interviews"  # the source of statements that are not imported feedback
STATEMENTS_PER_THEME = 60  # beyond this a theme lists how many more there are (a feedback flood stays readable)
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _asset(name: str) -> str:
    return resources.files("interview.export").joinpath("html_assets", name).read_text(encoding="utf-8")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def source_of(statement: Statement) -> str:
    return statement.source or INTERVIEWS


def _data(statement: Statement) -> str:
    emotions = " ".join(sorted(set(statement.emotions)))
    return (f' data-segment="{_e(statement.segment)}" data-source="{_e(source_of(statement))}"'
            f' data-emotions="{_e(emotions)}"')


def _quote(statement: Statement, copies: int = 1) -> str:
    said = (f"{copies} feedback items say this · {_e(statement.session_title)}" if copies > 1
            else _e(attribution(statement)))
    return (f'<figure class="quote"{_data(statement)}><blockquote>{_e(statement.quote)}</blockquote>'
            f"<figcaption>— {said}"
            + (f' · <span class="tag">{_e(", ".join(statement.emotions))}</span>' if statement.emotions else "")
            + "</figcaption></figure>")


def _collapsed(statements: list[Statement]) -> list[tuple[Statement, int]]:
    """Interview statements one by one; feedback with the same words, source, segment and emotions once, counted."""
    out: list[tuple[Statement, int]] = []
    index: dict[tuple, int] = {}
    for s in statements:
        if not s.source:
            out.append((s, 1))
            continue
        key = (" ".join(s.quote.casefold().split()), s.source, s.segment, tuple(sorted(set(s.emotions))))
        if key in index:
            first, count = out[index[key]]
            out[index[key]] = (first, count + 1)
        else:
            index[key] = len(out)
            out.append((s, 1))
    return out


def _theme(number: int, theme: Theme, synthesis: Synthesis) -> str:
    shown = [s for s in theme.statements if not s.withheld]
    quoted = {id(s) for s in theme.quotes}
    rest = _collapsed([s for s in shown if id(s) not in quoted])
    out = [f'<section class="theme" id="theme-{number}" aria-labelledby="theme-{number}-h">',
           f'<h3 id="theme-{number}-h"><span class="num">{number}</span> {_e(theme.name)}</h3>']
    if theme.takeaway:
        out.append(f'<p class="takeaway">{_e(theme.takeaway)}</p>')
    rows = [("Raised by", participants_text(theme, synthesis)), ("Evidence", evidence_text(theme)),
            ("Emotions", emotions_text(theme))]
    out.append('<dl class="facts">' + "".join(f"<div><dt>{k}</dt><dd>{_e(v)}</dd></div>" for k, v in rows if v)
               + "</dl>")
    out += [_quote(s) for s in theme.quotes]
    if not theme.quotes:
        out.append(f'<p class="muted">{_e(withheld_text(synthesis))}</p>')
    if rest:
        more = sum(n for _, n in rest[STATEMENTS_PER_THEME:])
        total = sum(n for _, n in rest)
        out.append(f'<details open><summary>Every other statement in this theme ({total})</summary>')
        out += [_quote(s, n) for s, n in rest[:STATEMENTS_PER_THEME]]
        if more > 0:
            out.append(f'<p class="muted">…and {more} more (see the JSON or Word report).</p>')
        out.append("</details>")
    out.append('<p class="muted none" hidden>No statement in this theme matches the filters.</p>')
    out.append("</section>")
    return "\n".join(out)


def _summary(synthesis: Synthesis) -> str:
    """The same top problems as the Word and Markdown summaries (``executive.top_problems``)."""
    items = []
    for item in synthesis.summary:
        lead = item.takeaway or item.quote
        items.append(f'<li><a href="#theme-{item.number}">{_e(item.name)}</a> — {_e(item.raised_by)}'
                     + (f'<br><span class="muted">{_e(lead)}</span>' if lead else "") + "</li>")
    rule = synthesis.ranking_rule
    return (f'<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Executive summary</h2>'
            f'<p class="rule">{_e(rule)}</p><ol class="summary">{"".join(items)}</ol></section>')


def _options(values: list[str], everything: str) -> str:
    return f'<option value="">{_e(everything)}</option>' + "".join(
        f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)


def _filters(synthesis: Synthesis) -> str:
    statements = [s for t in synthesis.themes for s in t.statements if not s.withheld]
    segments = sorted({s.segment for s in statements if s.segment}, key=str.casefold)
    sources = sorted({source_of(s) for s in statements}, key=lambda v: (v != INTERVIEWS, v.casefold()))
    emotions = sorted({e for s in statements for e in s.emotions})
    selects = [("segment", "Segment", segments, "All segments"), ("source", "Source", sources, "All sources"),
               ("emotion", "Emotion", emotions, "Any emotion")]
    fields = "".join(f'<label>{label} <select id="f-{key}" data-filter="{key}">{_options(values, everything)}</select>'
                     f"</label>" for key, label, values, everything in selects)
    return (f'<form class="filters" id="filters" hidden aria-label="Filter quotes">{fields}'
            '<button type="reset">Show all</button>'
            '<p id="filter-status" role="status" aria-live="polite"></p></form>')


def _matrix(synthesis: Synthesis) -> str:
    segment_of: dict[str, str] = {}
    for theme in synthesis.themes:
        for s in theme.statements:
            if s.segment:
                segment_of.setdefault(s.participant, s.segment)
    head = "".join(f'<th scope="col"><a href="#theme-{i}" title="{_e(t.name)}">{i}</a></th>'
                   for i, t in enumerate(synthesis.themes, start=1))
    rows = []
    for name, counts in zip(synthesis.participants, synthesis.matrix):
        cells = "".join(f'<td class="{"hit" if n else ""}">{n or ""}</td>' for n in counts)
        seg = segment_of.get(name, "")
        rows.append(f'<tr data-segment="{_e(seg)}" data-source="{INTERVIEWS}"><th scope="row">{_e(name)}'
                    + (f' <span class="muted">{_e(seg)}</span>' if seg else "") + f"</th>{cells}</tr>")
    for source in synthesis.feedback_sources:  # feedback volume per theme, below the people
        cells = "".join(f'<td class="{"hit" if t.feedback_sources.get(source) else ""}">'
                        f'{t.feedback_sources.get(source) or ""}</td>' for t in synthesis.themes)
        rows.append(f'<tr class="feedback" data-segment="" data-source="{_e(source)}"><th scope="row">{_e(source)}'
                    f' <span class="muted">feedback</span></th>{cells}</tr>')
    return ('<section id="matrix" aria-labelledby="matrix-h"><h2 id="matrix-h">Participants × themes</h2>'
            '<p class="muted">Statements each participant made on each theme (column numbers are the themes above)'
            + ('; the last rows count imported feedback per source.' if synthesis.feedback_sources else '.')
            + '</p>'
            f'<div class="scroll" tabindex="0" role="region" aria-label="Participants by themes table">'
            f'<table class="matrix"><thead><tr><th scope="col">Participant</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def _table(header: list[str], rows: list[list[str]], label: str) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<div class="scroll" tabindex="0" role="region" aria-label="{_e(label)}"><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def synthesis_html(synthesis: Synthesis) -> str:
    """The whole document as one string."""
    out = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="referrer" content="no-referrer">', '<meta name="generator" content="interview">',
           f"<title>{_e(synthesis.title)}</title>", f"<style>{_asset('report.css')}</style>", "</head>", "<body>",
           '<a class="skip" href="#themes">Skip to the themes</a>', "<header>", f"<h1>{_e(synthesis.title)}</h1>",
           '<p class="muted">Confidential — customer research</p>',
           '<dl class="facts wide">' + "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>"
                                               for k, v in facts(synthesis) if v) + "</dl>"]
    sentence = redaction_sentence(synthesis.redacted)
    if sentence:
        out.append(f'<p class="muted">{_e(sentence)}</p>')
    out.append("</header>")
    out.append("<main>")
    if not synthesis.themes:
        out += [f'<p class="muted">{_e(NO_THEMES)}</p>', "</main>", "</body>", "</html>"]
        return "\n".join(out) + "\n"
    out.append(_summary(synthesis))
    out.append('<section id="themes" aria-labelledby="themes-h"><h2 id="themes-h">Themes</h2>')
    out.append(f'<p class="muted">{_e(method_text())}</p>')
    out.append(_filters(synthesis))
    out += [_theme(n, t, synthesis) for n, t in enumerate(synthesis.themes, start=1)]
    out.append("</section>")
    out.append(_matrix(synthesis))
    out.append('<section id="sessions" aria-labelledby="sessions-h"><h2 id="sessions-h">Sessions read</h2>')
    out.append(_table(["Date", "Session", "Participant", "Guide"],
                      [[s.date, s.title, s.participant, s.guide] for s in synthesis.sessions], "Sessions read"))
    out += ["</section>", "</main>", f"<script>{_asset('report.js')}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
