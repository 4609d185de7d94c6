"""Write the two project templates' questions from the shipped knowledge base, so a question added in
`rules/questions.yaml` reaches them with no hand edit:

    python examples/sync_templates.py          # rewrite the generated parts
    python examples/sync_templates.py --check  # exit 1, naming each question out of date

Generated, between `generated` markers: cookiecutter's choices and prompts (`cookiecutter.json`), its
hook's answers, and copier's questions and the answers its task is given. Every question defaults to
`unsure`, which leaves it unanswered. Cookiecutter asks one choice per question (a many-choice
question takes its main option there); copier ticks several. A question asked only under a condition
gets copier's `when` where the condition is a plain test of another answer; everywhere else it is
asked, and an answer to it the recommender would not ask for is ignored (and says so).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from recommender.knowledge.load import load_knowledge_base  # noqa: E402
from recommender.knowledge.model import KnowledgeBase  # noqa: E402

COOKIECUTTER = ROOT / "cookiecutter-dl-project"
COPIER = ROOT / "copier-dl-project"
UNSURE = "unsure (leave it unanswered)"


def cookiecutter_json(kb: KnowledgeBase, current: dict[str, Any]) -> dict[str, Any]:
    """The context with one choice list and one prompt per question, the template's own keys kept."""
    own = {k: v for k, v in current.items() if k not in kb.questions and k != "__prompts__"}
    prompts = {k: v for k, v in current.get("__prompts__", {}).items() if k not in kb.questions}
    out: dict[str, Any] = {k: own.pop(k) for k in ("project_name", "project_slug") if k in own}
    for qid, spec in kb.questions.items():
        out[qid] = ["unsure", *kb.option_ids(qid)]
        main = " (the main one)" if spec["kind"] == "many" else ""
        prompts[qid] = {"__prompt__": spec["prompt"]["en"] + main, "unsure": UNSURE}
    return {**out, **own, "__prompts__": {"project_name": prompts.pop("project_name", "Project name"),
                                          **{q: prompts.pop(q) for q in kb.questions}, **prompts}}


def hook_answers(kb: KnowledgeBase) -> str:
    lines = [f'    "{q}": {{{{ cookiecutter.{q} | tojson }}}},' for q in kb.questions]
    return "\n".join(["ANSWERS = {", *lines, "}"])


def copier_questions(kb: KnowledgeBase) -> str:
    blocks = []
    for qid, spec in kb.questions.items():
        choices = ", ".join(json.dumps(o) for o in ["unsure", *kb.option_ids(qid)])
        lines = [f"{qid}:", "  type: str", f"  help: {json.dumps(spec['prompt']['en'])}"]
        when = copier_when(spec.get("when"))
        if when:
            lines.append(f'  when: "{when}"')
        if spec["kind"] == "many":
            lines += ["  multiselect: true", f"  choices: [{choices}]", "  default: [unsure]",
                      f"  validator: \"{{% if 'unsure' in {qid} and {qid} | length > 1 %}}unsure goes alone"
                      f"{{% elif not {qid} %}}tick one, or unsure{{% endif %}}\""]
        else:
            lines += [f"  choices: [{choices}]", "  default: unsure"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def copier_when(cond: dict[str, Any] | None) -> str | None:
    """A question's condition as copier's Jinja, for `equals`/`one_of`/`contains` alone; else None."""
    if not cond or len(cond) != 1:
        return None
    (form, test), = cond.items()
    if form not in ("equals", "one_of", "contains") or len(test) != 1:
        return None
    (question, value), = test.items()
    if form == "equals":
        return f"{{{{ {question} == {json.dumps(value)} }}}}".replace('"', "'")
    if form == "one_of":
        return f"{{{{ {question} in {json.dumps(value)} }}}}".replace('"', "'")
    return f"{{{{ {json.dumps(value)} in {question} }}}}".replace('"', "'")


def copier_task_answers(kb: KnowledgeBase) -> str:
    pairs = ", ".join(f"'{q}': {q} | default('unsure')" for q in kb.questions)
    return f'    - "{{{{ {{{pairs}}} | tojson }}}}"'


def between(text: str, part: str, generated: str, where: Path) -> str:
    """`text` with its generated `part` replaced: the lines between `# generated: PART` and `# end: PART`."""
    pattern = re.compile(rf"(# generated: {part}\b[^\n]*\n).*?(\n[ \t]*# end: {part}\b)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"{where}: no '# generated: {part}' … '# end: {part}' lines")
    return pattern.sub(lambda m: m.group(1) + generated + m.group(2), text, count=1)


def targets(kb: KnowledgeBase) -> dict[Path, Callable[[str], str]]:
    """Each generated file and how its new text is made from the old."""
    def context(old: str) -> str:
        return json.dumps(cookiecutter_json(kb, json.loads(old)), ensure_ascii=False, indent=2) + "\n"

    hook = COOKIECUTTER / "hooks" / "post_gen_project.py"
    copier = COPIER / "copier.yml"
    return {
        COOKIECUTTER / "cookiecutter.json": context,
        hook: lambda old: between(old, "answers", hook_answers(kb), hook),
        copier: lambda old: between(between(old, "questions", copier_questions(kb), copier),
                                    "answers", copier_task_answers(kb), copier),
    }


def missing(kb: KnowledgeBase, text: str) -> list[str]:
    """The questions a template file does not name."""
    return [q for q in kb.questions if not re.search(rf"\b{q}\b", text)]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    kb = load_knowledge_base(use_cache=False)
    stale = []
    for path, make in targets(kb).items():
        old = path.read_text(encoding="utf-8")
        new = make(old)
        if new == old:
            continue
        if check:
            absent = missing(kb, old)
            stale.append(f"{path.relative_to(ROOT.parent)}: " + (
                f"lacks the question{'s' if len(absent) > 1 else ''} {', '.join(absent)}" if absent else "out of date"))
        else:
            path.write_text(new, encoding="utf-8")
    for line in stale:
        print(line, file=sys.stderr)
    if stale:
        print("run: python examples/sync_templates.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
