"""The interface's own words in English and Chinese, and how the language is chosen.

Knowledge texts (rules, questions, profiles) live in the YAML; only the words
that frame them are here. A question's what-if wording is the question's own
(`what_if` in rules/questions.yaml); without it the generic `change.*` phrases
here quote its prompt.
"""

from __future__ import annotations

import os

LANGS = ("en", "zh")

WORDS: dict[str, dict[str, str]] = {
    "recommendation": {"en": "Recommendation", "zh": "推荐"},
    "colon": {"en": ": ", "zh": "："},
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
    "no_what_if": {"en": "No change of one or two answers changes the winner.",
                   "zh": "改动任意一到两个回答都不会改变结论。"},
    "only_facts": {"en": "Only a change to a fact of the project (its data, task or field) would change it:"
                         " --explain lists every change.",
                   "zh": "只有改变项目本身的事实（数据、任务或领域）才会改变结论：--explain 列出全部改动。"},
    "install": {"en": "Install", "zh": "安装"},
    # The questions that could still be asked and were not answered: the count the headline says "of the".
    "unanswered": {"en": "Unanswered ({count})", "zh": "未回答（{count} 个）"},
    "none": {"en": "none", "zh": "无"},
    "if.framework": {"en": "If {changes}, the framework would be {winner} (margin {margin}).",
                     "zh": "如果{changes}，框架将是{winner}（领先 {margin} 分）。"},
    "if.approach": {"en": "If {changes}, the approach would be {winner} (margin {margin}).",
                    "zh": "如果{changes}，方案将是{winner}（领先 {margin} 分）。"},
    "if_req.framework": {"en": "If {changes}, the framework would be {winner} (the others set aside by a requirement).",
                         "zh": "如果{changes}，框架将是{winner}（其余候选因硬性要求被排除）。"},
    "if_req.approach": {"en": "If {changes}, the approach would be {winner} (the others set aside by a requirement).",
                        "zh": "如果{changes}，方案将是{winner}（其余候选因硬性要求被排除）。"},
    "if_tie.framework": {"en": "If {changes}, the framework would be {winner}.",
                         "zh": "如果{changes}，框架将成为{winner}。"},
    "if_tie.approach": {"en": "If {changes}, the approach would be {winner}.",
                        "zh": "如果{changes}，方案将成为{winner}。"},
    "decision.framework": {"en": "Framework", "zh": "框架"},
    "decision.approach": {"en": "Approach", "zh": "方案"},
    "ranking.framework": {"en": "Framework scores", "zh": "框架得分"},
    "ranking.approach": {"en": "Approach scores", "zh": "方案得分"},
    "why_candidate": {"en": "Why {candidate}", "zh": "为何选择 {candidate}"},
    "no_reason": {"en": "no rule favours it", "zh": "没有规则支持它"},
    "not_indicated": {"en": "Points against {candidate}", "zh": "不利于{candidate}的因素"},
    "tie_between": {"en": "a tie between {names}", "zh": "{names}并列"},
    "tie_hint": {"en": "A tie is not decided by name: answer the questions under What would change it.",
                 "zh": "并列不按名称决定：请回答“什么会改变结论”中提到的问题。"},
    "no_single": {"en": "No single recommendation", "zh": "尚无唯一推荐"},
    "with_approach": {"en": "{framework}, with {approach}", "zh": "{framework}，采用{approach}"},
    "list_or": {"en": " or ", "zh": "或"},
    "and_last": {"en": " and ", "zh": "与"},
    "also": {"en": "; also {sections}", "zh": "；另见{sections}"},
    "more_reasons": {"en": "… and {count} more ({weight}): --explain",
                     "zh": "……另有 {count} 条（{weight}）：--explain"},
    "no_answers": {"en": "No recommendation yet: no answers were given. Run `recommender ask` for the questionnaire,"
                         " or pass flags (`recommender questions` lists them), e.g.\n"
                         "  recommender recommend --goal research --data text",
                   "zh": "尚无推荐：没有提供任何回答。运行 `recommender ask` 进入问卷，或传入参数"
                         "（`recommender questions` 列出全部参数），例如：\n"
                         "  recommender recommend --goal research --data text --lang zh"},
    "set_aside": {"en": "{candidate} set aside: {why} [{section}]", "zh": "{candidate} 被排除：{why} [{section}]"},
    "aside_mark": {"en": "set aside", "zh": "已排除"},
    "none_meets.framework": {"en": "No framework meets every stated requirement: the scores decide.",
                             "zh": "没有框架满足所述的全部硬性要求：按得分决定。"},
    "none_meets.approach": {"en": "No approach meets every stated requirement: the scores decide.",
                            "zh": "没有方案满足所述的全部硬性要求：按得分决定。"},
    "today": {"en": "Today: {text}", "zh": "如今：{text}"},
    "today_heading": {"en": "Since the article (the verdict above is the article's)",
                      "zh": "原文之后的变化（以上结论仍以原文为准）"},
    "ignored": {"en": "Ignored (these questions would not be asked for your other answers)",
                "zh": "已忽略（根据其他回答，这些问题不会被询问）"},
    "change.set": {"en": "{question} were {value}", "zh": "{question}为{value}"},
    "change.add": {"en": "you also chose {value} for {question}", "zh": "{question}加上{value}"},
    "change.remove": {"en": "you did not choose {value} for {question}", "zh": "{question}去掉{value}"},
    "and": {"en": " and ", "zh": "，且"},
    "list_and": {"en": ", ", "zh": "、"},
    "settled": {"en": "the unanswered questions cannot change the winner", "zh": "未回答的问题无法改变结论"},
    "not_settled": {"en": "answering the remaining questions could still change the winner",
                    "zh": "回答其余问题仍可能改变结论"},
    "questions": {"en": "Questions", "zh": "问题"},
    "kind.one": {"en": "one of", "zh": "单选"},
    "kind.many": {"en": "any of", "zh": "多选"},
    "asked_when": {"en": "asked when {condition}", "zh": "仅当{condition}时询问"},
    # A question's `when` in words (`recommender questions`): the flag's values, as a user types them.
    "when.equals": {"en": "{question} is {value}", "zh": "{question}为{value}"},
    "when.one_of": {"en": "{question} is one of {value}", "zh": "{question}为{value}之一"},
    "when.contains": {"en": "{question} includes {value}", "zh": "{question}包括{value}"},
    "when.contains_any": {"en": "{question} includes any of {value}", "zh": "{question}包括{value}中的任一项"},
    "when.not.equals": {"en": "{question} is not {value}", "zh": "{question}不为{value}"},
    "when.not.one_of": {"en": "{question} is none of {value}", "zh": "{question}不为{value}中的任何一项"},
    "when.not.contains": {"en": "{question} does not include {value}", "zh": "{question}不包括{value}"},
    "when.not.contains_any": {"en": "{question} includes none of {value}", "zh": "{question}不包括{value}中的任何一项"},
    "when.not": {"en": "not ({condition})", "zh": "并非（{condition}）"},
    "when.all": {"en": " and ", "zh": "且"},
    "when.any": {"en": " or ", "zh": "或"},
    # --explain: how the scores add up.
    "how": {"en": "How the scores add up", "zh": "得分如何构成"},
    "fired": {"en": "rules that fired", "zh": "已触发的规则"},
    "no_fired": {"en": "no rule fired", "zh": "没有规则触发"},
    "missed": {"en": "rules that did not fire but could", "zh": "未触发但可能触发的规则"},
    "would_fire": {"en": "fires if {changes}", "zh": "若{changes}则触发"},
    "unexplained": {"en": "… {n} more rule{s} naming it not explained within the budget",
                    "zh": "……另有 {n} 条相关规则未在预算内解释"},
    "answered": {"en": "because", "zh": "依据"},
    "always": {"en": "always", "zh": "始终成立"},
    # Starter stack.
    "starter": {"en": "Starter", "zh": "入门示例"},
    "modules": {"en": "Key modules", "zh": "核心模块"},
    "snippet": {"en": "Minimal example", "zh": "最小示例"},
    # `recommender candidates`.
    "candidates": {"en": "Candidates", "zh": "候选方案"},
    "kind.framework": {"en": "framework", "zh": "框架"},
    "kind.architecture": {"en": "model architecture", "zh": "模型架构"},
    "kind.library": {"en": "library", "zh": "库"},
    "backends": {"en": "Runs on", "zh": "运行于"},
    "packages": {"en": "Packages", "zh": "安装包"},
    "packages_when": {"en": "when", "zh": "条件"},
    "with_backend": {"en": "with {backend}", "zh": "用于 {backend}"},
    "with_snippet": {"en": "with the example {snippet}", "zh": "随示例 {snippet} 安装"},
    "snippets_when": {"en": "Snippets, the first that fits", "zh": "示例代码（取第一个符合条件的）"},
    "section.principles": {"en": "Principles", "zh": "算法原理"},
    "section.use_cases": {"en": "Use cases", "zh": "适用场景"},
    "section.strengths": {"en": "Strengths", "zh": "强项"},
    "section.weaknesses": {"en": "Weaknesses", "zh": "劣势"},
    "section.models": {"en": "Famous models", "zh": "知名大模型"},
    "section.modules": {"en": "Python modules", "zh": "Python 模块"},
    "section.summary_table": {"en": "Summary table", "zh": "对比总结"},
    "section.advice": {"en": "Advice", "zh": "选择建议"},
    "rules_naming": {"en": "Rules", "zh": "规则"},
    "see_profile": {"en": "Show a profile: recommender candidates ID", "zh": "查看详情：recommender candidates ID"},
    # Decision record (--format markdown).
    "adr.title": {"en": "Deep-learning framework: {decision}", "zh": "深度学习框架：{decision}"},
    "adr.status": {"en": "Status", "zh": "状态"},
    "adr.proposed": {"en": "Proposed", "zh": "提议"},
    "adr.context": {"en": "Context", "zh": "背景"},
    "adr.context_intro": {"en": "The project was described by these answers:", "zh": "项目情况由以下回答描述："},
    "adr.decision": {"en": "Decision", "zh": "决定"},
    "adr.use": {"en": "We will use **{decision}**.", "zh": "我们将采用 **{decision}**。"},
    "adr.undecided": {"en": "Not decided yet: {decision}.", "zh": "尚未决定：{decision}。"},
    "adr.reasons": {"en": "Reasons", "zh": "理由"},
    "adr.consequences": {"en": "Consequences", "zh": "后果"},
    "adr.no_caveats": {"en": "No weakness of {winner} applies to these answers.",
                       "zh": "就以上回答而言，{winner}没有需要注意的劣势。"},
    "adr.alternatives": {"en": "Alternatives considered", "zh": "考虑过的其他方案"},
    "adr.score": {"en": "score", "zh": "得分"},
    "adr.change": {"en": "What would change this decision", "zh": "什么会改变这一决定"},
    "adr.generated": {"en": "Generated by `recommender`; the sources are sections of the article it encodes.",
                      "zh": "由 `recommender` 生成；来源为其所依据文章的章节。"},
    "adr.question": {"en": "Question", "zh": "问题"},
    "adr.answer": {"en": "Answer", "zh": "回答"},
    "adr.weight": {"en": "Weight", "zh": "权重"},
    "adr.reason": {"en": "Reason", "zh": "理由"},
    "adr.source": {"en": "Source", "zh": "来源"},
    "adr.candidate": {"en": "Candidate", "zh": "方案"},
}



