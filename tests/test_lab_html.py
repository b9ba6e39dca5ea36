"""lab_html.py: the Lab's progress, messages and label, escaped."""

from __future__ import annotations

import pytest

from indictok import lab
from indictok.app.lab_html import compare_table, label_of, message_html, progress_html


@pytest.mark.app
def test_messages_are_escaped_and_say_ok_or_not() -> None:
    assert message_html("<b>&") == '<p class="itl-lab-message itl-no">&lt;b&gt;&amp;</p>'
    assert "itl-ok" in message_html("done", ok=True)


@pytest.mark.app
def test_the_progress_bar_counts_merges() -> None:
    progress = lab.Progress(total=4742, done=1200)
    html = progress_html(progress)
    assert '<progress value="1200" max="4742">' in html and "1,200 of 4,742 merges" in html


@pytest.mark.app
def test_the_label_and_the_table_name_the_run_and_escape_names() -> None:
    result = {"language": "ta", "settings": {"pattern": "indic-v1"}}
    assert label_of(result, 3) == "Yours #3: indic-v1, Tamil"
    assert label_of({**result, "language": None}, 4).endswith("no Indian script found")
    figures = {"tokens": 1234, "bytes_per_token": 4.5, "chars_per_token": 2.25}
    held = {
        **figures,
        "tokens_per_word": 1.5,
        "compared": {"<x>": {**figures, "tokens_per_word": 2}},
    }
    table = compare_table(held)
    assert "<td>yours</td><td>1,234</td><td>4.50</td>" in table and "&lt;x&gt;" in table
