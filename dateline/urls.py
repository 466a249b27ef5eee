"""URL normalisation: one spelling per page, so that idempotence and duplicate detection work.

Two URLs that a browser would treat as the same page (host case, default port, fragment,
tracking parameters, parameter order) normalise to the same string. Paths are kept as they
are (servers may treat `/a` and `/a/` or `index.html` differently), except an empty path → "/".
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit, urlunsplit

# Parameters that only say where a click came from; they never change the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "ref_src",
        "ref_url",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "hsctatracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "wickedid",
        "s_kwcid",
        "ncid",
        "cmpid",
        "sr_share",
        "soc_src",
        "soc_trk",
        "smid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "itm_", "at_", "__hs")

_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
# Characters left as they are when quoting a path or a query: RFC 3986 reserved, unreserved and '%'.
_SAFE = "/?:@!$&'()*+,;=-._~%"
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def _fix_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def _requote(text: str) -> str:
    """Escape what must be escaped (spaces, non-ASCII), decode escaped unreserved characters and
    upper-case the other escapes; escaped reserved characters (%2F, %26, %3D, %2B) stay escaped
    because decoding them would change the URL's meaning (RFC 3986, 6.2.2)."""
    return _ESCAPE.sub(_fix_escape, quote(text, safe=_SAFE))


@lru_cache(maxsize=16384)  # the same URL is normalised several times on its way into the store
def normalise_url(url: str) -> str:
    """The canonical spelling of `url`; strings that are not http(s)-like URLs come back stripped."""
    url = (url or "").strip()
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return url  # a path or an opaque URI (mailto:, urn:): nothing to normalise safely
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        pass
    host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += ":" + parts.password
        netloc = f"{userinfo}@{netloc}"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = _requote(parts.path) or "/"
    query = ""
    if parts.query:
        # Each "name=value" piece is kept as written (so "+" and "%2B" keep their meaning), minus
        # tracking parameters, in a stable order.
        pieces = [_requote(piece) for piece in parts.query.split("&") if piece]
        pieces = [p for p in pieces if not _is_tracking(unquote(p.split("=", 1)[0]))]
        query = "&".join(sorted(pieces))
    return urlunsplit((scheme, netloc, path, query, ""))


def url_site(url: str | None) -> str | None:
    """The site of a URL for grouping and filters: the host, lower-cased, without a leading "www."."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host
