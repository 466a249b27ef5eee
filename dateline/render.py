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
        return f"<!-- {art.input or art.url or 'input'}: not an article: {art.reason} -->\n"
    lines = [f"# {art.title or '(untitled)'}", ""]
    if art.subtitle:
        lines += [f"*{art.subtitle}*", ""]
    byline = _byline(art)
    if byline:
        lines += [f"_{byline}_", ""]
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
    if art.url or art.canonical_url:
        lines += [f"Source: <{art.canonical_url or art.url}>", ""]
    return "\n".join(lines)


def to_text(art: Article) -> str:
    if not art.is_article:
        return f"[{art.input or art.url or 'input'}: not an article: {art.reason}]\n"
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
