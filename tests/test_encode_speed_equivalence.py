"""The fast encoding paths give exactly the ids of the plain ones, on every held-out line of
every language, and `indictok encode --file` writes the ids of each line."""

import io
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indictok import registry
from indictok.backends import IndicBPEBackend
from indictok.languages import LANGUAGES
from indictok.nfc import _TABLE_SIZE, nfc, unstable_positions
from indictok.tools import corpus
from indictok.tools.encode_file import encode_path


def held_out_files() -> list[Path]:
    """Every held-out file, listed when the tests are collected ([] without a corpus, so the
    fast tier collects without one)."""
    try:
        folder = corpus.corpus_dir()
    except FileNotFoundError:
        return []
    return [
        path for lang in LANGUAGES for s in corpus.EVAL_SETS
        if (path := folder / "eval" / s / f"{lang}.txt").is_file()
    ]  # fmt: skip


HELD_OUT = held_out_files()


@pytest.mark.corpus
@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fast_nfc_equals_unicodedata_and_ids_are_unchanged(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert nfc(text) == unicodedata.normalize("NFC", text)
    backend = registry.get(f"indic-bpe-{path.stem}")
    assert isinstance(backend, IndicBPEBackend)
    lines = corpus.read_lines(path)
    plain = backend.tokenizer.to_tiktoken()
    expected = [plain.encode_ordinary(unicodedata.normalize("NFC", line)) for line in lines]
    assert backend.encode_batch(lines, num_threads=2) == expected
    assert backend.encode_ids("\n".join(lines)) == plain.encode_ordinary(
        unicodedata.normalize("NFC", "\n".join(lines))
    )


MARKS = [chr(c) for c in [*range(0x300, 0x370), *range(0x900, 0x980), *range(0x980, 0xA00)]]
ODD = ["\u0928\u093c", "\u0958", "\u2000", "\u00e9\u0323", "\u1100\u1161", "\uac00\u11a8"]
ODD += ["\u0bc6\u0bbe", "\u09c7\u09be", " ", "\n", "a", "\ud800", "\U0002f800"]


@pytest.mark.fast
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MARKS + ODD), max_size=40).map("".join))
def test_fast_nfc_on_marks_compositions_and_singletons(text: str) -> None:
    assert nfc(text * 80) == unicodedata.normalize("NFC", text * 80)


@pytest.mark.fast
@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fast_nfc_on_any_text(text: str) -> None:
    assert nfc(text * 50) == unicodedata.normalize("NFC", text * 50)


@pytest.mark.fast
def test_nothing_above_the_table_can_change_under_nfc() -> None:
    for cp in range(_TABLE_SIZE, 0x110000, 7):
        char = chr(cp)
        assert unicodedata.combining(char) == 0 and unicodedata.decomposition(char) == ""
    assert len(unstable_positions("नमस्ते दुनिया")) == 0
    assert len(unstable_positions("\u0928\u093c")) == 1  # न + nukta composes to ऩ


def generated_lines(n: int) -> list[str]:
    """Random lines from a few words (not corpus text), with empty and mixed-script lines."""
    words = ["नमस्ते", "दुनिया", "के", "लिए", "है", "कि", "भारत", "में", "क़लम", "Hindi", "123"]
    words += ["।", "👩‍💻", "தமிழ்", "<|endoftext|>"]
    rng = random.Random(7)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(n)]


@pytest.mark.store
def test_encode_file_writes_one_line_of_ids_per_input_line(tmp_path) -> None:
    lines = generated_lines(3000)
    path = tmp_path / "in.txt"
    path.write_text("\n".join(lines[:-1]) + "\r\n" + lines[-1] + "\n", encoding="utf-8")
    backend = registry.get("indic-bpe-hi")
    out = io.StringIO()
    totals = encode_path(backend, str(path), out, threads=2)
    written = out.getvalue().split("\n")
    assert written[-1] == "" and len(written) == len(lines) + 1
    for line, ids in zip(lines, written, strict=False):
        assert [int(i) for i in ids.split()] == backend.encode_ids(line)
    assert totals.lines == len(lines) and totals.bytes == path.stat().st_size - 1
    assert totals.tokens == sum(len(ids.split()) for ids in written)


@pytest.mark.store
def test_encode_file_from_stdin_prints_throughput(tmp_path) -> None:
    lines = generated_lines(200)
    run = subprocess.run(
        [sys.executable, "-m", "indictok", "encode", "--file", "-", "--tokenizer", "o200k_base"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, check=True,
    )  # fmt: skip
    o200k = registry.get("o200k_base")
    assert run.stdout.splitlines() == [" ".join(map(str, o200k.encode_ids(x))) for x in lines]
    assert "encoded 200 lines" in run.stderr and "MB/s" in run.stderr


@pytest.mark.store
def test_encode_file_rejects_missing_and_non_utf8_files(tmp_path) -> None:
    backend = registry.get("indic-bpe-hi")
    with pytest.raises(FileNotFoundError, match="no such file"):
        encode_path(backend, str(tmp_path / "nope.txt"), io.StringIO(), threads=1)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe abc\n")
    with pytest.raises(ValueError, match="not UTF-8 text"):
        encode_path(backend, str(tmp_path / "bad.txt"), io.StringIO(), threads=1)
