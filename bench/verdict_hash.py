"""The same verdicts before and after a change: a digest of the full output for seeded random profiles.

    python bench/verdict_hash.py [--profiles 1000] [--seed 20240] [--format json] [--dump FILE]

Draws the profiles as `batch_throughput.py` does (each question answered with probability 0.6, from
the knowledge base's own questions), runs each through the API's `recommend` with what-if, renders
it with `format_result` and prints the SHA-256 of all the documents, one per line. `--dump` also
writes them, for a diff when the digests differ. Run it on both sides of a change that must not
move a verdict (a refactor, a speed-up) and compare the two lines it prints.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.batch_throughput import profiles  # noqa: E402
from recommender.api import format_result, recommend, shipped_knowledge_base  # noqa: E402


def documents(count: int, seed: int, fmt: str) -> list[str]:
    kb = shipped_knowledge_base()
    return [format_result(recommend(raw, kb=kb), fmt, kb=kb) for raw in profiles(kb, count, seed)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240)
    parser.add_argument("--format", default="json")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    docs = documents(args.profiles, args.seed, args.format)
    text = "".join(doc if doc.endswith("\n") else doc + "\n" for doc in docs)
    if args.dump:
        args.dump.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    print(f"{args.profiles} profiles, seed {args.seed}, {args.format}: sha256 {digest}")


if __name__ == "__main__":
    main()
