"""The interactive questionnaire behind `recommender ask`.

`adaptive` is the pure question-selection and stopping logic; `prompts` talks to
the terminal through questionary; `saving` writes answers files. Only `prompts`
imports questionary, and only the `ask` command imports `prompts`.
"""
