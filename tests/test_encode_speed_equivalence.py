"""The fast encoding paths give exactly the ids of the plain ones, on every held-out line of
every language, and `indictok encode --file` writes the ids of each line.

The compiled two-stage encoder (indictok/fastbpe.py) is compared with `to_tiktoken()` and
the reference encoder; if the extension is not built in this checkout, the `compiled`
fixture (conftest.py) builds it into a temporary folder first (skipped only without a C
compiler)."""

import io
import json
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indictok import bpe, fastbpe, loaded, paths
from indictok.backends import IndicBPEBackend
from indictok.languages import LANGUAGES
from indictok.nfc import _TABLE_SIZE, nfc, unstable_positions
from indictok.pretokenize import (
    INDIC_SPLIT_PATTERN,
    SUPERWORD_BARE_PATTERN,
    SUPERWORD_PATTERN,
    normalize,
)
from indictok.tokenizer import IndicBPETokenizer
from indictok.tools import corpus
from indictok.tools.encode_file import (
    encode_path,
    encode_to_file,
    eot_id,
    id_dtype,
    output_note,
)

ROOT = Path(__file__).resolve().parent.parent


def two_stage(tokenizer: IndicBPETokenizer) -> fastbpe.TwoStageEncoder:
    encoder = fastbpe.fast_encoder(tokenizer)
    assert encoder is not None
    return encoder


def held_out_files() -> list[Path]:
    """Every held-out file, listed when the tests are collected (the fast tier collects
    without a corpus)."""
    try:
        folder = paths.corpus_dir()
    except FileNotFoundError:
        return [Path("no-corpus")]  # one test, skipped by conftest.py saying why
    return [
        path
        for lang in LANGUAGES
        for s in corpus.EVAL_SETS
        if (path := folder / "eval" / s / f"{lang}.txt").is_file()
    ]


HELD_OUT = held_out_files()


@pytest.mark.corpus
@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fast_nfc_and_every_encoder_give_the_same_ids(compiled, path) -> None:
    """On each held-out line: the backend (one line and batches), the compiled two-stage
    encoder and `to_tiktoken()` give the same ids, and so does the reference Python encoder
    on FLORES (on Wikipedia's long runs it would take half a minute more)."""
    text = path.read_text(encoding="utf-8")
    assert nfc(text) == unicodedata.normalize("NFC", text)
    tokenizer = IndicBPETokenizer.load(paths.STORE_DIR / f"indic_bpe_{path.stem}.model")
    backend = IndicBPEBackend(path.stem, tokenizer)  # built after `compiled`: uses it
    assert backend.encoder_route == "two-stage (compiled)"
    lines = corpus.read_lines(path)
    nfc_lines = [unicodedata.normalize("NFC", line) for line in lines]
    plain, fast = tokenizer.to_tiktoken(), two_stage(tokenizer)
    expected = [plain.encode_ordinary(line) for line in nfc_lines]
    assert [fast.encode(line) for line in nfc_lines] == expected
    if path.parent.name == "flores200_devtest":
        assert [tokenizer.encode_ordinary(line) for line in nfc_lines] == expected
    assert backend.encode_batch(lines, num_threads=2) == expected
    assert backend.encode_ids("\n".join(lines)) == plain.encode_ordinary("\n".join(nfc_lines))


@pytest.mark.store
def test_the_backend_encodes_with_the_compiled_encoder_when_it_is_built(compiled) -> None:
    backend = IndicBPEBackend("hi", loaded.get("indic-bpe-hi").tokenizer)  # type: ignore[attr-defined]
    assert backend.encoder_route == "two-stage (compiled)"
    assert backend.encode_ids("भारत एक विशाल देश है।") == [3300, 446, 706, 424, 799, 3998]


# ---- random text: every kind of character our split pattern treats apart ---------------

