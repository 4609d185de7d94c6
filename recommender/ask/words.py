"""The questionnaire's own words, in English and Chinese (kept apart from the shared i18n table)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "why_choice": {"en": "Why is this asked?", "zh": "为什么问这个？"},
    "select_hint": {"en": "(arrows move, Enter chooses, ? why)", "zh": "（方向键移动，回车确认，? 查看原因）"},
    "checkbox_hint": {
        "en": "(arrows move, Space ticks, Enter confirms, ? why)",
        "zh": "（方向键移动，空格勾选，回车确认，? 查看原因）",
    },
    "why_title": {"en": "Why this is asked", "zh": "为什么问这个"},
    "why_rules": {"en": "Rules this question feeds", "zh": "此问题影响的规则"},
    "why_no_rules": {"en": "no rule can still change because of it", "zh": "已没有规则会因它而改变"},
    "why_ruled_out": {"en": "already ruled out", "zh": "已被排除"},
    "why_fired": {"en": "already applies", "zh": "已生效"},
    "why_moves": {
        "en": "How far each option can move each candidate",
        "zh": "每个选项最多能让各候选加减多少分",
    },
    "settled": {
        "en": "The remaining {n} questions cannot change the result.",
        "zh": "其余 {n} 个问题无法改变结论。",
    },
    "settled_one": {
        "en": "The remaining question cannot change the result.",
        "zh": "剩下的 1 个问题无法改变结论。",
    },
    "review": {
        "en": "Review your answers: pick one to change, or confirm",
        "zh": "检查你的回答：选择一项修改，或确认",
    },
    "confirm": {"en": "Confirm and show the result", "zh": "确认并显示结果"},
    "nothing": {"en": "(nothing chosen)", "zh": "（未选择）"},
    "saved": {"en": "Answers saved to {path}", "zh": "回答已保存到 {path}"},
}


def w(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)
