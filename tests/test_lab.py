"""The Lab's engine (indictok/lab.py) without gradio: input checks, the held-out split,
training with progress, cancel and time cap, the slider's steps, the zip, and equality with
`python -m indictok train --text`."""

from __future__ import annotations

import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TINY_CORPUS

from indictok import lab
from indictok.paths import model_stem
from indictok.recipe import Recipe
from indictok.tokenizer import IndicBPETokenizer
from indictok.tools.cli import main as cli

pytestmark = pytest.mark.fast
TEXT = "".join(TINY_CORPUS)  # 40 lines of Hindi with some Latin and digits


@pytest.fixture(scope="module")
def trained() -> lab.Trained:
    return lab.train(TEXT, lab.Settings(400, "indic-superword-v1", 0.1))


def test_settings_out_of_range_get_a_clear_message() -> None:
    assert lab.check_settings(1000.0, "indic-v1", 0) == lab.Settings(1000, "indic-v1", 0.0)
    with pytest.raises(lab.LabError, match=r"from 257 to 5,000.*not 5,001"):
        lab.check_settings(5001, "indic-v1", 0.1)
    with pytest.raises(lab.LabError, match="from 257"):
        lab.check_settings(256, "indic-v1", 0.1)
    with pytest.raises(lab.LabError, match="whole number"):
        lab.check_settings(999.5, "indic-v1", 0.1)
    with pytest.raises(lab.LabError, match="one of indic-superword-v1"):
        lab.check_settings(1000, "gpt2", 0.1)
    with pytest.raises(lab.LabError, match="held-out share"):
        lab.check_settings(1000, "none", 0.9)


@pytest.mark.fast
def test_a_long_line_without_a_split_pattern_is_refused_before_training() -> None:
    """Without a pattern a line is one chunk that every merge rewrites: a one-line corpus ran
    to the time cap; now it is refused at once, and the same text trains with a pattern."""
    line = "नमस्ते दुनिया। " * 800  # 32,800 UTF-8 bytes
    with pytest.raises(lab.LabError, match=r"line 1 is 32,800 UTF-8 bytes.*split pattern none"):
        lab.train(line, lab.Settings(300, "none", 0.0))
    assert lab.train(line, lab.Settings(300, "indic-v1", 0.0)).tokenizer.vocab_size > 256
    short = "नमस्ते दुनिया।\n" * 800
    assert lab.train(short, lab.Settings(300, "none", 0.0)).tokenizer.vocab_size <= 300


def test_bad_corpora_get_a_clear_message(tmp_path, monkeypatch) -> None:
    with pytest.raises(lab.LabError, match="empty"):
        lab.check_corpus(" \n\t")
    with pytest.raises(lab.LabError, match="unpaired surrogate"):
        lab.check_corpus("क\ud800")
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(lab.LabError, match="not a text file"):
        lab.read_text_file(binary)
    latin1 = tmp_path / "b.txt"
    latin1.write_bytes("café".encode("latin-1"))
    with pytest.raises(lab.LabError, match=r"not UTF-8 text \(byte 0xE9 at offset 3\)"):
        lab.read_text_file(latin1)
    bom = tmp_path / "c.txt"
    bom.write_bytes("\ufeffनमस्ते".encode())
    assert lab.read_text_file(bom) == "नमस्ते"
    monkeypatch.setattr(lab.corpus, "MAX_CORPUS_BYTES", 10)
    with pytest.raises(lab.LabError, match="limit is 10"):
        lab.read_text_file(bom)  # refused by its size, before it is read
    with pytest.raises(lab.LabError, match="18 UTF-8 bytes; the limit is 10"):
        lab.check_corpus("नमस्ते")


def test_the_last_lines_are_held_out() -> None:
    lines = [f"{i}\n" for i in range(20)]
    assert lab.split_heldout(lines, 0.1) == (lines[:18], lines[18:])
    assert lab.split_heldout(lines, 0.0) == (lines, [])
    assert lab.split_heldout(lines[:3], 0.1) == (lines[:2], lines[2:3])  # at least one
    assert lab.split_heldout(lines[:1], 0.5) == (lines[:1], [])  # training keeps one


def test_training_gives_the_vocabulary_asked_for_and_the_same_merges_twice(trained) -> None:
    assert trained.tokenizer.vocab_size == 400 and trained.lang == "hi"
    assert trained.recipe.superword_merges == (400 - 257) // 4
    again = lab.train(TEXT, lab.Settings(400, "indic-superword-v1", 0.1))
    assert lab.merges_sha256(again.tokenizer) == lab.merges_sha256(trained.tokenizer)
    other = lab.train(TEXT, lab.Settings(400, "indic-v1", 0.1))
    assert lab.merges_sha256(other.tokenizer) != lab.merges_sha256(trained.tokenizer)
    assert trained.corpus["heldout_lines"] == 4
    assert trained.heldout_text == "".join(TINY_CORPUS[36:])


def test_default_settings_are_the_shipped_recipe_without_cleaning() -> None:
    assert replace(lab.recipe_for(lab.Settings()), drop_zwj_lines=None) == Recipe()
    assert lab.recipe_for(lab.Settings(1000, "cl100k", 0.1)).superword_merges == 0


