"""Charts as inline SVG made on the server: stacked bars of counts over periods and a world map
of event places. Colours come from CSS classes (s0 … s11), never from inline styles, which the
Content-Security-Policy forbids; every number also goes into a table beside the chart."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup

from ..store.ui_reads import PlaceCount

PALETTE_SIZE = 12
_BAR, _GAP, _LEFT, _TOP, _HEIGHT, _BOTTOM = 22, 6, 34, 10, 150, 34
_WIDTH, _LABEL_SPACING = 560, 30  # view box units; the chart scales to its column


@dataclass(frozen=True)
class Series:
    """One coloured part of each bar: its name, CSS class and count per period."""

    name: str
    css: str
    counts: Mapping[str, int]


def series_of(by_name: Mapping[str, Mapping[str, int]]) -> list[Series]:
    """Series in the order of their totals (largest first), each with a colour class."""
    names = sorted(by_name, key=lambda n: (-sum(by_name[n].values()), n))
    return [Series(name, f"s{i % PALETTE_SIZE}", by_name[name]) for i, name in enumerate(names)]


def stacked_bars(periods: Sequence[str], series: Sequence[Series], label: str) -> Markup:
    """A bar per period, stacked by series; `label` names the chart for screen readers. A few
    periods get bars of at most _BAR units; many share _WIDTH, so the text keeps its size."""
    totals = [sum(s.counts.get(p, 0) for s in series) for p in periods]
    top = max(totals, default=0) or 1
    slot = min(_BAR + _GAP, (_WIDTH - _LEFT - _GAP) / max(1, len(periods)))
    bar = max(1.0, slot * 0.8)
    width = _LEFT + len(periods) * slot + _GAP
    height = _TOP + _HEIGHT + _BOTTOM
    every = max(1, math.ceil(_LABEL_SPACING / slot))  # labels far enough apart to be read
    out = [Markup('<svg class="chart" viewBox="0 0 {:.0f} {}" preserveAspectRatio="xMinYMin meet" role="img" '
                  'aria-label="{}"><title>{}</title>').format(width, height, label, label)]
    out.append(Markup('<line class="axis" x1="{}" y1="{}" x2="{:.1f}" y2="{}"/>').format(
        _LEFT, _TOP + _HEIGHT, width, _TOP + _HEIGHT))
    out.append(Markup('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>').format(_LEFT - 4, _TOP + 8, top))
    out.append(Markup('<text class="tick" x="{}" y="{}" text-anchor="end">0</text>').format(
        _LEFT - 4, _TOP + _HEIGHT))
    for i, period in enumerate(periods):
        x = _LEFT + _GAP + i * slot
        base = float(_TOP + _HEIGHT)
        for s in series:
            n = s.counts.get(period, 0)
            if not n:
                continue
            h = max(1.0, _HEIGHT * n / top)
            base -= h
            out.append(Markup('<rect class="{}" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}: {} {}'
                              '</title></rect>').format(s.css, x, base, bar, h, period, n, s.name))
        if i % every == 0:
            lx, ly = round(x + bar / 2, 1), _TOP + _HEIGHT + 10
            out.append(Markup('<text class="tick" x="{}" y="{}" text-anchor="end" transform="rotate(-40 {} {})">{}'
                              '</text>').format(lx, ly, lx, ly, period))
    out.append(Markup("</svg>"))
    return Markup("").join(out)


def map_point(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular on the 360 x 180 view box of static/world-110m.svg (scripts/world_map.py)."""
    return round(lon + 180, 2), round(90 - lat, 2)


def world_map(places: Sequence[PlaceCount], filters: Mapping[str, str]) -> Markup:
    """The country shapes (a static file) with a dot per place, sized by its events; each dot
    links to the explorer filtered to the place's country."""
    top = max((p.events for p in places), default=1)
    out = [Markup('<svg class="map" viewBox="0 0 360 180" role="img" aria-label="Map of event places">'
                  '<title>Map of event places</title>'
                  '<image href="/static/world-110m.svg" x="0" y="0" width="360" height="180"/>')]
    for p in sorted(places, key=lambda p: -p.events):  # small dots on top of big ones
        x, y = map_point(p.place.lat, p.place.lon)
        r = 1.5 + 5 * math.sqrt(p.events / top)
        text = f"{p.place.name}{', ' + p.place.country if p.place.country else ''}: {p.events} events"
        dot = Markup('<circle class="dot" cx="{}" cy="{}" r="{:.1f}"><title>{}</title></circle>').format(x, y, r, text)
        if p.place.country:
            href = "/events?" + urlencode({**filters, "country": p.place.country})
            dot = Markup('<a href="{}" aria-label="{}">{}</a>').format(href, text, dot)
        out.append(dot)
    out.append(Markup("</svg>"))
    return Markup("").join(out)
