"""Quote benchmark: find_quotes on our own passages (scored) and on real article bodies (cost, counts).

Usage: .venv/bin/python bench/quotes.py [AEB_DIR] [--limit N] [--dump FILE] [--sample N] [--seed S]

1. The passages of tests/quotes_examples.py: DEV (what the rules were developed on) and HELD_OUT
   (written with it, measured only). Precision and recall of quotes (one-to-one, same kind,
   overlapping words), speaker accuracy on the matched ones. These are our own sentences: no
   public quote-attribution set was at hand.
2. The gold article bodies of the AEB set (AEB_DIR defaults to ../shared/bench/aeb; English ones,
   by a stop-word check): the parse (spaCy, `parse_many`) and find_quotes timed apart, so that the
   quotes' cost is a share of the parse's; quotes per kind, with a speaker, by signal. `--dump`
   writes every quote found with its paragraph, for checking by hand; `--sample N` a random N of them.
Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from quotes_examples import DEV, HELD_OUT, kind_of, score  # noqa: E402

from dateline.enrich.nlp import load_pipeline, parse_many  # noqa: E402
from dateline.enrich.quotes import find_quotes  # noqa: E402
from dateline.model import Quote  # noqa: E402

_ENGLISH = frozenset("the and of to in that is was for with".split())


def english(text: str) -> bool:
    words = text.lower().split()[:400]
    return sum(w in _ENGLISH for w in words) >= 0.08 * max(1, len(words))


def passages() -> dict[str, float]:
    nlp = load_pipeline()
    figures: dict[str, float] = {}
    for name, items in (("dev", DEV), ("held-out", HELD_OUT)):
        s = score(items, [find_quotes(nlp(text)) for text, _ in items])
        print(f"{name:9} passages {len(items):3}  gold {s.gold:3}  found {s.found:3}  P {s.precision:.3f}  "
              f"R {s.recall:.3f}  speaker accuracy {s.speaker_accuracy:.3f}  attributed R {s.attributed_recall:.3f}")
        figures |= {f"{name} P": round(s.precision, 3), f"{name} R": round(s.recall, 3),
                    f"{name} speaker": round(s.speaker_accuracy, 3)}
    return figures


def describe(q: Quote, body: str) -> str:
    lo = body.rfind("\n", 0, q.start) + 1
    hi = body.find("\n", q.end)
    who = q.speaker.text if q.speaker else None
    return (f"[{kind_of(q)}] speaker={who!r} cue={q.cue_lemma!r} {q.signal} {q.confidence}\n"
            f"  quote: {q.text[:300]!r}\n  para:  {body[lo:hi if hi >= 0 else len(body)][:600]!r}\n")


def articles(aeb: Path, limit: int | None, dump: Path | None, sample: int, seed: int = 1) -> dict[str, float]:
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [v["articleBody"] for _, v in sorted(gold.items()) if english(v["articleBody"])][:limit]
    start = time.process_time()
    docs = list(parse_many(bodies))
    parse_s = time.process_time() - start
    start = time.process_time()
    found = [find_quotes(doc) for doc in docs]
    quotes_s = time.process_time() - start
    every = [(q, body) for qs, body in zip(found, bodies, strict=True) for q in qs]
    kinds = Counter(kind_of(q) for q, _ in every)
    signals = Counter(q.signal for q, _ in every)
    attributed = sum(q.speaker is not None for q, _ in every)
    tokens = sum(len(d) for d in docs)
    print(f"AEB English bodies {len(bodies)}, {tokens} tokens: parse {parse_s:.2f} s CPU, find_quotes "
          f"{quotes_s:.3f} s CPU = {100 * quotes_s / parse_s:.1f} % of the parse")
    print(f"quotes {len(every)}: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
          + f"; with a speaker {attributed} ({100 * attributed / max(1, len(every)):.0f} %)")
    for signal, n in signals.most_common():
        print(f"  {n:5}  {signal}")
    if dump is not None:
        chosen = random.Random(seed).sample(every, min(sample, len(every))) if sample else every
        dump.write_text("\n".join(describe(q, body) for q, body in chosen), encoding="utf-8")
    return {"bodies": len(bodies), "tokens": tokens, "parse s": round(parse_s, 2), "quotes s": round(quotes_s, 3),
            "quotes share of parse": round(quotes_s / parse_s, 4), "quotes": len(every),
            "with speaker": attributed} | {f"kind {k}": n for k, n in kinds.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("aeb", nargs="?", type=Path, default=ROOT.parent / "shared" / "bench" / "aeb")
    ap.add_argument("--limit", type=int, default=None, help="only the first N English bodies")
    ap.add_argument("--dump", type=Path, default=None, help="write the quotes found, with their paragraphs")
    ap.add_argument("--sample", type=int, default=0, help="with --dump: a random sample of this many quotes")
    ap.add_argument("--seed", type=int, default=1, help="of the random sample")
    args = ap.parse_args()
    figures = passages()
    if (args.aeb / "ground-truth.json").exists():
        figures |= articles(args.aeb, args.limit, args.dump, args.sample, args.seed)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
