"""The visible text of a page as a flat list of blocks, each tied to the element that holds it.

One recursive walk over <body>: block-level tags break the text into blocks, inline tags
join into the block around them, and the subtrees that never hold article text (scripts,
navigation, share bars, comment threads, captions, hidden parts …) are skipped. Every
visited element records the range of blocks its text went into, so "the text inside this
element" is a slice of the block list, and sums over it are prefix-sum lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

# Never article text, whatever their class says.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "svg", "math", "iframe", "template", "object", "embed", "canvas",
    "video", "audio", "picture", "img", "button", "select", "option", "input", "textarea", "head",
    "title", "meta", "link",
})
# Page furniture by tag, skipped unless the element is a wrapper full of paragraphs (a page
# laid out inside an <aside> is not a sidebar).
SOFT_SKIP_TAGS = frozenset({"nav", "aside", "footer", "figcaption", "figure", "dialog", "menu"})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "tbody", "thead", "tfoot",
    "caption", "address", "hr", "br", "form", "fieldset", "center", "body", "details", "summary",
    "hgroup", "legend",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Inline tags that carry words of a sentence ("position on <a class="meta-loc">Sudan</a> and").
_SENTENCE_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "u", "abbr", "time", "mark", "cite", "q",
                            "small", "sup", "sub", "font", "data", "bdi"})
_SUBHEADING_TAGS = HEADING_TAGS - {"h1"}
_RUNNING_TEXT = 80  # characters of a paragraph that reads as running text
# Text of the paragraph before an inline element that makes it a word of a running sentence.
_SENTENCE_BEFORE = 20
# Containers whose direct text counts as their own (not a paragraph inside a parent).
CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td", "body", "form", "center", "tr"})

# Class/id words of page furniture. Matched on whole words of a class or id token, split at
# "-", "_", camelCase and digits, so "share-bar" and "shareBar" match and "shared" does not.
_BOILER_WORDS = (
    "share", "sharing", "shares", "sharebar", "social", "socials", "related", "relatedposts", "recommended",
    "recommendation", "recommendations", "recirc", "recirculation", "comment", "comments", "commenting", "disqus",
    "newsletter", "newsletters", "subscribe", "subscription", "subscriptions", "signup", "cookie", "cookies",
    "consent", "gdpr", "promo", "promotion", "promoted", "advert", "advertisement", "advertising", "ad", "ads",
    "adslot", "adunit", "dfp", "gpt", "sponsor", "sponsored", "sidebar", "breadcrumb", "breadcrumbs", "caption",
    "captions", "credit", "credits", "byline", "bylines", "author", "authors", "footer", "nav", "navbar",
    "navigation", "menu", "popup", "modal", "outbrain", "taboola", "mostread", "popular", "trending",
    "readmore", "toolbar", "widget", "widgets", "pagination", "pager", "tags", "tag", "taglist",
    "keywords", "topics", "print", "login", "signin", "register", "masthead", "banner", "rating", "ratings",
    "follow", "donate", "donation", "toc", "sr", "visually", "screenreader", "offscreen", "skip",
    "jump", "tooltip", "dropdown", "overlay", "lightbox", "gallery", "slideshow", "carousel", "slider",
    "facebook", "whatsapp", "linkedin", "jwplayer", "videoplayer", "vjs",
    "pinterest", "email", "mail", "bio", "disclaimer", "copyright", "legal", "more", "next", "prev",
    "previous", "meta", "dateline", "timestamp", "date", "time", "published", "updated", "alert",
    "notification", "search", "header", "topbar", "teaser", "teasers", "feedback", "survey", "poll",
)
# Words that say "the story is here". A token with one of them and a furniture word is
# furniture of the story ("post-author", "entry-meta", "related-articles") unless the furniture
# word is one of _HEAD_WORDS ("article-header" may hold the standfirst).
_CONTENT_WORDS = ("article", "articlebody", "body", "content", "story", "entry", "post", "main", "prose",
                  "richtext", "paragraph", "paragraphs", "detail", "news", "blog", "single")
_HEAD_WORDS = frozenset(("header", "teaser", "more", "next", "print"))
# Glued forms that name the story's own container ("article-body", "entry-content", "storyText").
_SURE_CONTENT = ("articlebody", "storybody", "postbody", "entrycontent", "postcontent", "articlecontent",
                 "storycontent", "articletext", "bodytext", "storytext", "posttext", "entrybody")
# Furniture that is made of paragraphs itself: pruned whatever its size.
_ALWAYS_WORDS = frozenset((
    "comment", "comments", "commenting", "disqus", "related", "relatedposts", "recommended", "recommendation",
    "recommendations", "recirc", "recirculation", "outbrain", "taboola", "newsletter", "mostread", "trending",
    "popular", "teasers",
))
# Furniture words that an embedded post carries ("social-media-embed" around a quoted tweet).
_EMBEDDABLE = frozenset(("social", "facebook", "linkedin", "whatsapp", "share"))
# Class prefixes that describe the post rather than the element ("tag-sharing", "category-social").
_DESCRIPTIVE = ("tag-", "tags-", "category-", "categories-", "format-", "status-", "type-", "has-", "is-", "no-",
                "js-", "with-", "postid-", "topic-", "section-")
_BOILER = frozenset(_BOILER_WORDS)
_CONTENT = frozenset(_CONTENT_WORDS)
_SPLIT = re.compile(r"[^a-z]+")
_CAMEL = re.compile(r"([a-z])([A-Z])")
_HIDING_CLASSES = frozenset({"hidden", "d-none", "is-hidden", "visually-hidden", "sr-only", "screen-reader-text",
                             "visuallyhidden", "hide"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"\s+")

# Cache of class/id string → verdict; pages repeat the same classes hundreds of times.
_verdicts: dict[str, int] = {}

ALWAYS_BOILER, BOILER, NEUTRAL, CONTENT, SURE_CONTENT = -2, -1, 0, 1, 2
# A furniture name on an element that holds this many paragraphs is a wrapper misnamed
# ("sliderBox" around the whole page), unless the name says comments or related stories.
_WRAPPER_PARAGRAPHS = 6
# Paragraphs, and characters in them, of a gallery story's item.
_CAPTION_PARAGRAPHS, _CAPTION_PROSE = 2, 150


def _token_verdict(token: str) -> tuple[int, bool]:
    """Verdict of one class/id token, and whether it surely names the story body."""
    lower = token.lower()
    glued = re.sub(r"[^a-z]", "", lower)
    if glued.startswith(_SURE_CONTENT) or glued.endswith(_SURE_CONTENT):
        return CONTENT, True
    words = set(_SPLIT.split(_CAMEL.sub(r"\1 \2", token).lower()))
    words.add(glued)  # glued words ("relatedarticles", "sharebar") show up whole
    hit = words & _BOILER
    if hit and ("embed" in words or "embedded" in words) and hit <= _EMBEDDABLE:
        return NEUTRAL, False  # "social-media-embed": a post quoted in the story, not a share bar
    if hit:
        if hit & _ALWAYS_WORDS:
            return ALWAYS_BOILER, False
        if hit - _HEAD_WORDS or not words & _CONTENT:
            return BOILER, False
        return NEUTRAL, False
    if words & _CONTENT:
        return CONTENT, False
    return NEUTRAL, False


def attribute_verdict(attr: str) -> int:
    """BOILER when a class/id string names page furniture, CONTENT when it names the story."""
    verdict = _verdicts.get(attr)
    if verdict is not None:
        return verdict
    boiler = always = content = sure = False
    for token in attr.split():
        if token.lower().startswith(_DESCRIPTIVE):
            continue
        v, s = _token_verdict(token)
        boiler |= v == BOILER
        always |= v == ALWAYS_BOILER
        content |= v == CONTENT
        sure |= s
    if sure:
        verdict = SURE_CONTENT
    elif always:
        verdict = ALWAYS_BOILER
    elif boiler:
        verdict = BOILER
    elif content:
        verdict = CONTENT
    else:
        verdict = NEUTRAL
    if len(_verdicts) < 50_000:
        _verdicts[attr] = verdict
    return verdict


@dataclass(slots=True)
class Block:
    text: str
    kind: str  # paragraph | heading | quote | list
    tag: str  # tag of the block element that holds the text
    owner: HtmlElement  # that element
    link_chars: int


class Walker:
    """Flattens <body> into blocks, skipping furniture subtrees; `prune=False` (the relaxed walk for
    pages where the strict one finds nothing) skips only comments and related-story lists."""

    def __init__(self, prune: bool = True, rescued: frozenset[HtmlElement] = frozenset()) -> None:
        self.prune = prune
        self.rescued = rescued  # furniture-named elements to walk after all (see body_rescue)
        # Elements skipped for a furniture word in their class while holding few paragraphs: one
        # section of a story built from "widget" components looks like that too.
        self.soft_pruned: list[HtmlElement] = []
        self._in_rescued = False
        self.blocks: list[Block] = []
        # Element → [start, end) positions in `blocks` of the text inside it.
        self.start: dict[HtmlElement, int] = {}
        self.end: dict[HtmlElement, int] = {}
        self.content_hint: list[HtmlElement] = []  # elements whose class/id names the story
        self.sure_hint: list[HtmlElement] = []  # "article-body", itemprop=articleBody
        self._buf: list[str] = []
        self._link = 0

    def run(self, root: HtmlElement) -> list[Block]:
        self._walk(root, "paragraph", root, False)
        self._flush("paragraph", root)
        return self.blocks

    def _flush(self, kind: str, owner: HtmlElement) -> None:
        if not self._buf:
            return
        text = _SPACES.sub(" ", "".join(self._buf)).strip()
        self._buf = []
        link = self._link
        self._link = 0
        if text:
            tag = owner.tag if isinstance(owner.tag, str) else "div"
            self.blocks.append(Block(text, kind, tag, owner, min(link, len(text))))

    def _walk(self, el: HtmlElement, kind: str, owner: HtmlElement, in_link: bool) -> None:
        tag = el.tag
        if tag in BLOCK_TAGS:
            self._flush(kind, owner)
            owner = el
            if tag in HEADING_TAGS:
                kind = "heading"
            elif tag == "blockquote":
                kind = "quote"
            elif tag == "li" or tag == "dd" or tag == "dt":
                kind = "list" if kind == "paragraph" else kind
            elif tag == "pre" or tag == "article" or tag == "main":
                kind = "paragraph"  # a new region of text, even where broken markup left it in a list
            elif tag == "p" and kind == "paragraph" and _all_bold(el):
                kind = "heading"  # <p><strong>What happens next</strong></p>: a subheading
        elif tag == "a":
            in_link = True
        elif tag == "td" or tag == "th":
            self._buf.append(" ")  # a table row reads as one line, its cells apart
        self.start[el] = len(self.blocks)
        text = el.text
        if text:
            self._buf.append(text)
            if in_link:
                self._link += len(text.strip())
        for child in el:
            ctag = child.tag
            if not isinstance(ctag, str):
                pass  # comments and processing instructions: only their tail is text
            elif ctag in SKIP_TAGS or self._skip(child):
                if ctag in BLOCK_TAGS or ctag in SKIP_TAGS or ctag in SOFT_SKIP_TAGS:
                    self._flush(kind, owner)
            elif child in self.rescued and not self._in_rescued:
                self._in_rescued = True  # inside a rescued section, its own inner wrappers are kept too
                self._walk(child, kind, owner, in_link)
                self._in_rescued = False
                if ctag in BLOCK_TAGS:
                    self._flush(kind, owner)
            else:
                self._walk(child, kind, owner, in_link)
                if ctag in BLOCK_TAGS:
                    self._flush(kind, owner)
            tail = child.tail
            if tail:
                self._buf.append(tail)
                if in_link:
                    self._link += len(tail.strip())
        if tag in BLOCK_TAGS:
            self._flush(kind, owner)
        self.end[el] = len(self.blocks)

    def _skip(self, el: HtmlElement) -> bool:
        if el.tag in SOFT_SKIP_TAGS:
            return not (_holds_paragraphs(el) or _listicle_item(el))
        get = el.get
        style = get("style")
        if get("hidden") is not None or get("aria-hidden") == "true" or (style and _HIDDEN_STYLE.search(style)):
            # Hidden menus and dialogs are small; a hidden subtree full of paragraphs is the story
            # waiting for a script (streamed server rendering, "read more" expanders).
            return not _holds_paragraphs(el)
        role = get("role")
        if role in ("navigation", "complementary", "banner", "contentinfo", "dialog", "alertdialog", "menu",
                    "search"):
            return not _holds_paragraphs(el)
        if get("itemprop") == "articleBody":
            self.sure_hint.append(el)
            return False
        cls, id_ = get("class"), get("id")
        if cls and _hidden_by_class(cls):
            return not _holds_paragraphs(el)
        attr = f"{cls} {id_}" if cls and id_ else (cls or id_)
        if not attr or self._inside_sentence(el):
            return False
        verdict = attribute_verdict(attr)
        if verdict >= CONTENT:
            (self.sure_hint if verdict == SURE_CONTENT else self.content_hint).append(el)
            return False
        if verdict == NEUTRAL or el.tag in ("body", "html", "main") or (verdict == BOILER and _subheading(el)):
            return False
        if not self.prune:
            return verdict == ALWAYS_BOILER
        if verdict == ALWAYS_BOILER or _holds_paragraphs(el):
            return verdict == ALWAYS_BOILER
        if self._in_rescued or el in self.rescued:
            return False
        self.soft_pruned.append(el)
        return True

    def _inside_sentence(self, el: HtmlElement) -> bool:
        """An inline element with the paragraph's words before it and text after it is part of a
        sentence, whatever its class says: a word dropped there changes what the sentence says."""
        if el.tag not in _SENTENCE_TAGS:
            return False
        tail = el.tail
        if not tail or tail.isspace():
            return False
        before = 0
        for piece in reversed(self._buf):
            before += len(piece.strip())
            if before >= _SENTENCE_BEFORE:
                return True
        return False


def _subheading(el: HtmlElement) -> bool:
    """A heading set between two paragraphs of running text, as their sibling, heads the next part of
    the story, whatever its class says ("widget-title" from a site's theme); a box's heading sits
    inside the box."""
    if el.tag not in _SUBHEADING_TAGS:
        return False
    before, after = el.getprevious(), el.getnext()
    return (before is not None and after is not None and before.tag == "p" and after.tag == "p"
            and len(before.text_content()) >= _RUNNING_TEXT and len(after.text_content()) >= _RUNNING_TEXT)


def _all_bold(p: HtmlElement) -> bool:
    """A short paragraph that is one bold run with no sentence end."""
    if len(p) != 1 or (p.text and p.text.strip()):
        return False
    child = p[0]
    if child.tag not in ("strong", "b") or (child.tail and child.tail.strip()):
        return False
    text = child.text_content().strip()
    return 0 < len(text) <= 100 and text[-1] not in ".!?…。"


def _hidden_by_class(cls: str) -> bool:
    """The utility classes of CSS frameworks that hide an element on every screen size."""
    tokens = cls.split()
    if not _HIDING_CLASSES.intersection(tokens):
        return False
    # "hidden md:block", "d-none d-lg-block": hidden on phones only, shown on a desktop.
    return not any(":" in t or t.startswith(("d-sm-", "d-md-", "d-lg-", "d-xl-")) for t in tokens)


def _listicle_item(el: HtmlElement) -> bool:
    """A figure with a heading of its own over paragraphs of prose (and its caption) is an item of a
    story told as a gallery ("3. Tiana From Princess and the Frog", a photo, two paragraphs on the
    costume); a photo's caption, however long, has no heading."""
    figure = el.getparent() if el.tag == "figcaption" else el
    if figure is None or figure.tag != "figure" or next(figure.iter("h2", "h3", "h4"), None) is None:
        return False
    texts = [len(p.text_content()) for p in figure.iter("p")]
    return len(texts) >= _CAPTION_PARAGRAPHS and sum(texts) >= _CAPTION_PROSE


def _holds_paragraphs(el: HtmlElement) -> bool:
    count = 0
    for _ in el.iter("p", "h2", "h3", "h4", "br"):
        count += 1
        if count >= _WRAPPER_PARAGRAPHS:
            return True
    return False


def flatten(body: HtmlElement, prune: bool = True, rescued: frozenset[HtmlElement] = frozenset()) -> Walker:
    walker = Walker(prune, rescued)
    walker.run(body)
    return walker
