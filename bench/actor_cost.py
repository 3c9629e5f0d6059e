#!/usr/bin/env python3
"""What resolving actors costs, against the parse it runs on, and what spaCy's NER would add.

Usage::

    python bench/actor_cost.py                         # the dev gold articles from ../shared, 3 rounds
    python bench/actor_cost.py --corpus feed.jsonl     # your own JSONL corpus (one article a line, "text")

In one process, on the same texts, alternated round by round:

* ``parse``   -- pactwatch's spaCy pipeline (``nlp.load_model``: no NER) over the texts;
* ``actors``  -- on those parsed documents, the actor stages: mentions (dictionary, institutions,
                 acronyms, people), unnamed people, and the quotes' speakers (``extract_quotes``);
* ``ner``     -- the same pipeline with spaCy's ``ner`` component added, over the same texts.

Reported as ratios in the same run, CPU time (``time.process_time``): actors / parse (what actor
resolution adds to the parse) and ner / parse (what adding NER would cost the parse), the median over
the rounds with the spread (max - min) / median. pactwatch leaves NER out (docs: the small model's
NER is weak on this domain); this measures that choice. The texts are read where they are, never
copied. It is a benchmark: the exit status is 0 unless it crashes (2 for bad arguments).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "fixtures" / "dev" / "gold.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL, one article a line with 'text'")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"{args.corpus}: no such corpus (the dev gold is read from ../shared beside the checkout)", file=sys.stderr)
        return 2
    if args.repeats < 1:
        print("--repeats must be at least 1", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE.parent / "src"))
    import spacy

    from pactwatch.actors import ArticleActors, default_dictionary, default_roles, find_mentions
    from pactwatch.clean import clean_text
    from pactwatch.nlp import MODEL_NAMES, load_model
    from pactwatch.quotes import extract_quotes

    texts = [clean_text(json.loads(line).get("text") or "") for line in args.corpus.open(encoding="utf-8") if line.strip()]
    nlp = load_model()
    with_ner = None  # the same package loaded whole, NER kept, with pactwatch's sentence starts
    for name in MODEL_NAMES:
        try:
            with_ner = spacy.load(name)
        except OSError:
            continue
        with_ner.add_pipe("pactwatch_paragraph_sentences", before="parser")
        break
    assert with_ner is not None and "ner" in with_ner.pipe_names
    dictionary, roles = default_dictionary(), default_roles()
    words = sum(len(t.split()) for t in texts)

    def parse(pipeline):
        start = time.process_time()
        docs = list(pipeline.pipe(texts, batch_size=32))
        return time.process_time() - start, docs

    def actors(docs):
        start = time.process_time()
        for doc in docs:
            found = ArticleActors(doc, find_mentions(doc, dictionary, roles, None), roles, dictionary)
            found.discover_unnamed()
            extract_quotes(doc, found)
        return time.process_time() - start

    actors(parse(nlp)[1]), parse(with_ner)  # warm up both pipelines and the phrase matcher
    rounds = []
    for _ in range(args.repeats):
        parse_s, docs = parse(nlp)
        actors_s = actors(docs)
        ner_s, _ = parse(with_ner)
        rounds.append({"parse_s": parse_s, "actors_s": actors_s, "ner_s": ner_s})

    def ratio(name: str) -> dict:
        values = [r[name] / r["parse_s"] for r in rounds]
        median = statistics.median(values)
        return {"median": median, "spread": (max(values) - min(values)) / median if median else 0.0}

    figures = {"articles": len(texts), "words": words, "rounds": rounds,
               "actors_over_parse": ratio("actors_s"), "ner_over_parse": ratio("ner_s")}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{len(texts)} articles, {words} words, {args.repeats} rounds (CPU seconds)")
    for r in rounds:
        print(f"  parse {r['parse_s']:.2f}  actors {r['actors_s']:.2f}  parse with NER {r['ner_s']:.2f}")
    for name, label in (("actors_over_parse", "actor stages / parse"), ("ner_over_parse", "parse with NER / parse")):
        f = figures[name]
        print(f"{label:24} {f['median']:.3f}  (spread {f['spread']:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
