"""One set of whitespace marks on the page: indictok/text.py (the server's HTML and the Lab's
pieces) and assets/js/text.mjs (the cards and the details panel) hold the same table."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from indictok.text import WHITESPACE_MARKS, visible_piece, visible_whitespace

pytestmark = pytest.mark.fast
TEXT_MJS = Path(__file__).resolve().parent.parent / "assets" / "js" / "text.mjs"
NODE = shutil.which("node")


def test_pieces_show_whitespace_and_joiners_as_marks() -> None:
    assert visible_whitespace(" भारत\tx\r\n\u00a0") == "·भारत→x␍↵⍽"
    assert visible_piece(" क्\u200dष\n".encode()) == "·क्⟨ZWJ⟩ष↵"
    assert visible_piece(b"\x01a") == "\\u0001a"  # other controls: escaped
    assert visible_piece(b"\xe0\xa4") == "<E0><A4>"  # not whole UTF-8: each byte in hex


@pytest.mark.skipif(NODE is None, reason="node is not installed (.ci/run installs it)")
def test_the_page_script_has_the_same_marks() -> None:
    marks = "m => console.log(JSON.stringify(m.WHITESPACE_MARKS))"
    script = f"import({json.dumps(TEXT_MJS.as_uri())}).then({marks})"
    done = subprocess.run(
        [NODE or "node", "-e", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == WHITESPACE_MARKS
