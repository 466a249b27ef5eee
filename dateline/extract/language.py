"""The language of an article: what the page declares, checked against its text."""

from __future__ import annotations

import re

_CODE = re.compile(r"^[a-z]{2,3}$")


def normalise_code(declared: str | None) -> str | None:
    """'en-US', 'de_DE', 'EN' → ISO 639-1 code; None for values that are not a language."""
    if not declared:
        return None
    code = re.split(r"[-_\s,;]", declared.strip().lower())[0]
    return code if _CODE.match(code) and code not in ("und", "mul", "zxx", "xx") else None


_identifier_broken = False


def detect_language(text: str) -> str | None:
    """Identify the language of `text` (py3langid); None when the text is too short to say.

    py3langid unpacks its model through a temporary file on first use; when that fails (a full
    disk), articles go on with the language their pages declare.
    """
    global _identifier_broken
    sample = text[:3000]
    if len(sample) < 40 or _identifier_broken:
        return None
    try:
        import py3langid

        code, _score = py3langid.classify(sample)
    except OSError:
        _identifier_broken = True
        return None
    return code


# A language and the one whose rules read it: Nigerian Pidgin is English-lexified, and py3langid
# also takes short, name-heavy English for it ("Narendra Modi met Shigeru Ishiba in Tokyo on Friday.").
READ_AS = {"pcm": "en"}


def decide_language(declared: str | None, text: str) -> tuple[str | None, str]:
    """Trust the declaration when the text agrees, is too short to say or reads as a near language;
    otherwise the text."""
    declared = normalise_code(declared)
    detected = detect_language(text)
    if declared and detected and READ_AS.get(detected) == declared:
        return declared, f"declared (the text reads as {detected}, a near language)"
    if declared and (detected is None or detected == declared):
        return declared, "declared" if detected is None else "declared, confirmed by text"
    if detected:
        return detected, f"text (page declared {declared})" if declared else "text"
    return declared, "declared" if declared else "none"
