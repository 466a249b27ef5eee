"""The story commands of `dateline`: `stories` (the list, or the membership export), `story ID`
and `bench clusters --gold FILE`. Thin, like cli.py: read the arguments, call the store, print."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import DatelineError
from .render import write_rows

AddFlags = Callable[[argparse.ArgumentParser], None]
STORY_COLUMNS = ("id", "last_published", "article_count", "unique_count", "outlets", "title")
MEMBER_COLUMNS = ("story_id", "article_id", "url", "source_id", "similarity", "duplicate_group")


def add_parsers(sub: Any, db_flags: AddFlags, day_arg: Callable[[str], Any],
                positive_int: Callable[[str], int]) -> None:
    sts = sub.add_parser("stories", help="list the stories the articles form (latest first), or export them",
                         description="List the stories that the stored articles form across outlets and days, "
                                     "the latest first, with filters; or, with --members, export which story each "
                                     "article is in (never creates a database).")
    db_flags(sts)
    sts.add_argument("--since", type=day_arg, help="stories with an article on or after this day (YYYY-MM-DD)")
    sts.add_argument("--until", type=day_arg, help="stories with an article on or before this day (YYYY-MM-DD)")
    sts.add_argument("--actor", metavar="CODE", help="an actor id (person:sergei-lavrov) or a country code (RUS)")
    sts.add_argument("--place", metavar="PLACE", help="a place name (Istanbul), GeoNames id or country code (TUR)")
    sts.add_argument("--query", metavar="TEXT", help="words of the story's title or summary")
    sts.add_argument("--limit", type=positive_int, help="at most N stories (default: 50 for the table, all otherwise)")
    sts.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    sts.add_argument("--members", action="store_true",
                     help="export the membership instead: one row per article with its story and duplicate group")

    one = sub.add_parser("story", help="one story: its summary, articles by duplicate group, and timeline",
                         description="Show one story by id: title, summary, span, outlets, main actors and "
                                     "places, its articles grouped by duplicate group, and its events in date order.")
    one.add_argument("id", metavar="ID")
    db_flags(one)
    one.add_argument("--format", choices=["text", "json"], default="text")

    bench = sub.add_parser("bench", help="score the stored data against labels of your own",
                           description="Score what dateline stored against labels of your own.")
    what = bench.add_subparsers(dest="bench_command", required=True)
    clusters = what.add_parser("clusters", help="score the stored stories against your own story labels",
                               description="Score the stored stories against a JSON Lines file of your own labels, "
                                           "one object a line with the article (\"id\": the article id, its URL or "
                                           "its corpus source id) and its \"cluster\": B-cubed and pairwise "
                                           "precision, recall and F1 over the labelled articles.")
    clusters.add_argument("--gold", required=True, metavar="FILE", help="JSON Lines: {\"id\": ..., \"cluster\": ...}")
    db_flags(clusters)
    clusters.add_argument("--format", choices=["table", "json"], default="table")


class InputError(DatelineError):
    """A file of the user's that cannot be read as documented."""


def cmd_stories(args: argparse.Namespace, store: Any) -> int:
    from .store.story_reads import StoryFilter

    if args.members:
        rows = list(store.iter_story_memberships())
        _write(rows, args.format, MEMBER_COLUMNS)
        return 0
    where = StoryFilter(since=args.since, until=args.until, actor=args.actor, place=args.place, query=args.query,
                        limit=args.limit or (50 if args.format == "table" else None))
    rows = [r.to_dict() for r in store.stories(where)]
    if args.format == "table":
        for row in rows:
            row["outlets"] = ", ".join(row["outlets"][:3]) + (" …" if len(row["outlets"]) > 3 else "")
            row["last_published"] = row["last_published"].strftime("%Y-%m-%d %H:%M") if row["last_published"] else ""
    _write(rows, args.format, STORY_COLUMNS)
    return 0


def _write(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...]) -> None:
    if fmt != "csv":
        write_rows(rows, fmt, columns)
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in row.items()})


def cmd_story(args: argparse.Namespace, store: Any) -> int:
    found = store.story(args.id)
    if found is None:
        print(f"dateline: no story {args.id!r} (see dateline stories)", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(found.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        print(render_story(found))
    return 0


def _day(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "undated"


def render_story(story: Any) -> str:
    lines = [story.title, "=" * min(len(story.title), 100), "",
             f"{story.id} · {story.article_count} articles ({story.unique_count} unique) · "
             f"{_day(story.first_published)} – {_day(story.last_published)}",
             "outlets: " + (", ".join(story.outlets) or "-"),
             "actors:  " + (", ".join(story.actors) or "-"),
             "places:  " + (", ".join(story.places) or "-"), "", story.summary, "", "Articles:"]
    for group in story.groups:
        for i, m in enumerate(group):
            mark = "  " if i == 0 else "  = "  # a copy of the first of its group
            lines.append(f"{mark}[{m.article_id}] {m.published or 'undated'}  {m.site or '-'}  {m.title or '(untitled)'}")
    if story.timeline:
        lines += ["", "Timeline:"]
        for event in story.timeline:
            sides = "+".join(a.name for a in event.actors) or "?"
            target = "+".join(a.name for a in event.recipients)
            flags = [f for f in ("future", "hypothetical", "negated", "historical") if getattr(event, f)]
            lines.append(f"  {event.date or 'undated':<10}  {event.type:<9} {sides}" + (f" → {target}" if target else "")
                         + (f"  ({', '.join(flags)})" if flags else ""))
    return "\n".join(lines)


def read_gold(path: str) -> dict[str, str]:
    """The labels of a JSON Lines file: item → cluster, as strings."""
    gold: dict[str, str] = {}
    try:
        lines: Iterable[str] = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the labels ({exc})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            gold[str(record["id"])] = str(record["cluster"])
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{path}, line {number}: expected {{\"id\": ..., \"cluster\": ...}}, "
                             f"got {line[:80]!r}") from None
    if not gold:
        raise InputError(f"{path}: no labels in it")
    return gold


def cmd_bench_clusters(args: argparse.Namespace, store: Any) -> int:
    from .stories.scoring import score_clusters

    gold = read_gold(args.gold)
    predicted: dict[str, str] = {}
    for row in store.iter_story_memberships():
        for key in (str(row["article_id"]), row["url"], row["source_id"]):
            if key and key in gold:
                predicted[key] = row["story_id"]
    scores = score_clusters(predicted, gold)
    missing = len(gold) - len(predicted)
    if args.format == "json":
        print(json.dumps({**scores.to_dict(), "unmatched": missing}, indent=2))
        return 0
    print(f"{scores.items} labelled articles, {missing} not found in the store's stories (each counted alone)")
    print(f"{'':10}{'precision':>10}{'recall':>10}{'F1':>10}")
    print(f"{'B-cubed':10}{scores.bcubed_precision:10.4f}{scores.bcubed_recall:10.4f}{scores.bcubed_f1:10.4f}")
    print(f"{'pairwise':10}{scores.pairwise_precision:10.4f}{scores.pairwise_recall:10.4f}{scores.pairwise_f1:10.4f}")
    print(f"clusters: {scores.predicted_clusters} stored, {scores.gold_clusters} in the labels")
    return 0
