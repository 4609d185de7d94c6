"""An answers file's values are refused where the same flag value is (issue 17, item 10).

`--data ""`, `--data text,` and `--data ,,` were refused while `data: ""`, `data: "text,"` and
`data: ",,"` in an answers file were quietly read as fewer (or no) options.
"""

from __future__ import annotations

import json

import pytest

from recommender.answers import normalize
from recommender.errors import AnswersError
from tests.helpers import KB


@pytest.mark.parametrize("value", ["", "text,", ",,", ",text", "text,,image", " , "])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_an_empty_option_in_a_file_is_refused_like_the_flag(cli, tmp_path, value, suffix):
    path = tmp_path / f"answers{suffix}"
    path.write_text(json.dumps({"data": value}), "utf-8")  # JSON is YAML too
    from_file = cli("recommend", "--answers", str(path))
    from_flag = cli("recommend", "--data", value)
    assert (from_file.code, from_flag.code) == (2, 2), (from_file.err, from_flag.err)
    assert "'' is not one of text, image" in from_file.err and "'' is not one of text, image" in from_flag.err
    assert from_file.err.startswith(f"{path}:1:") and ": $.data: " in from_file.err


@pytest.mark.parametrize("value", ["", "text,"])
def test_the_api_refuses_them_too(value):
    with pytest.raises(AnswersError, match="'' is not one of"):
        normalize(KB, {"data": value})


def test_spaces_around_options_are_still_fine(cli, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text('data: " text , image "\n', "utf-8")
    got = cli("recommend", "--answers", str(path), "--format", "json")
    assert got.code == 0, got.err
    assert json.loads(got.out)["answers"]["data"] == ["text", "image"]
