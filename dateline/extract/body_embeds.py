"""Placeholders of embedded content inside a story: the box a site shows instead of a video or a
post until the reader agrees to load it ("We need your consent to load this YouTube content",
"Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden").

Found by their shape and their wording together: a small element that holds a control (a toggle,
a button, an embed attribute) and whose text asks for consent to show content from elsewhere.
Without a control, a single short block must say all of it: your consent, loading, content.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .body_blocks import Block

_CONSENT = re.compile(
    r"consent|\bagree\b|\baccept\b|einverstanden|einwillig|zustimm|akzeptier|consentement|accepte[rz]|"
    r"consentimiento|aceptar|consenso|accett|toestemming|akkoord|samtykke|samtycke|zgod|souhlas|согласи")
_OUTSIDE = re.compile(
    r"external content|third[- ]party|externe[nrs]? inhalte?|drittanbieter|drittplattform|contenus? externes?|"
    r"contenu tiers|tiers|contenidos? externos?|terceros|contenut[oi] estern[oi]|terze parti|externe inhoud|"
    r"personal data|personenbezogene daten|données personnelles|datos personales|dati personali|"
    r"privacy|datenschutz|confidentialité|privacidad|cookies?")
_LOAD = re.compile(r"\b(load|loaded|show|shown|display|displayed|view|unlock|laden|geladen|anzeigen|angezeigt|"
                   r"ansehen|sehen|charger|chargé|afficher|affiché|cargar|mostrar|caricare|visualizzare|"
                   r"mostrare|laden|tonen|weergeven)\b")
# Without a box around it, the block itself must ask the reader: consent (the strong words only),
# loading, content, and "you".
_CONSENT_WORD = re.compile(r"consent|einverstanden|einwillig|zustimm|consentement|consentimiento|consenso|"
                           r"toestemming|samtykke|samtycke|zgod|souhlas|согласи")
_CONTENT_WORD = re.compile(r"content|inhalt|contenu|contenido|contenuto|inhoud|embed|video|beitrag|post\b")
_YOU = re.compile(r"\b(you|your|du|dich|dir|dein\w*|ihr|ihre|sie|vous|votre|vos|tu|usted|su|tuo|tua|je|jouw|u)\b")
_CONTROLS = ("input", "button", "label", "iframe")
_LARGEST_BOX = 900  # a placeholder is small; an element with more text is the story around it
_UP = 4             # how far above the asking block the placeholder box may begin


def drop_embed_placeholders(blocks: list[Block]) -> list[Block]:
    boxes: set[HtmlElement] = set()
    lone: set[int] = set()
    for i, b in enumerate(blocks):
        if len(b.text) > 400:
            continue
        low = b.text.lower()  # the patterns are lower case: a case-blind search is ~3x slower
        if not _CONSENT.search(low) or _inside(b.owner, boxes):
            continue
        box = _placeholder_box(b.owner)
        if box is not None:
            boxes.add(box)
        elif len(b.text) < 250 and all(p.search(low) for p in (_CONSENT_WORD, _LOAD, _CONTENT_WORD, _YOU)):
            lone.add(i)
    if not boxes and not lone:
        return blocks
    return [b for i, b in enumerate(blocks) if i not in lone and not _inside(b.owner, boxes)]


def _placeholder_box(el: HtmlElement) -> HtmlElement | None:
    node: HtmlElement | None = el
    for _ in range(_UP + 1):
        if node is None or node.tag in ("body", "html", "article", "main"):
            return None
        text = " ".join(node.text_content().split()).lower()
        if len(text) > _LARGEST_BOX:
            return None
        if _has_control(node) and _CONSENT.search(text) and _OUTSIDE.search(text):
            return node
        node = node.getparent()
    return None


def _has_control(el: HtmlElement) -> bool:
    if any(a.startswith(("data-embed", "data-consent")) for a in el.attrib):
        return True
    return any(True for _ in el.iter(*_CONTROLS))


def _inside(el: HtmlElement, boxes: set[HtmlElement]) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if node in boxes:
            return True
        node = node.getparent()
    return False
