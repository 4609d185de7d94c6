"""Typed views of the compiled knowledge base's records, as the JSON Schemas in `schemas/` define them.

They stay plain dicts at run time (the cache stores plain values, and building objects
would cost the warm start); the types let mypy check every field read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypedDict

if TYPE_CHECKING:  # typing has NotRequired only from Python 3.11; annotations are never evaluated at run time
    from typing_extensions import NotRequired

Text = dict[str, str]  # language → text


class OptionSpec(TypedDict):
    id: str
    label: Text
    aliases: NotRequired[list[str]]
    neutral: NotRequired[bool]
    exclusive: NotRequired[bool]
    fits: NotRequired[dict[str, Any]]
    what_if: NotRequired[Text]
    phrase: NotRequired[Text]
    requires: NotRequired[list[RequirementSpec]]


class Dated(TypedDict):
    text: Text
    source: str


class RequirementSpec(TypedDict):
    id: str
    decision: Literal["framework", "approach"]
    label: Text
    why: Text
    source: str
    dated: NotRequired[Dated]


class ProvidesSpec(TypedDict):
    id: str
    source: str
    text: NotRequired[Text]
    quote: NotRequired[str]
    dated: NotRequired[Dated]


class QuestionSpec(TypedDict):
    id: str
    kind: Literal["one", "many"]
    prompt: Text
    help: Text
    options: list[OptionSpec]
    order: NotRequired[int]
    when: NotRequired[dict[str, Any]]
    what_if: NotRequired[dict[str, Text]]
    nature: NotRequired[Literal["fact", "choice"]]


class PackageSpec(TypedDict):
    name: str
    when: NotRequired[dict[str, Any]]
    backend: NotRequired[str]
    imports: NotRequired[list[str]]
    dated: NotRequired[Dated]
    note: NotRequired[dict[str, str]]  # language → text, under the install line


class SnippetPackage(TypedDict):
    name: str
    imports: NotRequired[list[str]]


class ModuleEntry(TypedDict):
    name: str
    when: NotRequired[dict[str, Any]]
    backend: NotRequired[str]


class SnippetSpec(TypedDict):
    id: str
    code: str
    backend: NotRequired[str]
    when: NotRequired[dict[str, Any]]
    packages: NotRequired[list[SnippetPackage]]  # installed exactly when this snippet is printed
    dated: NotRequired[Dated]


class StarterSpec(TypedDict, total=False):
    modules: list[str | ModuleEntry]
    snippets: list[SnippetSpec]
    snippet: str
    backends: dict[str, str]
    comments: dict[str, dict[str, str]]  # language → English comment line → its translation
    dated: Dated


class DefaultBackend(TypedDict):
    id: str
    text: Text
    source: str
    quote: NotRequired[str]


class Variant(TypedDict):
    id: str
    when: dict[str, Any]
    label: Text
    text: Text
    source: str
    dated: NotRequired[Dated]


class CandidateSpec(TypedDict):
    id: str
    label: Text
    kind: Literal["framework", "architecture", "library"]
    decision: Literal["framework", "approach"]
    summary: Text
    packages: list[PackageSpec]
    backends: NotRequired[list[str]]
    baseline: NotRequired[bool]
    default_backend: NotRequired[DefaultBackend]
    variants: NotRequired[list[Variant]]
    starter: NotRequired[StarterSpec]
    profile: NotRequired[dict[str, list[dict[str, Any]]]]
    provides: NotRequired[list[ProvidesSpec]]


class Thresholds(TypedDict):
    high: int
    medium: int


class Settings(TypedDict):
    confidence: Thresholds
    top_reasons: int
    swing_cap: int  # the compiler's default when a pack leaves it out


class RuleTestSpec(TypedDict):
    id: str
    answers: dict[str, Any]
    expect: dict[str, Any]
    source: NotRequired[str]


class SourceSpec(TypedDict):
    id: str
    section: str
    title: Text
