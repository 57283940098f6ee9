"""The README data card of a research dataset (``export --dataset``).

A dataset leaves the archive and is read years later by someone who never saw the
crawler, so it carries its own account: what was crawled, when and from where, what was
selected, how each field was extracted and what the data cannot tell. The card is
rendered from the archive and the selection only — never from the clock — so exporting
twice gives the same card; the export time is in ``manifest.json``. The field lists are
generated from ``archive.dataset_schema``, so the card cannot drift from the files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from archive.dataset_schema import TABLES


@dataclass
class CardFacts:
    """What the card states about one export, gathered while the tables are written."""

    filters: dict[str, str]
    articles: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    published: tuple[str, str] | None = None  # first and last publication date
    fetched: tuple[str, str] | None = None  # first and last fetch of the current captures
    hosts: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    extractor_versions: Counter[str] = field(default_factory=Counter)
    runs: int = 0
    start_urls: tuple[str, ...] = ()
    runs_window: tuple[str, str] | None = None  # first crawl's start, last crawl's end


KNOWN_LIMITS = """\
- The records are what the extractor read from the pages, not what the press office
  meant: dates come from the page's date line, credits from the credit lines. On the
  hand-labelled evaluation set dates, titles, bodies and credits score 1.00 F1;
  organisations about 0.96, people about 0.98, countries about 0.91 (`make eval`).
- Organisations marked `discovered` were found by the shape of their name and are not
  curated yet; their country and kind may be missing or wrong.
- A person is a display name: two people with the same printed name are one row, and
  one person printed in two spellings may be two rows.
- Articles the site removed stay in the archive (and here) with their last content.
- Only pages the crawler reached are here: the site's own search, other language
  editions and pages not linked from the news listings are not.
- `body` is the article text with menus, sidebars and credit lines removed; images,
  captions inside images and attachments are not kept.
"""


def render_data_card(facts: CardFacts) -> str:
    """The card as Markdown."""
    lines = [
        "# BSMU news archive — research dataset",
        "",
        "The news articles published by Belarusian State Medical University on its English",
        "site, as archived by bsmu-news-archive: one row per article in `articles`, every",
        "version in `revisions`, and the people, organisations and countries they name in",
        "their own tables. Every table is given as CSV (UTF-8, RFC 4180, header row, empty",
        "cell = no value) and as Parquet (typed columns) with the same columns;",
        "`datapackage.json` is the Frictionless description (types, keys), `manifest.json`",
        "lists every file with its row count and SHA-256.",
        "",
        "## What was crawled, when, from where",
        "",
        f"- Hosts: {_counted(facts.hosts)}",
        f"- Crawls recorded in the archive: {facts.runs}"
        + (f", from {facts.runs_window[0]} to {facts.runs_window[1]}" if facts.runs_window else ""),
        f"- Start URLs: {', '.join(facts.start_urls) or 'not recorded'}",
        "- The crawler follows the news listings to the articles, obeys robots.txt and waits",
        "  at least a second between requests; every response is kept raw (see the WARC",
        "  export, `bsmu-archive export --format warc`).",
        "- Current versions fetched: "
        + (f"from {facts.fetched[0]} to {facts.fetched[1]}" if facts.fetched else "none"),
        "",
        "## What this dataset holds",
        "",
        f"- Selection: {_selection(facts.filters)}",
        f"- Articles: {facts.articles}"
        + (f", published from {facts.published[0]} to {facts.published[1]}" if facts.published else ""),
        f"- Languages: {_counted(facts.languages)}",
        "",
        "| table | rows | what a row is |",
        "|---|---|---|",
    ]
    lines += [f"| `{t.name}` | {facts.rows.get(t.name, 0)} | {t.description} |" for t in TABLES]
    lines += [
        "",
        "## How the fields were extracted",
        "",
        "A pure pipeline reads each stored page: the date line (`D Month YYYY`) anchors the",
        "article; the title is the block after it and the announcement the block after that",
        "when it repeats the title; the body runs to the credit lines, a sidebar or the",
        "footer. Credits are found by their labels and the shape of the names after them.",
        "Partners are matched against a curated registry of organisations (Aho-Corasick over",
        "case-folded text) or discovered from how organisation names are built; people named",
        "in the text come with the title printed before the name; countries are mentioned or",
        "implied by the partners.",
        f"Extractor versions: {_counted(facts.extractor_versions)}.",
        "",
        "## Known limits",
        "",
        KNOWN_LIMITS.rstrip(),
        "",
        "## Tables and fields",
        "",
    ]
    for table in TABLES:
        keys = ", ".join(f"`{k}`" for k in table.primary_key)
        lines += [f"### `{table.name}`", "", f"{table.description} Key: {keys}.", ""]
        lines += ["| field | type | required | meaning |", "|---|---|---|---|"]
        lines += [
            f"| `{f.name}` | {f.type} | {'yes' if f.required else ''} | {f.description} |"
            for f in table.fields
        ]
        for key in table.foreign_keys:
            lines.append(
                f"\n`{', '.join(key.fields)}` refers to `{key.table}.{', '.join(key.table_fields)}`."
            )
        lines.append("")
    return "\n".join(lines)


def _counted(counter: Counter[str]) -> str:
    if not counter:
        return "none"
    return ", ".join(f"{name} ({n})" for name, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _selection(filters: dict[str, str]) -> str:
    if not filters:
        return "every archived article"
    return "; ".join(f"{name} = {value}" for name, value in sorted(filters.items()))
