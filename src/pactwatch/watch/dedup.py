"""Near-duplicate articles (``pactwatch watch --near-duplicates 0.9``): the same wire story as
republished by several outlets, a byline or a closing line apart, is stored once.

Each text is a MinHash (datasketch, 128 permutations) of its word 5-shingles, lower-cased; a
MinHash LSH index finds the stored texts likely to be as similar as the threshold, and the MinHash
estimate of their Jaccard similarity decides. The index is built from the store's texts at the first
batch (so a restarted watcher knows what is stored) and grows as articles are stored. Exact
duplicates need none of this: the store's content key already stores a text once.
"""
from __future__ import annotations

import re
from pathlib import Path

NUM_PERM = 128
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)


class NearDuplicates:
    def __init__(self, threshold: float, num_perm: int = NUM_PERM):
        from datasketch import MinHashLSH

        if not 0 < threshold <= 1:
            raise ValueError(f"the near-duplicate threshold must be above 0 and at most 1, not {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.hashes: dict[str, object] = {}
        self.loaded = False

    def signature(self, text: str):
        from datasketch import MinHash

        words = _WORD.findall(text.lower())
        shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
        minhash = MinHash(num_perm=self.num_perm)
        minhash.update_batch(s.encode("utf-8") for s in shingles if s)
        return minhash

    def load(self, db: Path, wait: float) -> int:
        """Index the texts stored in ``db`` (none if there is no store yet); how many."""
        self.loaded = True
        if not db.is_file():
            return 0
        from ..store import reader

        with reader(db, timeout=wait) as store:
            rows = store.con.execute("SELECT id, text_clean FROM articles ORDER BY ingested_at, article_key").fetchall()
        for key, text in rows:
            self.add(key, text or "")
        return len(rows)

    def find(self, text: str, minhash=None) -> str | None:
        """The key of an indexed text at least ``threshold`` similar to ``text``, or None."""
        minhash = minhash if minhash is not None else self.signature(text)
        best, best_score = None, 0.0
        for key in self.lsh.query(minhash):
            score = self.hashes[key].jaccard(minhash)
            if score >= self.threshold and score > best_score:
                best, best_score = key, score
        return best

    def add(self, key: str, text: str, minhash=None) -> None:
        if key in self.hashes:
            return
        minhash = minhash if minhash is not None else self.signature(text)
        self.hashes[key] = minhash
        self.lsh.insert(key, minhash)
