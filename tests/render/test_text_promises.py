"""What the text output already promises, held by a test each (issue 16, point 12): the reasons left
out are counted and summed, the winner's minus points are shown once, `Unanswered` shows flags, a
candidate inside a what-if sentence reads as a phrase, and the shipped pack lints with no warning."""

from __future__ import annotations

import json
import re

import pytest

PROFILE = ("recommend", "--goal", "production", "--deploy", "mobile,browser,embedded", "--data", "image",
           "--priorities", "performance,cross-platform,visualization", "--hardware", "tpu", "--scale", "cluster",
           "--languages", "javascript,c")
# A Transformer fine-tuned for a phone: a near thing, with the Transformer's weaknesses as caveats.
ON_A_PHONE = ("recommend", "--goal", "production", "--deploy", "mobile", "--data", "text", "--pretrained", "yes")


def block(text: str, heading: str) -> list[str]:
    """The indented lines under `heading`."""
    lines = text.split(f"\n{heading}\n", 1)[1].splitlines()
    return [line for line in lines[: next((i for i, x in enumerate(lines) if not x.startswith("  ")), len(lines))]]


def test_the_reasons_left_out_are_counted_and_summed(cli, kb) -> None:
    text = cli(*PROFILE).out
    doc = json.loads(cli(*PROFILE, "--format", "json").out)
    winner = doc["decisions"]["framework"]["winner"]
    plus = [r for r in doc["reasons"] if r["candidate"] == winner and r["weight"] > 0]
    limit = kb.settings["top_reasons"]
    assert len(plus) > limit
    rest = plus[limit:]
    label = kb.candidates[winner]["label"]["en"]
    shown = [line for line in block(text, f"Why {label}:") if not line.lstrip().startswith("Today:")]
    assert shown[-1] == f"  … and {len(rest)} more (+{sum(r['weight'] for r in rest)}): --explain"
    assert len(shown) == limit + 1


def test_the_winners_minus_points_are_shown_once(cli) -> None:
    text = cli(*ON_A_PHONE).out
    caveats = block(text, "Weaknesses to watch:")
    assert caveats and all(line.startswith("  -") for line in caveats)
    for line in caveats:
        assert text.count(line) == 1
    why = [line for heading in re.findall(r"\n(Why [^\n]+:)\n", text) for line in block(text, heading)]
    assert not any(line.startswith("  -") for line in why)


def test_unanswered_shows_the_flags_and_counts_them_as_the_headline_does(cli) -> None:
    doc = json.loads(cli("recommend", "--goal", "research", "--format", "json").out)
    out = cli("recommend", "--goal", "research").out
    count = len(doc["unanswered"])
    last = next(line for line in out.splitlines() if line.startswith(f"Unanswered ({count}): "))
    assert last.startswith(f"Unanswered ({count}): --data, ")
    assert "--similar-model" in last and "similar_model" not in last
    assert f"{doc['confidence']['open']} of the {count} unanswered questions" in out.splitlines()[0]


def test_a_candidate_in_a_what_if_sentence_reads_as_a_phrase(cli) -> None:
    out = cli(*ON_A_PHONE, "--explain").out
    assert "would be a conventional architecture" in out and "would be A " not in out


@pytest.mark.slow
def test_the_shipped_pack_lints_with_no_warning(cli) -> None:
    got = cli("rules", "lint")
    assert got.code == 0
    assert re.search(r"^0 errors, 0 warnings, \d+ notes?$", got.out, re.M), got.out
