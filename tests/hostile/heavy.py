"""Heavy but valid rule packs (issue 25), written on demand rather than committed: every rule at the
limit of 8,192 answer combinations, over many-choice questions of the most options allowed.

    python tests/hostile/heavy.py FOLDER [--rules N] [--chain N]

writes FOLDER/heavy.yaml, a layer over the shipped pack (`recommend --rules FOLDER`). `--rules N` gives
8 many-choice questions of 32 options and N rules; `--chain N` gives N one-choice questions, each asked
only for one answer to the one before, with a rule per question reading it and its predecessor.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OPTIONS = 32  # limits.MAX_OPTIONS
QUESTIONS = 8
TEXT = {"en": "x", "zh": "x"}
# A rule of one decision only: the compiler refuses effects across both.
EFFECTS = [{"pytorch": 2, "tensorflow": -1}, {"tensorflow": 2}, {"transformer": 1}, {"pytorch": -1}]


def _options(count: int) -> list[dict[str, Any]]:
    return [{"id": f"o{i}", "label": TEXT} for i in range(count)]


def _question(qid: str, order: int, kind: str, count: int, when: dict[str, Any] | None = None) -> dict[str, Any]:
    spec = {"id": qid, "order": order, "kind": kind, "prompt": TEXT, "help": TEXT, "options": _options(count)}
    return {**spec, "when": when} if when else spec


def _rule(index: int, when: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"hv-{index}", "kind": "advice", "when": when, "effects": EFFECTS[index % len(EFFECTS)],
            "text": TEXT, "source": "beyond"}


Shape = tuple[int, int, int]  # (first question, second question, first option named): see `wide_rule`


def wide_pack(rules: int) -> dict[str, Any]:
    """8 many-choice questions of 32 options; each rule names 13 options (2^13 = 8,192 combinations), of one
    question or of two."""
    return wide_pack_of([(i % QUESTIONS, (i * 3 + 1) % QUESTIONS if i % 2 else i % QUESTIONS, i % (OPTIONS - 13))
                         for i in range(rules)])


def wide_pack_of(shapes: list[Shape]) -> dict[str, Any]:
    """The 8 wide questions and one rule per shape (what a property test draws)."""
    questions = [_question(f"hv{q}", 900 + q, "many", OPTIONS) for q in range(QUESTIONS)]
    return {"questions": questions, "rules": [_rule(i, wide_rule(*shape)) for i, shape in enumerate(shapes)]}


def wide_rule(first: int, second: int, start: int) -> dict[str, Any]:
    """13 options from `start` (at the limit of 8,192 combinations): all of question `first`, or 7 of it and 6 of
    question `second`."""
    named = [f"o{start + i}" for i in range(13)]
    if first == second:
        return {"contains_any": {f"hv{first}": named}}
    return {"all": [{"contains_any": {f"hv{first}": named[:7]}}, {"contains_any": {f"hv{second}": named[7:]}}]}


def chain_pack(length: int) -> dict[str, Any]:
    """`length` one-choice questions of 8 options, each asked only when the one before is o0."""
    questions = [_question("hc0", 900, "one", 8)]
    questions += [_question(f"hc{i}", 900 + i, "one", 8, {"equals": {f"hc{i - 1}": "o0"}}) for i in range(1, length)]
    rules = [_rule(i, {"all": [{"equals": {f"hc{i}": f"o{1 + i % 7}"}}, {"equals": {f"hc{i - 1}": "o0"}}]})
             for i in range(1, length)]
    return {"questions": questions, "rules": rules}


def write(folder: Path, *, rules: int = 0, chain: int = 0, pack: dict[str, Any] | None = None) -> Path:
    """The pack as FOLDER/heavy.yaml (JSON is YAML, and quick to write); returns the folder."""
    pack = pack or (chain_pack(chain) if chain else wide_pack(rules))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "heavy.yaml").write_text(json.dumps(pack, separators=(",", ":")), "utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rules", type=int, default=200)
    parser.add_argument("--chain", type=int, default=0)
    args = parser.parse_args()
    print(write(args.folder, rules=args.rules, chain=args.chain) / "heavy.yaml")


if __name__ == "__main__":
    main()
