"""Validation reports each real problem once, located, without cascades."""

from __future__ import annotations

from pathlib import Path

CANDIDATE = """\
candidates:
  - id: jax
    label: {en: JAX, zh: JAX}
    kind: framework
    summary: {en: "XLA.", zh: "XLA。"}
    packages: [{name: jax}]
rules:
  - id: jax-broken
    kind: advice
    effects: {jax: 11}
    text: {en: "Too strong.", zh: "太强。"}
    source: beyond
"""
USER = """\
rules:
  - id: jax-tpu
    kind: strength
    when: {equals: {hardware: tpu}}
    effects: {jax: 3}
    text: {en: "TPU.", zh: "TPU。"}
    source: beyond
"""


def test_a_broken_item_does_not_make_its_neighbours_unknown(cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(CANDIDATE)
    (tmp_path / "b.yaml").write_text(USER)
    out = cli("recommend", "--rules", str(tmp_path), "--goal", "research")
    assert out.code == 3
    where = f"{tmp_path / 'a.yaml'}:10:20: $.rules[0].effects.jax"
    assert out.err.splitlines() == [f"{where}: 11 is greater than the maximum of 10"]
