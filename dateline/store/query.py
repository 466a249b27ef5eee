"""The search query language, parsed once and rendered for FTS5 (SQLite) and tsquery (PostgreSQL).

Syntax (see README, "Search syntax"):

    gas storage          both words (AND is implied; `AND` may be written)
    "gas storage"        the words side by side, in this order
    gas OR oil           either
    -venezuela           not this word (also `NOT venezuela`); a query needs one word to look for
    electi*              a word beginning so (also `"natural gas"*`: the last word of a phrase)
    title:trump          in the title only (`title:"gas storage"`, `title:(gas OR oil)`); body: likewise
    (gas OR oil) prices  parentheses group

A word is what the search tokeniser makes of it (`search_tokens`): runs of letters, digits and
combining marks, lower-cased, Latin/Greek/Cyrillic accents removed. Titles and bodies are stored
tokenised by the same rule (`search_title`, `search_body`, written by encode.article_row), and both
backends index those columns split on spaces only, so they see the same words at the same
positions and give the same hits. A query word that the rule splits (`AT&T`, `e-mail`, `U.S.`)
becomes a phrase of its parts; one with no letters or digits (`-`, `*`, `&`) is ignored.

`OR`, `AND` and `NOT` are operators only in capitals and only between (or, for NOT, before) words;
elsewhere they are words ("OR" alone looks for the word "or"). Unbalanced quotes and parentheses
are closed at the end of the query. What cannot be answered raises `QueryError`: a query longer
than MAX_QUERY_CHARS or of more than MAX_QUERY_TERMS words, or one that only excludes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .errors import StoreError

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 64
# What is indexed of an article: PostgreSQL keeps word positions up to 16,383 (later ones all
# count as 16,383, which would break phrases), and lexemes under 2 KB; both backends index the
# same cut so that they agree.
MAX_TITLE_TOKENS = 256
MAX_BODY_TOKENS = 16_000
MAX_TOKEN_CHARS = 200

FIELDS = ("title", "body")


class QueryError(StoreError):
    """A search query that cannot be answered; the message says why."""


# -- the tokeniser -------------------------------------------------------------------------------


@cache
def _marks() -> str:
    """A character class body of every combining mark (category M)."""
    ranges: list[str] = []
    start = prev = -2
    for code in range(0x300, 0x20000):
        if unicodedata.category(chr(code))[0] != "M":
            continue
        if code != prev + 1:
            if start >= 0:
                ranges.append(f"\\u{start:04x}-\\u{prev:04x}" if start < 0x10000 else f"\\U{start:08x}-\\U{prev:08x}")
            start = code
        prev = code
    ranges.append(f"\\U{start:08x}-\\U{prev:08x}")
    return "".join(ranges)


@cache
def _word_pattern() -> re.Pattern[str]:
    # Combining marks belong to the word they follow (Devanagari vowel signs, Thai tone marks...).
    return re.compile(r"[^\W_](?:[^\W_]|[" + _marks() + "])*")


@cache
def _word_run() -> re.Pattern[str]:
    # One character class, so the scan runs in C: ~4x faster than the alternation above on
    # a news body. Underscores are taken out first; a run never starts with a mark (below).
    return re.compile(r"[\w" + _marks() + "]+")


@cache
def _leading_marks() -> re.Pattern[str]:
    return re.compile("^[" + _marks() + "]+")


# The blocks where combining marks live, once Latin, Greek and Cyrillic accents are folded away
# (Hebrew to Mongolian, Indic, Thai, Tibetan..., symbol marks, variation selectors). A text with
# none of them, and nothing beyond the BMP, has no marks: its words are plain runs of letters and
# digits, which the regex engine finds fast; curly quotes and dashes stay on the fast path.
_MARK_BLOCKS = re.compile("[\u0483-\u0489\u0591-\u1dff\u20d0-\u20ff\u2cef-\u2dff\u302a-\u309a"
                          "\ua66f-\uabed\ufb1e\ufe00-\ufe2f]")
_PLAIN_WORD = re.compile(r"[^\W_]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _words(folded: str) -> list[str]:
    """What `_word_pattern().findall` gives: runs of letters, digits and marks, not starting with a mark."""
    if not _MARK_BLOCKS.search(folded) and not _ASTRAL.search(folded):
        return _PLAIN_WORD.findall(folded)
    words = []
    for run in _word_run().findall(folded.replace("_", " ")):
        if not run[0].isalnum():
            run = _leading_marks().sub("", run)
            if not run:
                continue
        words.append(run)
    return words


_ASCII_WORD = re.compile("[a-z0-9]+")
_ACCENTS = re.compile("[\u0300-\u036f]+")  # combining diacritical marks (Latin, Greek, Cyrillic)


def _fold(text: str) -> str:
    text = text.lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", text)))


def search_tokens(text: str | None) -> list[str]:
    """The words of a text as search sees them: lower-case, accents removed, split at everything
    that is not a letter, digit or combining mark."""
    if not text:
        return []
    folded = _fold(text)
    tokens = _ASCII_WORD.findall(folded) if folded.isascii() else _words(folded)
    if tokens and len(max(tokens, key=len)) > MAX_TOKEN_CHARS:  # rare: one pass in C, not a comprehension
        tokens = [t for t in tokens if len(t) <= MAX_TOKEN_CHARS]
    return tokens


def search_text(text: str | None, max_tokens: int) -> str:
    """The text as stored for the index: its first `max_tokens` search tokens joined by spaces."""
    return " ".join(search_tokens(text)[:max_tokens])


def search_columns(title: str | None, body: str | None) -> dict[str, str]:
    """The `articles` search columns for a title and body (every writer of those must write these)."""
    return {"search_title": search_text(title, MAX_TITLE_TOKENS), "search_body": search_text(body, MAX_BODY_TOKENS)}


def marked_spans(text: str, exact: set[str], prefixes: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` that is one of `exact` or begins with one of `prefixes`."""
    if text.isascii():  # positions in the lower-cased text are those of the text
        words = sorted(exact, key=len, reverse=True)
        alternatives = [re.escape(w) for w in words if w.isascii()] + [re.escape(p) + "[a-z0-9]*" for p in prefixes
                                                                      if p.isascii()]
        if not alternatives:
            return []
        pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")
        return [m.span() for m in pattern.finditer(text.lower())]
    spans = []
    for m in _word_pattern().finditer(text):
        word = _fold(m.group())
        if word in exact or (prefixes and word.startswith(prefixes)):
            spans.append(m.span())
    return spans