# Confidence in one table: per `why` of a decision's confidence (and `margin` split by level), the
# headline's short form and --explain's sentence. {still} is `unanswered_phrase`: how many of the
# unanswered questions (those that could still be asked) could change the outcome.
# The short form wherever the margin says it all (settled, or below the high threshold).
MARGIN_ONLY = {"en": "confidence {level}, margin {margin}", "zh": "置信度{level}，领先 {margin} 分"}
CONFIDENCE: dict[str, dict[str, dict[str, str]]] = {
    "tie": {
        "short": {"en": "confidence {level}: a tie", "zh": "置信度{level}：并列"},
        "long": {"en": "{decision}: confidence low: a tie at the top; a tie is never decided by name.",
                 "zh": "{decision}：置信度低：最高分并列；并列不按名称决定。"},
    },
    "settled": {
        "short": MARGIN_ONLY,
        "long": {"en": "{decision}: confidence high: the margin of {points} reaches {high}, and the"
                       " unanswered questions cannot change it.",
                 "zh": "{decision}：置信度高：领先 {margin} 分，达到 {high} 分，且未回答的问题无法改变结论。"},
    },
    "open": {
        "short": {"en": "confidence {level}, margin {margin}: {still}",
                  "zh": "置信度{level}，领先 {margin} 分：{still}"},
        "long": {"en": "{decision}: confidence medium: the margin of {points} reaches {high}, but {still}.",
                 "zh": "{decision}：置信度中：领先 {margin} 分，已达到 {high} 分，但{still}。"},
    },
    "budget": {
        "short": {"en": "confidence {level}, margin {margin}: not decided within the budget whether"
                        " unanswered questions could change it",
                  "zh": "置信度{level}，领先 {margin} 分：未能在计算预算内确定未回答的问题能否改变结论"},
        "long": {"en": "{decision}: confidence {level}: the margin is {points}; whether the unanswered"
                       " questions could change it was not decided within the budget.",
                 "zh": "{decision}：置信度{level}：领先 {margin} 分；未能在计算预算内确定未回答的问题能否改变结论。"},
    },
    "requirement": {
        "short": {"en": "confidence {level}: the others are set aside by a stated requirement",
                  "zh": "置信度{level}：其余候选因所述硬性要求被排除"},
        "long": {"en": "{decision}: confidence {level}: the runner-up is set aside by a stated requirement"
                       " (on points alone the margin is {margin}).",
                 "zh": "{decision}：置信度{level}：第二名因所述硬性要求被排除（仅按得分领先 {margin} 分）。"},
    },
    "requirement.open": {
        "short": {"en": "confidence {level}: the others are set aside by a stated requirement, but {still}",
                  "zh": "置信度{level}：其余候选因所述硬性要求被排除，但{still}"},
        "long": {"en": "{decision}: confidence {level}: the runner-up is set aside by a stated requirement"
                       " (on points alone the margin is {margin}), but {still}.",
                 "zh": "{decision}：置信度{level}：第二名因所述硬性要求被排除（仅按得分领先 {margin} 分），"
                       "但{still}。"},
    },
    "margin.medium": {
        "short": MARGIN_ONLY,
        "long": {"en": "{decision}: confidence medium: the margin of {points} reaches {medium} but not {high}.",
                 "zh": "{decision}：置信度中：领先 {margin} 分，达到 {medium} 分但不足 {high} 分。"},
    },
    "margin.low": {
        "short": MARGIN_ONLY,
        "long": {"en": "{decision}: confidence low: the margin of {points} is below {medium}.",
                 "zh": "{decision}：置信度低：领先 {margin} 分，不足 {medium} 分。"},
    },
}


