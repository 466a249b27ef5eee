"""The ISO 639-1 language codes (two letters), to check a `--lang` given on the command line."""

from __future__ import annotations

import re

ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik
io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml
mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
vo wa wo xh yi yo za zh zu
""".split())

_TAG = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{2,8})?$")


def check_language(value: str) -> str:
    """`value` as a language filter ("en", "pt-BR"), lower-cased; ValueError when it is no ISO 639-1 code."""
    match = _TAG.match(value.strip())
    if not match or match.group(1).lower() not in ISO_639_1:
        raise ValueError(f"not an ISO 639-1 language code: {value!r} (two letters, e.g. en, de, pt-BR)")
    return match.group(1).lower() + value.strip()[2:].replace("_", "-")
