"""The HTML of report.html: one page with its style inline, tables from DataFrames, sections.

Nothing on the page refers to another file or host (no scripts, stylesheets, fonts or images by
address), so the report reads the same offline, attached to an e-mail or from a USB stick.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping

import pandas as pd

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 1180px;
       margin: 2em auto; padding: 0 1.2em; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em;
margin-top: 2em; } h3 { margin-bottom: 0.3em; }
.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.88em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; vertical-align: top; }
th { background: #f4f5f7; } td.text, th.text { text-align: left; }
tr.fail td { background: #fdecea; } tr.pass td:last-child { color: #1a7f37; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }
nav a { margin-right: 1em; } code { background: #f4f5f7; padding: 0 0.25em; border-radius: 3px; }
.note { color: #555; font-size: 0.9em; }
details summary { cursor: pointer; color: #0b57d0; }
"""


def escape(value: object) -> str:
    return html.escape(str(value))


def number(value: object, fmt: str = "{:,.0f}") -> str:
    """A formatted number, or 'n/a' for a missing or infinite one."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return fmt.format(value)


def table(
    frame: pd.DataFrame,
    formats: Mapping[str, str | Callable[[object], str]] | None = None,
    row_class: Callable[[pd.Series], str] | None = None,
) -> str:
    """A DataFrame as an HTML table; a format is a str.format pattern or a function of the cell's value.
    Text columns are left-aligned, numbers right-aligned."""
    formats = formats or {}
    text_columns = {name for name in frame.columns if not pd.api.types.is_numeric_dtype(frame[name])}

    def cell(name: str, value: object) -> str:
        fmt = formats.get(name)
        shown = fmt(value) if callable(fmt) else number(value, fmt) if fmt else escape(value)
        return f'<td class="text">{shown}</td>' if name in text_columns else f"<td>{shown}</td>"

    head = "".join(f'<th class="{"text" if n in text_columns else ""}">{escape(n)}</th>' for n in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        css = f' class="{row_class(row)}"' if row_class else ""
        rows.append(f"<tr{css}>" + "".join(cell(name, row[name]) for name in frame.columns) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def figure(svg: str, caption: str) -> str:
    return f'<figure class="report-figure">{svg}<figcaption>{escape(caption)}</figcaption></figure>'


def section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{body}</section>'


def document(title: str, subtitle: str, sections: list[tuple[str, str, str]]) -> str:
    """The whole page: a title, a table of contents and the (anchor, title, body) sections."""
    nav = "".join(f'<a href="#{anchor}">{escape(name)}</a>' for anchor, name, _ in sections)
    body = "".join(section(anchor, name, content) for anchor, name, content in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="subtitle">{escape(subtitle)}</p><nav>{nav}</nav>{body}'
        "</body></html>\n"
    )