def plural(count: int, one: str, many: str) -> str:
    """"1 point", "2 points": English counts; Chinese words do not change."""
    return f"{count} {one if count == 1 else many}"


def unanswered_phrase(open_count: int, unanswered: int, lang: str) -> str:
    """How many of the unanswered questions could still change an outcome: "3 unanswered questions could
    still change it" when all could, "2 of the 12 unanswered questions could still change it" otherwise."""
    if lang == "zh":
        if open_count == unanswered:
            return f"还有 {open_count} 个未回答的问题可能改变结论"
        return f"{unanswered} 个未回答的问题中有 {open_count} 个可能改变结论"
    if open_count == unanswered:
        return f"{plural(open_count, 'unanswered question', 'unanswered questions')} could still change it"
    return f"{open_count} of the {unanswered} unanswered questions could still change it"

# The text output's last lines: how to save the example alone, and the verdict in one line where the
# screen ends.
WORDS.update({
    "snippet_hint": {"en": "(`--format snippet` prints this example alone, ready to save as a .py file)",
                     "zh": "（`--format snippet` 只输出这段示例，可直接保存为 .py 文件）"},
    "wrote": {"en": "wrote {path}", "zh": "已写入 {path}"},
    "summary": {"en": "Verdict: framework {framework} (confidence {framework_level});"
                      " approach {approach} (confidence {approach_level})",
                "zh": "结论：框架 {framework}（置信度{framework_level}）；方案 {approach}（置信度{approach_level}）"},
})