@pytest.mark.parametrize("pattern", list(lab.PATTERNS))
@pytest.mark.parametrize("vocab", [400, 700])  # without and with the alphabet
def test_the_lab_trains_what_the_command_line_trains(tmp_path, pattern, vocab) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    ours = lab.train(TEXT, lab.Settings(vocab, pattern, 0.1))
    cli(
        [
            "train",
            "--text",
            str(corpus),
            "--lang",
            "hi",
            "--vocab-size",
            str(vocab),
            "--pattern",
            pattern,
            "--heldout",
            "0.1",
            "--no-drop-zwj-lines",
            "--out-dir",
            str(tmp_path),
        ]
    )
    theirs = IndicBPETokenizer.load(tmp_path / f"{model_stem('hi')}.model")
    assert lab.merges_sha256(theirs) == lab.merges_sha256(ours.tokenizer)
    assert theirs.pattern == ours.tokenizer.pattern


def test_progress_reaches_every_merge_and_cancel_or_time_cap_stop_training() -> None:
    progress = lab.Progress(total=400 - 257)
    lab.train(TEXT, lab.Settings(400, "indic-superword-v1", 0.1), progress=progress)
    assert progress.done == progress.total
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(lab.StoppedError, match="Training cancelled; nothing was kept"):
        lab.train(TEXT, lab.Settings(400, "indic-v1", 0.1), cancel=cancel)
    with pytest.raises(lab.StoppedError, match=r"time cap \(0 s\) after 0 of 143 merges"):
        lab.train(TEXT, lab.Settings(400, "indic-v1", 0.1), time_cap=0)


def test_merges_table_lists_every_merge_with_its_count(trained) -> None:
    table = lab.merges_table(trained.tokenizer)
    assert len(table) == len(trained.tokenizer.model.merges) == 400 - 257
    assert [row[0] for row in table] == list(range(1, len(table) + 1))
    assert all(row[4] != "alphabet" for row in table)  # 122 letters do not fit in 108 merges
    first, second = table[0], table[1]
    assert first[1] + first[2] == first[3]
    assert int(first[4].replace(",", "")) >= int(second[4].replace(",", "")) > 0
    larger = lab.merges_table(lab.train(TEXT, lab.Settings(600, "indic-v1", 0.1)).tokenizer)
    seeded = [row for row in larger if row[4] == "alphabet"]
    assert larger[: len(seeded)] == seeded and len(seeded) == 122  # the alphabet comes first


def test_slider_steps_end_at_the_encoding_and_start_at_bytes(trained) -> None:
    steps = lab.sample_steps(trained.tokenizer, trained.sample)
    assert trained.sample == TINY_CORPUS[36].strip()  # the first held-out line

    def after(k: int) -> list[int]:
        ids: list[int] = []
        for history in steps["chunks"]:
            state = history[0][1]
            for rank, later in history[1:]:
                if rank >= k:
                    break
                state = later
            ids += state
        return ids

    assert after(0) == list(trained.sample.encode("utf-8"))
    assert after(steps["total"]) == trained.tokenizer.encode_ordinary(trained.sample)
    counts = [len(after(k)) for k in range(steps["total"] + 1)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    first = trained.tokenizer.model.merges[0]
    partial = IndicBPETokenizer("k", replace(trained.tokenizer.model, merges=[first]))
    assert after(1) == bpe_encode(partial, trained.sample)
    assert set(steps["pieces"]) >= {str(i) for i in after(steps["total"])}


def bpe_encode(tokenizer: IndicBPETokenizer, text: str) -> list[int]:
    from indictok import bpe
    from indictok.pretokenize import normalize, split

    ranks = tokenizer.model.ranks
    return [
        i
        for c in split(normalize(text), tokenizer.pattern)
        for i in bpe.encode_chunk(c.encode(), ranks)
    ]


def test_zip_holds_every_format_and_a_readme(trained, tmp_path) -> None:
    from tokenizers import Tokenizer

    path = lab.write_zip(trained, lab.readme(trained, {"merges_sha256": "abc"}), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no stage folder, no .part
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "out")
        readme = zf.read("README.md").decode()
    assert names == {
        "README.md",
        "yours.model",
        "yours.tiktoken",
        "yours.vocab",
        "transformers/tokenizer.json",
        "transformers/tokenizer_config.json",
        "transformers/special_tokens_map.json",
    }
    assert "indic-superword-v1" in readme and "held-out share: 10%" in readme
    assert f"{len(TEXT.encode()):,} UTF-8 bytes" in readme and "abc" in readme
    out = Path(tmp_path / "out")
    hf = Tokenizer.from_file(str(out / "transformers" / "tokenizer.json"))
    sentence = "नमस्ते दुनिया। मैं Hindi में बात करता हूँ।"
    assert hf.encode(sentence).ids == trained.tokenizer.encode_ordinary(sentence)
    loaded = IndicBPETokenizer.load(out / "yours.model")
    assert loaded.model.merges == trained.tokenizer.model.merges


def test_the_replay_starts_at_the_first_learned_merge_and_marks_whitespace(trained) -> None:
    with_alphabet = lab.train(TEXT, lab.Settings(600, "indic-v1", 0.1))
    steps = lab.sample_steps(with_alphabet.tokenizer, with_alphabet.sample)
    assert steps["seeded"] == 122  # the alphabet's letters: counted, not replayed
    assert len(steps["merges"]) == steps["total"] - 122 > 0
    assert all(row[3] != "alphabet" for row in steps["merges"])
    assert lab.sample_steps(trained.tokenizer, "क ख")["seeded"] == 0  # no alphabet: 400 ids
    pieces = steps["pieces"].values()
    assert not any(c in piece for piece in pieces for c in " \t\n")  # spaces are marks
    assert any(piece.startswith("·") for piece in pieces)
