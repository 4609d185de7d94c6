"""The interface's own words in English and Chinese, and how the language is chosen."""

from __future__ import annotations

import os

LANGS = ("en", "zh")

WORDS: dict[str, dict[str, str]] = {
    "recommendation": {"en": "Recommendation", "zh": "推荐"},
    "on": {"en": "{label} on {backend}", "zh": "{label}（基于 {backend}）"},
    "confidence": {"en": "confidence {level}, margin {margin}", "zh": "置信度{level}，领先 {margin} 分"},
    "level.high": {"en": "high", "zh": "高"},
    "level.medium": {"en": "medium", "zh": "中"},
    "level.low": {"en": "low", "zh": "低"},
    "ranking": {"en": "Ranking", "zh": "排名"},
    "why": {"en": "Why", "zh": "理由"},
    "backend_why": {"en": "Why {backend} as the backend", "zh": "为何选择 {backend} 作为后端"},
    "caveats": {"en": "Weaknesses to watch", "zh": "需要注意的劣势"},
    "what_if": {"en": "What would change it", "zh": "什么会改变结论"},
    "install": {"en": "Install", "zh": "安装"},
    "unanswered": {"en": "Unanswered", "zh": "未回答"},
    "none": {"en": "none", "zh": "无"},
    "if": {"en": "If {changes}, {winner} would win (margin {margin}).", "zh": "如果{changes}，{winner}将胜出（领先 {margin} 分）。"},
    "change.set": {"en": "{question} were {value}", "zh": "{question}为{value}"},
    "change.add": {"en": "you also chose {value} for {question}", "zh": "{question}加上{value}"},
    "change.remove": {"en": "you did not choose {value} for {question}", "zh": "{question}去掉{value}"},
    "and": {"en": " and ", "zh": "且"},
    "settled": {"en": "the unanswered questions cannot change the winner", "zh": "未回答的问题无法改变结论"},
    "not_settled": {"en": "answering the remaining questions could still change the winner", "zh": "回答其余问题仍可能改变结论"},
    "questions": {"en": "Questions", "zh": "问题"},
    "kind.one": {"en": "one of", "zh": "单选"},
    "kind.many": {"en": "any of", "zh": "多选"},
    "asked_when": {"en": "asked when", "zh": "询问条件"},
}


def t(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)


def default_lang() -> str:
    """RECOMMENDER_LANG, else the locale: zh* → zh, anything else → en."""
    explicit = os.environ.get("RECOMMENDER_LANG", "")
    if explicit in LANGS:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