# -- the syntax tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of several (`tokens` side by side), maybe a prefix, maybe in one field."""

    tokens: tuple[str, ...]
    raw: str  # as written (substring search uses it: scripts without spaces are not tokenised)
    prefix: bool = False
    field: str | None = None


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | And | Or | Not

_LEX = re.compile(
    r"""\s*(?:
      (?P<lp>\()
    | (?P<rp>\))
    | (?P<phrase>"[^"]*(?:"|$)\*?)
    | (?P<neg>-(?=[^\s\-)]))
    | (?P<field>(?i:title|body):(?=[^\s)]))
    | (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
_KEYWORDS = ("OR", "AND", "NOT")


def _lex(query: str) -> list[tuple[str, str]]:
    out = []
    for m in _LEX.finditer(query):
        kind = m.lastgroup
        if kind is None:
            continue
        value = m.group(kind)
        if kind == "word" and value in _KEYWORDS:
            kind = "kw"
        out.append((kind, value))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self, ahead: int = 0) -> tuple[str, str] | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def operand_follows(self, ahead: int = 1) -> bool:
        nxt = self.peek(ahead)
        return nxt is not None and nxt[0] != "rp" and not (nxt[0] == "kw" and nxt[1] in ("OR", "AND"))

    def parse_or(self, field: str | None, depth: int) -> Node | None:
        branches: list[Node | None] = [self.parse_and(field, depth)]
        while (tok := self.peek()) is not None and tok == ("kw", "OR"):
            self.i += 1
            branches.append(self.parse_and(field, depth))
        kept = [b for b in branches if b is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def parse_and(self, field: str | None, depth: int) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok[0] == "rp":
                if depth:
                    break
                self.i += 1  # a stray ")" at the top: ignored
                continue
            if tok == ("kw", "OR"):
                if items and self.operand_follows():
                    break  # parse_or takes it
                self.i += 1
                items.append(Term(("or",), "or", field=field))
                continue
            if tok == ("kw", "AND"):
                self.i += 1
                if not (items and self.operand_follows(0)):
                    items.append(Term(("and",), "and", field=field))
                continue
            node = self.parse_unary(field, depth)
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self, field: str | None, depth: int) -> Node | None:
        tok = self.peek()
        assert tok is not None
        kind, value = tok
        self.i += 1
        if kind == "neg" or (kind == "kw" and value == "NOT" and self.operand_follows(0)):
            if (nxt := self.peek()) is None or nxt[0] == "rp":
                return None
            inner = self.parse_unary(field, depth)
            if inner is None:
                return None
            return inner.item if isinstance(inner, Not) else Not(inner)
        if kind == "kw":  # NOT with nothing after it: the word
            return Term((value.lower(),), value, field=field)
        if kind == "field":
            if self.peek() is None:
                return None
            return self.parse_unary(value[:-1].lower(), depth)
        if kind == "lp":
            node = self.parse_or(field, depth + 1)
            if (nxt := self.peek()) is not None and nxt[0] == "rp":
                self.i += 1
            return node
        if kind == "phrase":
            prefix = value.endswith("*")
            words = value.rstrip("*")[1:]
            words = words[:-1] if words.endswith('"') else words
            return _term(words, prefix, field)
        if kind == "rp":
            return None
        # a word
        prefix = value.endswith("*")
        return _term(value.rstrip("*"), prefix, field)


def _term(raw: str, prefix: bool, field: str | None) -> Term | None:
    tokens = tuple(search_tokens(raw))
    if not tokens:
        return None
    return Term(tokens, " ".join(raw.split()), prefix, field)


def _positive(node: Node) -> bool:
    """Whether the node can match on its own (it looks for something, not only excludes)."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_positive(item) for item in node.items)
    return all(_positive(item) for item in node.items)


def _check(node: Node) -> None:
    if isinstance(node, Or):
        for item in node.items:
            if not _positive(item):
                raise QueryError("each side of OR needs a word to look for: -word and NOT only exclude")
            _check(item)
    elif isinstance(node, And):
        for item in node.items:
            _check(item)
    elif isinstance(node, Not):
        _check(node.item)


def leaves(node: Node, negated: bool = False) -> list[tuple[Term, bool]]:
    """Every term of the tree, with whether it is excluded."""
    if isinstance(node, Term):
        return [(node, negated)]
    if isinstance(node, Not):
        return leaves(node.item, not negated)
    return [leaf for item in node.items for leaf in leaves(item, negated)]


def parse_query(query: str) -> Node | None:
    """The query's syntax tree; None when it asks for nothing (empty, or punctuation only).

    Raises QueryError for a query too long, or one that only excludes."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query)} characters long: at most {MAX_QUERY_CHARS} are searched")
    node = _Parser(_lex(query)).parse_or(None, 0)
    if node is None:
        return None
    words = sum(len(term.tokens) for term, _ in leaves(node))
    if words > MAX_QUERY_TERMS:
        raise QueryError(f"the query has {words} words: at most {MAX_QUERY_TERMS} are searched")
    if not _positive(node):
        raise QueryError("the query only excludes (-word, NOT word): add a word to look for")
    _check(node)
    return node


# -- renderers -------------------------------------------------------------------------------------

# The FTS5 columns (articles_fts indexes articles.search_title and .search_body).
_FTS_COLUMNS = {"title": "search_title", "body": "search_body"}


def to_fts5(node: Node) -> str:
    """An FTS5 MATCH expression; every word quoted (tokens are letters and digits only)."""
    if isinstance(node, Term):
        expr = '"' + " ".join(node.tokens) + '"' + ("*" if node.prefix else "")
        return f"{_FTS_COLUMNS[node.field]} : {expr}" if node.field else expr
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(item) for item in node.items) + ")"
    if isinstance(node, Not):  # only inside an And (checked by parse_query)
        raise AssertionError("a NOT outside AND")
    positives = [to_fts5(item) for item in node.items if not isinstance(item, Not)]
    expr = "(" + " AND ".join(positives) + ")"
    for item in node.items:
        if isinstance(item, Not):
            expr = f"({expr} NOT {to_fts5(item.item)})"  # FTS5's NOT is binary: what is left, without
    return expr


_PG_WEIGHTS = {"title": "A", "body": "B"}


def _pg_phrase(tokens: tuple[str, ...], prefix: bool, weight: str) -> str:
    parts = [f"'{t}':{'*' if prefix and n == len(tokens) - 1 else ''}{weight}" for n, t in enumerate(tokens)]
    parts = [p[:-1] if p.endswith(":") else p for p in parts]
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def to_tsquery(node: Node) -> str:
    """A tsquery for to_tsquery('simple', ...): title words carry weight A, body words B."""
    if isinstance(node, Term):
        if node.field:
            return _pg_phrase(node.tokens, node.prefix, _PG_WEIGHTS[node.field])
        if len(node.tokens) == 1:
            return _pg_phrase(node.tokens, node.prefix, "")
        # A phrase lies within the title or within the body, as in FTS5 (the tsvector joins them).
        return "(" + " | ".join(_pg_phrase(node.tokens, node.prefix, w) for w in "AB") + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(item) for item in node.items) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.item)
    return "(" + " & ".join(to_tsquery(item) for item in node.items) + ")"
