"""Many distinct, realistic pages for ingest tests: the example publisher page with a story per town."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TOWNS = ["Ashby", "Kelderton", "Mossbridge", "Haverdale", "Northdale", "Elmsford", "Carrow", "Brackwell",
         "Dunmore", "Fenwick", "Garside", "Holloway", "Inverleigh", "Jarrow Vale", "Kinross Mill"]


def page_variant(i: int) -> str:
    """Page i: the same site template, a different story (title, canonical URL and paragraphs)."""
    html = (EXAMPLES / "publisher-news.html").read_text(encoding="utf-8")
    town = f"{TOWNS[i % len(TOWNS)]} {i}"
    extra = (f"<p>Residents of {town} said the council had given them {i + 2} days of warning, and that the "
             f"bottled water station at the {town} community centre opened on day {i % 7 + 1} of the cuts.</p>")
    html = html.replace('<div class="article-body-commercial-selector article-body-viewer-selector">',
                        '<div class="article-body-commercial-selector article-body-viewer-selector">' + extra, 1)
    html = html.replace("water-rationing-northern-towns-haverdale-reservoir-record-low", f"water-rationing-{i}")
    return html.replace("Water rationing begins", f"Water rationing begins in {town} and")


def write_pages(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"story-{i:04d}.html"
        path.write_text(page_variant(i), encoding="utf-8")
        paths.append(path)
    return paths
