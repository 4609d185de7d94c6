"""A hash of what `recommend` prints for 1,000 seeded random profiles of the shipped pack, to show a change
leaves the recommendations as they were (`--code DIR` runs another checkout's package, e.g. a `git archive`
of main, for the "before").

    python bench/recommend_hash.py [--code DIR] [--count N] [--formats json,text]

The profiles are bench/batch_throughput.py's (seeded); answers a profile cannot give (an exclusive option
with another) count as their error message, so both sides see the same input.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose `recommender` package runs")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--formats", default="json,text")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    import recommender  # imported first from --code: batch_throughput's own imports then find it loaded

    sys.path.insert(1, str(ROOT))
    from bench.batch_throughput import profiles
    from recommender.api import format_result, recommend
    from recommender.errors import RecommenderError
    from recommender.knowledge.load import load_knowledge_base

    kb = load_knowledge_base(use_cache=False)
    print(f"package: {Path(recommender.__file__).parent}")
    for fmt in args.formats.split(","):
        digest = hashlib.sha256()
        for raw in profiles(kb, args.count):
            try:
                digest.update(format_result(recommend(raw, kb=kb), fmt, kb=kb).encode())
            except RecommenderError as exc:
                digest.update(f"error: {exc}".encode())
        print(f"{fmt}: {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
