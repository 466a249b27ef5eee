"""Build dateline/serve/static/world-110m.svg from world-atlas's countries-110m TopoJSON (Natural
Earth, public domain), once, at build time: the web UI draws event places over it and never
fetches a map at run time.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/world_map.py package/countries-110m.json dateline/serve/static/world-110m.svg

The projection is equirectangular on a 360 x 180 view box (x = lon + 180, y = 90 - lat), the one
dateline/serve/charts.py places its dots with."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The arcs as lon/lat points (TopoJSON quantizes and delta-encodes them)."""
    scale = topology["transform"]["scale"]
    shift = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + shift[0], y * scale[1] + shift[1]))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that jumps across the antimeridian (Chukotka, Fiji) drawn on one side of it: the
    part on the other side falls outside the map instead of a line across the whole world."""
    if min(lat for _, lat in points) < -80:  # Antarctica: it runs along the map's bottom edge on purpose
        return points
    if not any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:], strict=False)):
        return points
    east = sum(lon for lon, _ in points) > 0
    return [(lon + 360 if east and lon < 0 else lon - 360 if not east and lon > 0 else lon, lat) for lon, lat in points]


def path_of(polygons: list[list[list[int]]], arcs: list[list[tuple[float, float]]]) -> str:
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            points = [(round(lon + 180, 1), round(90 - lat, 1)) for lon, lat in unwrapped(ring(indexes, arcs))]
            kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(kept) > 2:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in kept) + "Z")
    return "".join(parts)


def main(source: str, target: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", []) if kind == "MultiPolygon" else []
        d = path_of(polygons, arcs)
        if d:
            name = geometry.get("properties", {}).get("name", "").replace("&", "&amp;").replace("<", "&lt;")
            shapes.append(f'<path d="{d}"><title>{name}</title></path>')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180">\n'
           '<!-- Natural Earth 1:110m countries via world-atlas 2.0.2 (public domain); scripts/world_map.py -->\n'
           '<rect width="360" height="180" fill="#eef3f7"/>\n'
           '<g fill="#d5dbe1" stroke="#ffffff" stroke-width="0.2">\n' + "\n".join(shapes) + "\n</g>\n</svg>\n")
    Path(target).write_text(svg, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
