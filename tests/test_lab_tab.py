"""lab_tab.py: the corpus a visitor chose, checked before a training is queued."""

from __future__ import annotations

import pytest

from indictok import lab
from indictok.app import lab_tab


@pytest.mark.app
def test_the_chosen_corpus_is_checked_before_training(tmp_path) -> None:
    assert lab_tab.corpus_source("paste", "नमस्ते", None, None) == ("text", "नमस्ते")
    with pytest.raises(lab.LabError, match=r"choose a \.txt file"):
        lab_tab.corpus_source("upload", "", None, None)
    stray = tmp_path / "not-uploaded.txt"
    stray.write_text("x")
    with pytest.raises(lab.LabError, match="not a file you uploaded"):
        lab_tab.corpus_source("upload", "", str(stray), None)
    with pytest.raises(lab.LabError, match="the corpus is empty"):
        lab_tab.corpus_source("paste", None, None, None)


@pytest.mark.app
def test_the_tab_s_outputs_clear_the_previous_training() -> None:
    outputs = lab_tab.Outputs("status", "verdict", "zip", "key", "data")  # type: ignore[arg-type]
    assert outputs.all() == ["status", "verdict", "zip", "key", "data"]
    assert outputs.cleared() == {"verdict": "", "zip": None, "key": "", "data": ""}
