"""Articles as people read them: Markdown and plain text (JSON is model.Article.to_json)."""

from __future__ import annotations

from .model import Article


def _byline(art: Article) -> str:
    parts = []
    names = list(art.authors) + ([art.agency] if art.agency and art.agency not in art.authors else [])
    if names:
        parts.append("By " + ", ".join(names))
    if art.published:
        parts.append(art.published)
    if art.site_name:
        parts.append(art.site_name)
    return " · ".join(parts)


def to_markdown(art: Article) -> str:
    if not art.is_article:
        # The main text of a page that is no story (a product, a forum thread) is still shown.
        note = f"<!-- {art.input or art.url or 'input'}: not an article: {art.reason} -->\n"
        return note if not art.body else note + "\n" + _markdown_paragraphs(art)
    lines = [f"# {art.title or '(untitled)'}", ""]
    if art.subtitle:
        lines += [f"*{art.subtitle}*", ""]
    byline = _byline(art)
    if byline:
        lines += [f"_{byline}_", ""]
    if art.paragraphs:
        lines.append(_markdown_paragraphs(art))
    if art.url or art.canonical_url:
        lines += [f"Source: <{art.canonical_url or art.url}>", ""]
    return "\n".join(lines)


def _markdown_paragraphs(art: Article) -> str:
    lines = []
    for p in art.paragraphs:
        if p.kind == "heading":
            lines.append(f"## {p.text}")
        elif p.kind == "quote":
            lines.append(f"> {p.text}")
        elif p.kind == "list":
            lines.append(f"- {p.text}")
        else:
            lines.append(p.text)
        lines.append("")
    return "\n".join(lines)


def to_text(art: Article) -> str:
    if not art.is_article:
        note = f"[{art.input or art.url or 'input'}: not an article: {art.reason}]\n"
        return note if not art.body else note + "\n" + art.body + "\n"
    head = [art.title or ""]
    byline = _byline(art)
    if byline:
        head.append(byline)
    return "\n".join(head) + "\n\n" + art.body + "\n"


def _cell(value: str | None, width: int) -> str:
    text = " ".join((value or "—").split())
    return text if len(text) <= width else text[: width - 1] + "…"


TABLE_COLUMNS = (("input", 22), ("article", 7), ("title", 38), ("authors / agency", 22),
                 ("published", 25), ("dateline", 16), ("lang", 4), ("words", 5))


def table_header() -> str:
    head = "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS)
    return head + "\n" + "  ".join("-" * width for _, width in TABLE_COLUMNS)


def table_row(art: Article) -> str:
    import os

    names = ", ".join(list(art.authors) + ([art.agency] if art.agency else []))
    dl = art.dateline
    dateline_text = ", ".join(x for x in (dl.place, dl.agency) if x) if dl else None
    title = art.title if art.is_article else f"({art.reason})"
    values = (os.path.basename(art.input or art.url or "-"), "yes" if art.is_article else "no", title, names,
              art.published, dateline_text, art.language, str(len(art.body.split())) if art.body else "0")
    return "  ".join(_cell(v, width).ljust(width) for v, (_, width) in zip(values, TABLE_COLUMNS, strict=True)).rstrip()


def report_counts(report) -> str:
    """The counts of a run, worded once for the progress bar and the summary alike."""
    return (f"{report.articles} new articles, {report.updated} updated, {report.non_articles} not articles, "
            f"{report.duplicates} duplicates, {report.unchanged} already stored, {report.errors} errors")


def render_report(report, db: str, verb: str = "ingested") -> str:
    """The summary line an ingest or reprocess run ends with."""
    return (f"dateline: {verb} {report.pages} pages into {db} in {report.seconds:.1f} s ({report.rate:.1f} pages/s): "
            + report_counts(report)
            + ("; skipped " + ", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped.items()))
               if report.skipped else ""))


def write_rows(rows: list[dict], fmt: str, columns: tuple[str, ...], out=None) -> None:
    import json
    import sys

    out = out or sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    if not rows:
        out.write("nothing recorded\n")
        return
    widths = {c: min(60, max([len(c)] + [len(str(r.get(c) or "")) for r in rows])) for c in columns}
    out.write("  ".join(c.ljust(widths[c]) for c in columns).rstrip() + "\n")
    out.write("  ".join("-" * widths[c] for c in columns) + "\n")
    for row in rows:
        out.write("  ".join(_cell(str(row.get(c) or ""), widths[c]).ljust(widths[c]) for c in columns).rstrip() + "\n")


def write_search_hits(hits: list, fmt: str, color: bool = False, out=None) -> None:
    import json
    import sys

    from .store.search import HIGHLIGHT_END, HIGHLIGHT_START

    out = out or sys.stdout
    if fmt == "jsonl":
        for hit in hits:
            out.write(json.dumps({k: v for k, v in vars(hit).items() if k != "extra"}, ensure_ascii=False,
                                 default=str) + "\n")
        return
    start, end = ("\033[1m", "\033[0m") if color else ("[", "]")
    for hit in hits:
        head = " · ".join(x for x in (hit.published and str(hit.published)[:10], hit.site, hit.language) if x)
        out.write(f"{hit.title or '(untitled)'}\n  {head}  {hit.url or ''}\n")
        out.write("  " + hit.snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end) + "\n\n")
    if not hits:
        out.write("no matches\n")


def render_stats(stats: dict) -> str:
    lines = [f"{stats.get('database', '')}"]
    lines.append("  ".join(f"{k.replace('_', ' ')}: {v:,}" for k, v in (stats.get("totals") or {}).items()))
    for title, key in (("pages by kind", "pages_by_kind"), ("articles by site", "by_site"),
                       ("articles by language", "by_language"), ("articles by day", "by_day"),
                       ("errors by stage", "errors_by_stage"), ("errors by reason", "errors_by_reason")):
        rows = stats.get(key) or {}
        if rows:
            lines.append(f"\n{title}:")
            lines.extend(f"  {count:>8,}  {name if name is not None else '(unknown)'}" for name, count in rows.items())
    return "\n".join(lines)


def render_actor(actor: dict) -> str:
    """One actor of the knowledge base for people: who, its roles with their dates, its names, its articles."""
    codes = " ".join(c for c in (actor.get("country"), actor.get("sector")) if c)
    lines = [f"{actor['name']}  ({actor['kind']}{', ' + codes if codes else ''}; id {actor['id']})",
             f"  named in {actor['articles']:,} articles ({actor['mentions']:,} mentions)"]
    for role in actor.get("roles") or []:
        when = f"{role['since'] or '?'} to {role['last'] or '?'}" if role["since"] else ""
        ended = f"former by {role['ended']}" if role["ended"] else ""
        where = " ".join(c for c in (role.get("country"), role.get("sector")) if c)
        detail = "; ".join(x for x in (where, when, ended, f"{role['articles']} articles") if x)
        lines.append(f"  role: {role['role']} ({detail})")
    aliases = actor.get("aliases") or {}
    if aliases:
        lines.append("  called: " + ", ".join(f"{name} ({n})" for name, n in aliases.items()))
    for art in actor.get("recent") or []:
        lines.append(f"  {str(art.get('published') or '')[:10]:10}  #{art['id']}  {art.get('title') or '(untitled)'}")
    return "\n".join(lines)


def progress_bar(enabled: bool, total: int | None = None):
    """A tqdm bar on stderr, counting pages; a disabled one costs nothing."""
    import sys

    from tqdm import tqdm

    return tqdm(total=total, unit="page", disable=not enabled, file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