def t(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)


LANG_NAMES = {"en": "English", "zh": "Chinese"}
# Other spellings people type for a language the texts exist in.
LANG_ALIASES = {"english": "en", "chinese": "zh", "cn": "zh", "中文": "zh", "汉语": "zh"}


def closest_lang(value: str) -> str | None:
    """The language meant by `value` ("zh_CN", "en-US", "english", "cn"), or None for one with no texts."""
    lowered = value.strip().lower().replace("_", "-")
    base = lowered.split("-", 1)[0].split(".", 1)[0]
    found = base if base in LANGS else LANG_ALIASES.get(lowered) or LANG_ALIASES.get(base)
    return found if found != value else None


def lang_hint(value: str) -> str:
    """What to say after an unknown language: the one meant, or which ones exist."""
    meant = closest_lang(value)
    if meant:
        return f" (did you mean {meant!r}?)"
    return " (the texts exist in " + " and ".join(f"{c} ({n})" for c, n in LANG_NAMES.items()) + ")"


def env_lang_warning() -> str | None:
    """The warning for a RECOMMENDER_LANG no text exists in, which would otherwise be passed over."""
    explicit = os.environ.get("RECOMMENDER_LANG", "")
    if not explicit or explicit in LANGS:
        return None
    hint = lang_hint(explicit)
    return f"warning: RECOMMENDER_LANG={explicit!r} is not a language of the texts{hint}; using the locale's"


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
