"""The article's images with their captions and credits: og:image, JSON-LD image, the page's
figures; renditions of one picture in several sizes count once.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from ..model import Image
from .metadata_text import clean_text, plain_text
from .structured import Structured


def _image_from_ld(value: Any) -> list[Image]:
    out: list[Image] = []
    if isinstance(value, list):
        for v in value[:5]:
            out.extend(_image_from_ld(v))
    elif isinstance(value, str):
        out.append(Image(url=value))
    elif isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        if isinstance(url, list):
            url = url[0] if url else None
        if isinstance(url, str):
            credit = value.get("creditText") or value.get("copyrightHolder") or value.get("author")
            if isinstance(credit, dict):
                credit = credit.get("name")
            if isinstance(credit, list):
                credit = ", ".join(c.get("name", "") if isinstance(c, dict) else str(c) for c in credit)
            caption = value.get("caption") or value.get("description")
            out.append(Image(url=url, caption=clean_text(caption), credit=clean_text(credit)))
    return out


_FIGURES = etree.XPath("//figure[.//img]")
# Renditions of one picture differ in a size suffix or query: "ferry-1536x929.jpg", "ferry.jpg?w=800".
_SIZE_SUFFIX = re.compile(r"[-_](?:\d{2,4}x\d{2,4}|w\d{2,4}|\d{2,4}w|scaled|large|medium|small|thumb)(?=\.\w{3,4}$)", re.I)


def _image_key(url: str) -> str:
    path = url.split("?")[0].split("#")[0]
    return _SIZE_SUFFIX.sub("", path)


def read_images(tree: HtmlElement, structured: Structured, art: dict, base: str | None) -> list[Image]:
    images: list[Image] = []
    og = structured.meta_first("og:image:secure_url", "og:image", "twitter:image", "twitter:image:src")
    if og:
        images.append(Image(url=og, caption=clean_text(structured.meta_first("og:image:alt"))))
    if art:
        images.extend(_image_from_ld(art.get("image")))
    for fig in _FIGURES(tree)[:20]:
        img = fig.find(".//img")
        src = None
        if img is not None:
            src = img.get("src") or img.get("data-src") or img.get("data-original")
            if (not src or src.startswith("data:")) and img.get("srcset"):
                src = img.get("srcset").split(",")[0].split()[0]
        if not src or src.startswith("data:"):
            continue
        cap_el = fig.find(".//figcaption")
        caption = credit = None
        if cap_el is not None:
            for c in cap_el.iter():
                cls = (c.get("class") or "").lower()
                if c is not cap_el and any(w in cls for w in ("credit", "copyright", "source", "author", "quelle")):
                    credit = plain_text(c) or None
                    break
            caption = plain_text(cap_el) or None
            if caption and credit and caption.endswith(credit):
                caption = caption[: -len(credit)].strip(" |·-—") or None
        alt = img.get("alt") if img is not None else None
        images.append(Image(url=src, caption=caption or clean_text(alt), credit=credit))
    out: list[Image] = []
    seen: dict[str, Image] = {}
    for im in images:
        url = urljoin(base, im.url) if base else im.url
        key = _image_key(url)
        if key in seen:
            prev = seen[key]
            prev.caption = prev.caption or im.caption
            prev.credit = prev.credit or im.credit
            continue
        im.url = url
        seen[key] = im
        out.append(im)
    return out[:20]
