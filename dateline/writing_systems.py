"""Writing systems that put no spaces between words (Chinese, Japanese, Thai; Korean spaces
phrases, not words): counting words, matching headlines and searching treat them apart."""

from __future__ import annotations

import re

# Thai, kana, CJK ideographs (with extension A and compatibility forms), Hangul syllables.
UNSPACED_CHARS = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
UNSPACED = re.compile(f"[{UNSPACED_CHARS}]")