PIECES = ["क", "ि", "्", "ं", "ष", "\u200d", "\u200c", "ब", "ت", "ত", "ੳ", "க", "்", "ൾ"]
PIECES += ["a", "é", "Z", "'", "’", "\u0301", "1", "२", "١", "12345", "½"]
PIECES += ["।", "॥", ",", "?", "!", ":", ";", "۔", "،", "؟", ".", "-", "://", "<|endoftext|>"]
PIECES += [" ", "  ", "\n", "\r\n", "\t", " \n", "\u00a0", "\u3000", "\u2028"]
PIECES += ["👩\u200d💻", "😀", "\U00010940", "\u1100"]
WORDS = ["के", "लिए", "है", "कि", "नहीं", "भारत", "में", "क़लम", "শব্দ", "کے", "لیے", "தமிழ்"]
RANDOM_TEXT = st.lists(
    st.sampled_from(PIECES) | st.sampled_from(WORDS) | st.characters(codec="utf-8"),
    max_size=60,
).map(lambda parts: normalize("".join(parts)))
LONG_RUNS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=200).map(
    lambda words: " " + " ".join(words) + "।"
)


@pytest.mark.store
@pytest.mark.parametrize("lang", ["hi", "ur", "ta"])
@settings(max_examples=150, deadline=None)
@given(text=RANDOM_TEXT | LONG_RUNS)
def test_two_stage_encoder_equals_tiktoken_on_random_text(compiled, lang, text) -> None:
    tokenizer = loaded.get(f"indic-bpe-{lang}").tokenizer  # type: ignore[attr-defined]
    assert two_stage(tokenizer).encode(text) == tokenizer.to_tiktoken().encode_ordinary(text)


TOY_CORPUS = ["के लिए यह है कि वह के लिए आया है, कि नहीं।\n"] * 20 + ["abc के लिए 12\n"] * 5


@pytest.fixture(scope="module", params=[SUPERWORD_PATTERN, SUPERWORD_BARE_PATTERN, "plain"])
def toy(request) -> IndicBPETokenizer:
    """A small tokenizer trained in the test, for each of our three split patterns."""
    merges = 0 if request.param == "plain" else 20
    trained = IndicBPETokenizer.train(
        TOY_CORPUS,
        330,
        name="toy",
        superword_merges=merges,
        attach_punctuation=request.param == SUPERWORD_PATTERN,
    )
    assert trained.pattern == (INDIC_SPLIT_PATTERN if merges == 0 else request.param)
    return trained


@pytest.mark.fast
@settings(max_examples=300, deadline=None)
@given(text=RANDOM_TEXT | LONG_RUNS)
def test_two_stage_encoder_equals_tiktoken_for_each_split_pattern(compiled, toy, text) -> None:
    assert two_stage(toy).encode(text) == toy.to_tiktoken().encode_ordinary(text)


def crossing_tokenizer() -> IndicBPETokenizer:
    """Merges where the first one joins a letter's last byte to the space after it."""
    model = bpe.BPEModel()
    for pair in [(0x95, 0x20), (0xE0, 0xA4), (257, 0x95)]:  # "\x95 ", "\xe0\xa4", "क"
        new_id = len(model.vocab)
        model.merges.append((pair, new_id))
        model.vocab[new_id] = model.vocab[pair[0]] + model.vocab[pair[1]]
    return IndicBPETokenizer("crossing", model, SUPERWORD_PATTERN, "indic-superword-v1")


@pytest.mark.fast
def test_merges_that_span_a_word_boundary_wait_for_the_run(compiled) -> None:
    """The word stage stops below the first token that can span a boundary: here the first
    merge, so the whole run goes through tiktoken's loop (encoding words alone would not
    give tiktoken's ids, as the encoder built with the limit set too high shows)."""
    tokenizer = crossing_tokenizer()
    tokens = [tokenizer.model.vocab[i] for i in range(len(tokenizer.model.vocab))]
    assert fastbpe.stage_limit(tokens) == 256
    text = "क क"
    expected = tokenizer.to_tiktoken().encode_ordinary(text)
    assert expected == [257, 256, 258]
    assert two_stage(tokenizer).encode(text) == expected
    too_late = compiled.Encoder(tokens, len(tokens), True, True)
    assert too_late.encode(text) == [258, 32, 258]


