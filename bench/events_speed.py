"""Event coding speed: sentences per second on one core, for the coder alone and for analyze end to
end, beside spaCy's own pipeline on the same sentences.

Usage: .venv/bin/python bench/events_speed.py [BENCH_DIR] [--repeat N]

BENCH_DIR defaults to ../shared/bench. The sentences are the texts of the PLOVER gold records
(plover/plover-gold-visible.json) and of the PETRARCH suites (petrarch/records.jsonl): news-style
sentences, one per record. Measured, each on the same sentences, best of N runs:

- spaCy: `nlp(text)` per sentence (the pipeline dateline loads), and `nlp.pipe` over all of them;
- coder: `code_article` alone, given each sentence's parse and enrichment made beforehand;
- analyze: `analyze_text` per sentence (enrich and events, as `dateline analyze --text` runs them).

Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.analyze import analyze_text  # noqa: E402
from dateline.enrich.nlp import load_pipeline  # noqa: E402
from dateline.events.coder import code_article  # noqa: E402
from dateline.events.lexicon import load_lexicon  # noqa: E402
from dateline.events.plover import load_ontology  # noqa: E402


def sentences(folder: Path) -> list[str]:
    texts = [r["text"] for r in json.loads((folder / "plover" / "plover-gold-visible.json").read_text())]
    with (folder / "petrarch" / "records.jsonl").open() as lines:
        texts += [json.loads(line)["text"] for line in lines]
    return [t for t in texts if t.strip()]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bench", nargs="?", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = sentences(Path(args.bench))
    nlp = load_pipeline()
    lexicon, ontology = load_lexicon(), load_ontology()
    analyses = [analyze_text(t, language="en") for t in texts]  # (also warms every table up)
    docs = [nlp(a.article.body or "") for a in analyses]
    n = len(texts)
    spacy_each = best_of(args.repeat, lambda: [nlp(t) for t in texts])
    spacy_pipe = best_of(args.repeat, lambda: list(nlp.pipe(texts, batch_size=64)))
    coder = best_of(args.repeat, lambda: [code_article(a.article, a.enrichment, d, lexicon, ontology)
                                          for a, d in zip(analyses, docs, strict=True)])
    analyze = best_of(args.repeat, lambda: [analyze_text(t, language="en") for t in texts])
    events = sum(len(a.events) for a in analyses)
    figures = {
        "sentences": n,
        "events": events,
        "spacy_per_sentence_sps": round(n / spacy_each, 1),
        "spacy_pipe_sps": round(n / spacy_pipe, 1),
        "coder_sps": round(n / coder, 1),
        "analyze_sps": round(n / analyze, 1),
        "analyze_vs_spacy_per_sentence": round(analyze / spacy_each, 2),
    }
    print(f"{n} sentences, {events} events (CPU seconds, best of {args.repeat}, one process)")
    print(f"{'spaCy nlp(text) per sentence':34}{figures['spacy_per_sentence_sps']:>10} sentences/s")
    print(f"{'spaCy nlp.pipe':34}{figures['spacy_pipe_sps']:>10} sentences/s")
    print(f"{'dateline coder alone':34}{figures['coder_sps']:>10} sentences/s")
    print(f"{'dateline analyze (enrich+events)':34}{figures['analyze_sps']:>10} sentences/s"
          f"  ({figures['analyze_vs_spacy_per_sentence']}x spaCy's time per sentence)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
