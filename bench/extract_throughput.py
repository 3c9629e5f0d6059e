#!/usr/bin/env python3
"""Throughput of ``pactwatch extract`` against spaCy's own full ``en_core_web_sm`` pipeline.

Usage::

    python bench/extract_throughput.py                       # 2,000 synthetic articles, one round
    python bench/extract_throughput.py --articles 5000 --repeat 2
    python bench/extract_throughput.py --corpus feed.jsonl --json

What it measures, each in its own fresh subprocess (so memory and warm-up never mix):

* ``spacy``      -- the full pipeline (every component, NER included) loaded by the names in
                    ``pactwatch.nlp.MODEL_NAMES``; ``for doc in nlp.pipe(texts, batch_size=32)``,
                    docs discarded. Timed: the pipe only (model load reported separately).
* ``cli``        -- ``pactwatch extract CORPUS --out OUT --quiet`` as a user runs it; wall time of
                    the whole process (imports, model load, reading, cleaning, parsing, coding,
                    writing). Peak RSS from ``os.wait4`` for that one child.
* ``startup``    -- the same command on a 1-article corpus; subtracted from ``cli`` to give the
                    steady-state extraction time.
* ``api``        -- ``pactwatch.pipeline.Extractor().extract_many`` in process (articles read
                    first; timed: extraction only). Skip with ``--no-api``.
* ``memory``     -- ``cli`` again on the first ``--small`` articles; its peak RSS beside the one at
                    full size shows whether memory stays bounded as the corpus grows.

Words are whitespace-split tokens of the input ``text`` fields, the same count for both sides, so
the ratio (pactwatch words/s / spaCy words/s) is a ratio of times. Everything runs in one process
with ``n_process=1`` on both sides. It is a benchmark: the exit status is 0 unless it crashes.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_CORPUS = HERE / "make_corpus.py"
TARGET_RATIO = 1.0


# --------------------------------------------------------------------------------------------
# Workers: run as ``extract_throughput.py --_worker KIND CORPUS``, print one JSON line on stdout.
# --------------------------------------------------------------------------------------------

def _read_texts(corpus: str) -> list[str]:
    with open(corpus, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def _worker_spacy(corpus: str, batch_size: int) -> dict:
    import spacy
    from pactwatch.nlp import MODEL_NAMES

    texts = _read_texts(corpus)
    t0 = time.perf_counter()
    nlp = None
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)  # nothing excluded, nothing disabled: the full pipeline
            break
        except OSError:
            continue
    if nlp is None:
        raise SystemExit(f"no spaCy model found (tried {', '.join(MODEL_NAMES)})")
    load = time.perf_counter() - t0
    rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    n = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        n += 1
        del doc
    pipe = time.perf_counter() - t0
    return {"model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}", "model_version": nlp.meta.get("version"),
            "components": list(nlp.pipe_names), "load_s": load, "run_s": pipe, "docs": n,
            "rss_after_load_kb": rss_after_load}


def _worker_api(corpus: str, batch_size: int) -> dict:
    from pactwatch.pipeline import Extractor
    from pactwatch.readers import read_articles
    from pactwatch.records import Article

    articles = [a for a in read_articles([corpus]) if isinstance(a, Article)]
    t0 = time.perf_counter()
    extractor = Extractor(batch_size=batch_size)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = events = 0
    for result in extractor.extract_many(articles):
        n += 1
        events += len(result.events)
    run = time.perf_counter() - t0
    return {"components": list(extractor.nlp.pipe_names), "load_s": load, "run_s": run, "docs": n,
            "events": events}


def worker_main(kind: str, corpus: str, batch_size: int) -> int:
    result = {"spacy": _worker_spacy, "api": _worker_api}[kind](corpus, batch_size)
    print(json.dumps(result))
    return 0


# --------------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------------

def run_child(argv: list[str], stdout_path: Path | None = None) -> dict:
    """Run ``argv`` to completion; wall time, exit status and the peak RSS of that one child."""
    devnull = os.open(os.devnull, os.O_RDWR)
    out_fd = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644) if stdout_path else devnull
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, out_fd, 1)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(devnull)
    if stdout_path:
        os.close(out_fd)
    code = os.waitstatus_to_exitcode(status)
    return {"wall_s": wall, "exit": code, "peak_rss_mb": usage.ru_maxrss / 1024,  # Linux: kB
            "cpu_s": usage.ru_utime + usage.ru_stime}


def run_worker(kind: str, corpus: Path, batch_size: int, tmp: Path) -> dict:
    out = tmp / f"worker-{kind}.json"
    child = run_child([sys.executable, str(Path(__file__).resolve()), "--_worker", kind, str(corpus),
                       "--batch-size", str(batch_size)], stdout_path=out)
    if child["exit"] != 0:
        raise RuntimeError(f"{kind} worker failed with exit status {child['exit']}")
    child.update(json.loads(out.read_text().strip().splitlines()[-1]))
    return child


def pactwatch_exe() -> str:
    exe = Path(sys.executable).with_name("pactwatch")
    if exe.exists():
        return str(exe)
    found = shutil.which("pactwatch")
    if not found:
        raise SystemExit("the pactwatch console script was not found next to the interpreter or on PATH")
    return found


def run_cli(corpus: Path, tmp: Path, batch_size: int) -> dict:
    out = tmp / "events.jsonl"
    child = run_child([pactwatch_exe(), "extract", str(corpus), "--out", str(out), "--quiet",
                       "--batch-size", str(batch_size)])
    if child["exit"] != 0:
        print(f"warning: pactwatch extract exited with status {child['exit']} on {corpus}", file=sys.stderr)
    lines = out.read_text(encoding="utf-8").count("\n") if out.exists() else 0
    child["docs"] = lines
    if out.exists():
        out.unlink()
    return child


def make_corpus(n: int, seed: int, path: Path) -> None:
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--articles", str(n), "--seed", str(seed),
                    "--out", str(path)], check=True)


def head(src: Path, n: int, dst: Path) -> int:
    count = 0
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8", newline="\n") as fout:
        for line in fin:
            if not line.strip():
                continue
            if count >= n:
                break
            fout.write(line)
            count += 1
    return count


def corpus_stats(path: Path) -> tuple[int, int]:
    texts = _read_texts(str(path))
    return len(texts), sum(len(t.split()) for t in texts)


def log(msg: str, quiet: bool) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000, help="synthetic articles to generate (default 2000)")
    ap.add_argument("--seed", type=int, default=7, help="corpus seed for bench/make_corpus.py (default 7)")
    ap.add_argument("--corpus", type=Path, help="use this JSONL corpus instead of generating one")
    ap.add_argument("--keep-corpus", action="store_true",
                    help="write the generated corpus to bench/corpus.jsonl (gitignored) instead of a temp dir")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of (spaCy, pactwatch) alternating (default 1)")
    ap.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size on both sides (default 32)")
    ap.add_argument("--small", type=int, default=500,
                    help="articles in the small corpus of the memory check (default 500)")
    ap.add_argument("--memory-check", action=argparse.BooleanOptionalAction, default=True,
                    help="run pactwatch on the first --small articles too and compare peak RSS (default on)")
    ap.add_argument("--api", action=argparse.BooleanOptionalAction, default=True,
                    help="also time Extractor().extract_many in process (default on)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    ap.add_argument("--_worker", choices=["spacy", "api"], help=argparse.SUPPRESS)
    ap.add_argument("worker_corpus", nargs="?", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._worker:
        return worker_main(args._worker, args.worker_corpus, args.batch_size)
    if args.repeat < 1 or args.articles < 1 or args.small < 1:
        ap.error("--repeat, --articles and --small must be >= 1")

    t_start = time.perf_counter()
    quiet = args.json
    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-") as tmpname:
        tmp = Path(tmpname)
        if args.corpus:
            corpus = args.corpus
        else:
            corpus = HERE / "corpus.jsonl" if args.keep_corpus else tmp / "corpus.jsonl"
            log(f"generating {args.articles} articles (seed {args.seed}) -> {corpus}", quiet)
            make_corpus(args.articles, args.seed, corpus)
        n_articles, n_words = corpus_stats(corpus)
        log(f"corpus: {n_articles} articles, {n_words} words", quiet)

        one = tmp / "one.jsonl"
        head(corpus, 1, one)
        log("pactwatch startup (1-article corpus) ...", quiet)
        run_cli(one, tmp, args.batch_size)  # warm the file cache; not recorded
        startup = run_cli(one, tmp, args.batch_size)

        spacy_runs, cli_runs = [], []
        for r in range(args.repeat):
            log(f"round {r + 1}/{args.repeat}: spaCy full pipeline ...", quiet)
            spacy_runs.append(run_worker("spacy", corpus, args.batch_size, tmp))
            log(f"  spaCy pipe {spacy_runs[-1]['run_s']:.1f}s; pactwatch extract ...", quiet)
            cli_runs.append(run_cli(corpus, tmp, args.batch_size))
            log(f"  pactwatch extract {cli_runs[-1]['wall_s']:.1f}s", quiet)

        api = None
        if args.api:
            log("in-process Extractor().extract_many ...", quiet)
            api = run_worker("api", corpus, args.batch_size, tmp)

        small = None
        if args.memory_check:
            small_path = tmp / "small.jsonl"
            n_small = head(corpus, min(args.small, n_articles), small_path)
            log(f"memory check: pactwatch extract on the first {n_small} articles ...", quiet)
            small = run_cli(small_path, tmp, args.batch_size)
            small["articles"] = n_small
            small["words"] = corpus_stats(small_path)[1]

    # ---- results -------------------------------------------------------------------------
    spacy_pipe = statistics.median(r["run_s"] for r in spacy_runs)
    spacy_load = statistics.median(r["load_s"] for r in spacy_runs)
    cli_wall = statistics.median(r["wall_s"] for r in cli_runs)
    cli_steady = max(cli_wall - startup["wall_s"], 1e-9)
    cli_rss = max(r["peak_rss_mb"] for r in cli_runs)

    def rates(seconds: float) -> dict:
        return {"seconds": seconds, "articles_per_s": n_articles / seconds, "words_per_s": n_words / seconds}

    ratio = spacy_pipe / cli_steady              # == pactwatch words/s / spaCy words/s
    ratio_end_to_end = spacy_pipe / cli_wall     # pactwatch start-up and model load counted, spaCy's not
    result = {
        "corpus": {"path": None if not (args.corpus or args.keep_corpus) else str(corpus),
                   "articles": n_articles, "words": n_words, "seed": None if args.corpus else args.seed},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "settings": {"repeat": args.repeat, "batch_size": args.batch_size, "n_process": 1},
        "spacy": {**rates(spacy_pipe), "load_s": spacy_load, "model": spacy_runs[0]["model"],
                  "model_version": spacy_runs[0]["model_version"], "components": spacy_runs[0]["components"],
                  "peak_rss_mb": max(r["peak_rss_mb"] for r in spacy_runs), "runs": spacy_runs},
        "pactwatch_cli": {**rates(cli_steady), "wall_s": cli_wall, "startup_s": startup["wall_s"],
                          "end_to_end": rates(cli_wall), "peak_rss_mb": cli_rss, "runs": cli_runs,
                          "startup_run": startup},
        "pactwatch_api": None if api is None else {**rates(api["run_s"]), "load_s": api["load_s"],
                                                   "components": api["components"],
                                                   "peak_rss_mb": api["peak_rss_mb"], "cpu_s": api["cpu_s"], "events": api["events"]},
        "ratio": ratio,
        "ratio_end_to_end": ratio_end_to_end,
        "ratio_api": None if api is None else spacy_pipe / api["run_s"],
        "target_ratio": TARGET_RATIO,
        "target_met": ratio >= TARGET_RATIO,
        "memory": None if small is None else {
            "small": {"articles": small["articles"], "words": small["words"], "peak_rss_mb": small["peak_rss_mb"]},
            "full": {"articles": n_articles, "words": n_words, "peak_rss_mb": cli_rss},
            "growth_mb": cli_rss - small["peak_rss_mb"],
            "growth_ratio": cli_rss / small["peak_rss_mb"],
        },
        "total_runtime_s": time.perf_counter() - t_start,
    }

    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0


def print_report(r: dict) -> None:
    c, s, p, a = r["corpus"], r["spacy"], r["pactwatch_cli"], r["pactwatch_api"]
    print(f"\ncorpus: {c['articles']} articles, {c['words']} words "
          f"({c['words'] / c['articles']:.0f} per article){'; seed ' + str(c['seed']) if c['seed'] is not None else ''}")
    print(f"machine: Python {r['machine']['python']}, {r['machine']['cpus']} CPUs; single process both sides "
          f"(n_process=1), batch size {r['settings']['batch_size']}, median of {r['settings']['repeat']} round(s)")
    print(f"spaCy model: {s['model']} {s['model_version']}, components: {', '.join(s['components'])}\n")
    rows = [
        ("spaCy nlp.pipe, full pipeline", s["seconds"], s["articles_per_s"], s["words_per_s"], s["peak_rss_mb"], s["runs"][0]["cpu_s"],
         f"load {s['load_s']:.2f}s not timed"),
        ("pactwatch extract (CLI), steady", p["seconds"], p["articles_per_s"], p["words_per_s"], p["peak_rss_mb"], None,
         f"wall minus start-up {p['startup_s']:.2f}s"),
        ("pactwatch extract (CLI), wall", p["wall_s"], p["end_to_end"]["articles_per_s"],
         p["end_to_end"]["words_per_s"], p["peak_rss_mb"], p["runs"][0]["cpu_s"], "incl. start-up + model load"),
    ]
    if a is not None:
        rows.append(("Extractor().extract_many (API)", a["seconds"], a["articles_per_s"], a["words_per_s"],
                     a["peak_rss_mb"], a["cpu_s"], f"load {a['load_s']:.2f}s not timed"))
    head = f"{'':34} {'seconds':>9} {'articles/s':>11} {'words/s':>9} {'peak RSS':>9} {'CPU s':>7}  note"
    print(head)
    print("-" * len(head))
    for name, sec, aps, wps, rss, cpu, note in rows:
        cpu_text = f"{cpu:7.1f}" if cpu is not None else f"{'':7}"
        print(f"{name:34} {sec:9.1f} {aps:11.2f} {wps:9.0f} {rss:7.0f}MB {cpu_text}  {note}")
    print("(CPU s: user+system of the whole child process, loading included; first round)")
    print()
    print(f"ratio pactwatch / spaCy (words/s, CLI steady state):   {r['ratio']:.2f}")
    print(f"ratio pactwatch / spaCy (CLI wall incl. start-up):      {r['ratio_end_to_end']:.2f}")
    if r["ratio_api"] is not None:
        print(f"ratio pactwatch / spaCy (in-process API):               {r['ratio_api']:.2f}")
    m = r["memory"]
    if m is not None:
        print(f"\nmemory (pactwatch extract peak RSS): {m['small']['articles']} articles {m['small']['peak_rss_mb']:.0f} MB, "
              f"{m['full']['articles']} articles {m['full']['peak_rss_mb']:.0f} MB "
              f"(+{m['growth_mb']:.0f} MB, x{m['growth_ratio']:.2f} for x{m['full']['articles'] / m['small']['articles']:.1f} articles)")
    print(f"\ntarget ratio >= {r['target_ratio']:.1f}: {'MET' if r['target_met'] else 'NOT MET'} "
          f"(steady-state ratio {r['ratio']:.2f}; end-to-end {r['ratio_end_to_end']:.2f})")
    print(f"total runtime: {r['total_runtime_s']:.0f}s")


if __name__ == "__main__":
    sys.exit(main())