@pytest.mark.store
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_word_stage_of_shipped_models_covers_every_merge_before_the_superword_stage(
    lang,
) -> None:
    """With the alphabet seeded, no merge of the word stage spans a word boundary, so the
    cached word stage does every merge the recipe learned before its superword merges."""
    from indictok.tools.training import Recipe

    vocab = loaded.get(f"indic-bpe-{lang}").tokenizer.model.vocab  # type: ignore[attr-defined]
    tokens = [vocab[i] for i in range(len(vocab))]
    assert fastbpe.stage_limit(tokens) >= len(tokens) - Recipe().superword_merges


@pytest.mark.fast
def test_compiled_character_classes_are_tiktokens(compiled) -> None:
    """unicode_classes.h holds what tiktoken's regex engine says of every code point."""
    engine = fastbpe.engine_class_table()
    assert compiled.class_table() == engine
    header = (ROOT / "indictok" / "unicode_classes.h").read_text(encoding="utf-8")
    assert header == fastbpe.class_header(engine)


@pytest.mark.fast
def test_the_compiled_encoder_refuses_bad_input(compiled) -> None:
    tokens = [bytes([b]) for b in range(256)]
    with pytest.raises(ValueError, match="token 3 must be the single byte 3"):
        compiled.Encoder([*tokens[:3], b"x", *tokens[4:]], 256, True, True)
    with pytest.raises(ValueError, match="repeats an earlier token"):
        compiled.Encoder([*tokens, b"a"], 256, True, True)
    with pytest.raises(TypeError, match="takes a str"):
        compiled.Encoder(tokens, 256, True, True).encode(b"abc")
    with pytest.raises(UnicodeEncodeError):
        compiled.Encoder(tokens, 256, True, True).encode("\ud800")


SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@pytest.mark.fast
def test_the_compiled_long_run_test_knows_every_whitespace_character() -> None:
    """The C test reads str.isspace from a table up to U+3000: nothing above it is space."""
    assert max(map(ord, SPACES)) == 0x3000 and len(SPACES) == 29


@pytest.mark.fast
@settings(max_examples=400, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(SPACES) | st.sampled_from(PIECES) | st.characters(), max_size=40
    ).map("".join),
    long_run=st.integers(1, 6),
)
def test_encode_unless_long_declines_exactly_where_re_finds_a_long_run(
    compiled, toy, text, long_run
) -> None:
    """None exactly when `\\S{long_run}` (Python's re) matches, else `encode`'s ids; 1-, 2-
    and 4-byte strings alike."""
    import re

    text = text.encode("utf-8", "replace").decode("utf-8")
    encoder = two_stage(toy)
    found = encoder.encode_unless_long(text, long_run)
    if re.search(rf"\S{{{long_run}}}", text):
        assert found is None
    else:
        assert found == encoder.encode(text)
    with pytest.raises(ValueError, match="at least 1"):
        encoder.encode_unless_long(text, 0)


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
    backend = loaded.get("indic-bpe-hi")
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
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    o200k = loaded.get("o200k_base")
    assert run.stdout.splitlines() == [" ".join(map(str, o200k.encode_ids(x))) for x in lines]
    assert "encoded 200 lines" in run.stderr and "MB/s" in run.stderr


@pytest.mark.store
def test_encode_file_rejects_missing_and_non_utf8_files(tmp_path) -> None:
    backend = loaded.get("indic-bpe-hi")
    with pytest.raises(FileNotFoundError, match="no such file"):
        encode_path(backend, str(tmp_path / "nope.txt"), io.StringIO(), threads=1)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe abc\n")
    with pytest.raises(ValueError, match="not UTF-8 text"):
        encode_path(backend, str(tmp_path / "bad.txt"), io.StringIO(), threads=1)


@pytest.mark.fast
def test_long_tokens_build_in_one_pass_and_keep_tiktokens_ids() -> None:
    """A model trained on one 200,000-byte run has tokens of up to 200,000 bytes: the compiled
    encoder's pair table (every cut of every token) is built by hashing, not by re-hashing
    each half (that took a minute), and its ids equal tiktoken's on runs of every length."""
    from indictok import lab

    trained = lab.train("a" * 200_000, lab.Settings(300, "indic-v1", 0.0))
    assert max(len(v) for v in trained.tokenizer.model.vocab.values()) == 200_000
    encoder = fastbpe.fast_encoder(trained.tokenizer)
    if encoder is None:
        pytest.skip("the compiled encoder is not built on this machine")
    reference = trained.tokenizer.to_tiktoken()
    for n in (1, 2, 3, 999, 1_000, 65_537, 131_072, 199_999, 200_000):
        assert encoder.encode("a" * n) == reference.encode_ordinary("a" * n), n


