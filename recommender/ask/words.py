"""The questionnaire's own words, in English and Chinese (kept apart from the shared i18n table)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # Key hints, on a line of their own under the prompt while it waits (so they fit 80 columns);
    # the progress goes first while asking.
    "select_hint": {"en": "arrows move, Enter chooses, ? why", "zh": "方向键移动，回车确认，? 查看原因"},
    "checkbox_hint": {
        "en": "arrows move, Space ticks, Enter confirms, ? why",
        "zh": "方向键移动，空格勾选，回车确认，? 查看原因",
    },
    "review_hint": {
        "en": "arrows move, Enter changes that answer or confirms, ? why",
        "zh": "方向键移动，回车修改该项或确认，? 查看原因",
    },
    "hint": {"en": "\n  {hint}", "zh": "\n  {hint}"},
    "hint_progress": {"en": "\n  {progress}; {hint}", "zh": "\n  {progress}；{hint}"},
    "progress": {"en": "question {n}, at most {left} left", "zh": "第 {n} 题，最多还剩 {left} 题"},
    "skip": {"en": "Not sure / skip", "zh": "不确定 / 跳过"},
    "skipped": {"en": "(skipped)", "zh": "（已跳过）"},
    "not_answered": {"en": "(not answered)", "zh": "（未回答）"},
    "echo": {"en": "{prompt} › {answer}", "zh": "{prompt} › {answer}"},
    "tick_something": {
        "en": "Nothing is ticked: tick at least one, or tick \"Not sure / skip\"",
        "zh": "尚未勾选：请至少勾选一项，或勾选“不确定 / 跳过”",
    },
    "excludes": {
        "en": "\"{label}\" excludes the other choices: tick it alone",
        "zh": "“{label}”与其他选项互斥：请单独勾选",
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
    "review_why": {
        "en": "Pick an answer to change it, or a question that was not asked to answer it now; "
              "\"Confirm\" shows the result. Press ? on a question for why it is asked.",
        "zh": "选择一个回答进行修改，或选择未问到的问题现在回答；选择“确认”显示结果。在某个问题上按 ? 查看为什么问它。",
    },
    "nothing": {"en": "(nothing chosen)", "zh": "（未选择）"},
    # Ctrl-C (or Ctrl-D) during the questions: with --save-answers, the answers given so far are kept.
    "interrupted": {"en": "interrupted; nothing written", "zh": "已中断；未写入任何内容"},
    "interrupted_saved": {"en": "interrupted; the answer given so far is saved in {path}; go on with: {again}",
                          "zh": "已中断；已给出的 1 个回答已保存到 {path}；继续回答：{again}"},
    "interrupted_saved_n": {"en": "interrupted; the {n} answers given so far are saved in {path}; go on with: {again}",
                            "zh": "已中断；已给出的 {n} 个回答已保存到 {path}；继续回答：{again}"},
}


def w(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)
