"""Files in the wrong Unicode encoding are named as such (issue 17, item 13).

UTF-32 was reported as UTF-16 (its byte-order mark starts like UTF-16's), and a JSON answers file in
UTF-16 without a byte-order mark got JSON's own words with no hint.
"""

from __future__ import annotations

import pytest

from tests.helpers import assert_one_error

ANSWERS = '{"goal": "research"}\n'


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_utf32_is_named_utf32(cli, tmp_path, encoding, suffix):
    path = tmp_path / f"answers{suffix}"
    data = ANSWERS.encode(encoding)
    if encoding != "utf-32":  # the plain codec writes its own mark
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    assert_one_error(cli("recommend", "--answers", str(path)), 2, starts=f"{path}:1:1: ",
                     message="file is UTF-32; save it as UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_json_without_a_mark_gets_the_hint(cli, tmp_path, encoding):
    path = tmp_path / "answers.json"
    path.write_bytes(ANSWERS.encode(encoding))
    assert_one_error(cli("recommend", "--answers", str(path)), 2, starts=f"{path}:1:",
                     message="(is the file UTF-16? save it as UTF-8)")


def test_utf16_with_a_mark_is_still_utf16(cli, tmp_path):
    path = tmp_path / "answers.json"
    path.write_bytes(ANSWERS.encode("utf-16"))
    assert_one_error(cli("recommend", "--answers", str(path)), 2, message="file is UTF-16; save it as UTF-8")