# ---- ids for LM training: --out OUT.bin / OUT.jsonl, --eot --------------------------------


@pytest.mark.store
def test_encode_file_writes_uint16_ids_and_eot_after_each_line(tmp_path) -> None:
    """The issue's contract: every line's ids, then 4998 (<|endoftext|>), little-endian uint16."""
    lines = generated_lines(2000)
    source, out = tmp_path / "in.txt", tmp_path / "train.bin"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "indictok", "encode", "--tokenizer", "indic-bpe-hi"]
    command += ["--file", str(source), "--out", str(out), "--eot"]
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    backend = loaded.get("indic-bpe-hi")
    expected = [i for line in lines for i in [*backend.encode_ids(line), 4998]]
    assert out.read_bytes() == np.array(expected, dtype="<u2").tobytes()
    assert "little-endian uint16" in run.stderr and "MB/s" in run.stderr
    assert run.stdout == "" and sorted(p.name for p in tmp_path.iterdir()) == [
        "in.txt",
        "train.bin",
    ]


@pytest.mark.store
def test_encode_file_writes_a_json_list_per_line(tmp_path) -> None:
    lines = generated_lines(300)
    source, out = tmp_path / "in.txt", tmp_path / "ids.jsonl"
    source.write_text("\r\n".join(lines), encoding="utf-8")
    backend = loaded.get("indic-bpe-ta")
    totals = encode_to_file(backend, str(source), str(out), threads=2)
    written = out.read_text(encoding="utf-8").split("\n")
    assert written[-1] == "" and [json.loads(x) for x in written[:-1]] == [
        backend.encode_ids(line) for line in lines
    ]
    assert totals.lines == len(lines) and totals.tokens == sum(
        map(len, map(json.loads, written[:-1]))
    )


@pytest.mark.store
def test_a_tokenizer_over_65536_ids_is_written_as_uint32_and_says_so(tmp_path) -> None:
    lines = generated_lines(100)
    source, out = tmp_path / "in.txt", tmp_path / "o200k.bin"
    source.write_text("\n".join(lines), encoding="utf-8")
    o200k = loaded.get("o200k_base")
    eot = eot_id(o200k)
    assert eot == 199999 and id_dtype(o200k, eot) == np.dtype("<u4")
    assert "uint32" in output_note(o200k, str(out), eot)
    encode_to_file(o200k, str(source), str(out), threads=1, eot=eot)
    expected = [i for line in lines for i in [*o200k.encode_ids(line), eot]]
    assert np.fromfile(out, dtype="<u4").tolist() == expected


@pytest.mark.store
def test_bad_outputs_and_tokenizers_without_eot_get_clear_errors(tmp_path) -> None:
    backend = loaded.get("indic-bpe-hi")
    with pytest.raises(ValueError, match=r"must end in \.bin"):
        encode_to_file(backend, "-", str(tmp_path / "ids.csv"), threads=1)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        encode_to_file(backend, "-", str(tmp_path / "nope" / "ids.bin"), threads=1)
    with pytest.raises(ValueError, match="spm-bpe-hi has no <\\|endoftext\\|> token"):
        eot_id(loaded.get("spm-bpe-hi"))
    (tmp_path / "bad.txt").write_bytes("नमस्ते\n".encode() * 10 + b"\xff\n")
    with pytest.raises(ValueError, match="not UTF-8 text"):
        encode_to_file(backend, str(tmp_path / "bad.txt"), str(tmp_path / "ids.bin"), threads=1)
    assert [p.name for p in tmp_path.iterdir()] == ["bad.txt"]  # nothing half-written left
    run = subprocess.run(
        [sys.executable, "-m", "indictok", "encode", "नमस्ते", "--eot"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0 and "--out and --eot go with --file" in run.stderr
