"""Hostile and odd text on every tokenizer, property-based invariants, a damaged store
(every file checked against tokenizers_store/SHA256SUMS; load errors name the file, the line
and the restore command), a damaged language identifier, token ids to decode, tiktoken
loaded from the store, and start-up with the network blocked."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indictok import catalog, checksums, languages, loaded, paths
from indictok.analysis import Analysis, analyse
from indictok.app.errors import InputError
from indictok.app.request import check_text
from indictok.backends import parse_ids
from indictok.metrics import measure
from indictok.segments import group
from indictok.tokenizer import IndicBPETokenizer

NAMES = list(catalog.COMPARISON_NAMES)  # one of each backend kind; the other languages'
# tokenizers run the same code (tests/test_languages.py covers their own text)
BYTE_EXACT = [n for n in NAMES if loaded.get(n).byte_exact]
ROOT = Path(__file__).resolve().parent.parent

ODD_TEXTS = {
    "empty": "",
    "whitespace only": " \t\n\r\n  ",
    "one 100,000-character word": "क" * 99_999 + "x",
    "run of combining marks": "क" + "\u094d" * 5000,
    "NUL and controls": "a\x00b\x01c\x7f\x1bd",
    "Urdu, right to left": "پاکستان کی قومی زبان اردو ہے۔",
    "emoji ZWJ and skin tones": "👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈👍🏿",
    "NFD Hindi": unicodedata.normalize("NFD", "क़लम ज़िंदगी फ़िल्म"),
    "every special token": "<|endoftext|><|endofprompt|><|fim_prefix|><s></s><unk>",
    "markup and templates": "<b>&amp;</b> \"'${1+1}{{7*7}}`\\u12",
}


@pytest.mark.store
@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_text_works_on_every_tokenizer(text: str) -> None:
    for result in analyse(text, NAMES):
        assert isinstance(result, Analysis), result
        encoded = result.encoded
        if result.name in BYTE_EXACT:
            # nothing lost, nothing invented: the token bytes are the text's bytes
            assert b"".join(encoded.data) == encoded.text.encode("utf-8")
        assert result.stats.tokens == len(encoded)
        assert len(group(encoded)) >= (1 if text else 0)


@pytest.mark.store
@pytest.mark.parametrize("text", ["\ud800", "ok \udfff ok", "a" * 100_001])
def test_refused_text_gets_a_message(text: str) -> None:
    with pytest.raises(InputError) as info:
        check_text(text)  # the app's boundary: the engine is never asked
    assert "surrogate" in str(info.value) or "limit is 100,000" in str(info.value)


@pytest.mark.store
@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=60))
def test_invariants_hold_for_arbitrary_text(name: str, text: str) -> None:
    backend = loaded.get(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(ValueError, match="unpaired surrogate"):
            backend.encode(text)
        return
    encoded = backend.encode(text)
    data = encoded.text.encode("utf-8")
    assert np.all(encoded.ends >= encoded.starts)
    assert np.all(encoded.starts[1:] >= encoded.ends[:-1])
    if name in BYTE_EXACT:
        assert b"".join(encoded.data) == data
        assert backend.decode(encoded.ids) == encoded.text
    grouping = group(encoded)
    joined = "".join(data[a:b].decode() for a, b in itertools.pairwise(grouping.bounds))
    assert joined == encoded.text
    s = measure(encoded)
    assert s.tokens == len(encoded) and s.bytes == len(data)
    assert 0 <= s.partial_tokens <= s.tokens and 0 <= s.split_graphemes <= s.graphemes


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


START_APP = """
from indictok import catalog, languages, loaded
from indictok.analysis import Analysis, Unavailable, analyse
ok, failed = loaded.load_all()
print("OK", ",".join(ok))
for name, message in failed.items():
    print("FAILED", name, message)
print("LID", languages.detect_language("माझं नाव काय आहे? मी महाराष्ट्रात राहतो."))
print("LID PROBLEM", languages.identifier_problem())
results = analyse("नमस्ते", ["gpt2", "o200k_base", "indic-bpe-hi"])
print("ANALYSED", sum(isinstance(r, Analysis) for r in results),
      sum(isinstance(r, Unavailable) for r in results))
"""
MARATHI = "माझं नाव काय आहे? मी महाराष्ट्रात राहतो."


def _damaged_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    shutil.copytree(paths.STORE_DIR, store)
    return store


def _replace(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


@pytest.mark.store
def test_a_damaged_store_disables_only_the_broken_tokenizers(tmp_path: Path) -> None:
    store = _damaged_store(tmp_path)
    _replace(store / "indic_bpe_hi.model", b"\n256 129 258\n", b"\n256 130 258\n")  # altered
    model = store / "indic_bpe_mr.model"
    model.write_bytes(model.read_bytes()[:-7])  # cut in its last line: "4965 301"
    (store / "indic_bpe_ne.model").write_bytes(b"")  # 0 bytes
    spm = store / "sentencepiece" / "spm_bpe_hi.model"
    spm.write_bytes(
        spm.read_bytes()[:5000] + bytes([spm.read_bytes()[5000] ^ 1]) + spm.read_bytes()[5001:]
    )
    (store / "sentencepiece" / "spm_unigram_hi.model").unlink()  # missing
    o200k = store / "tiktoken" / "o200k_base.tiktoken"
    o200k.write_bytes(o200k.read_bytes()[:1000])  # truncated
    _replace(store / "tiktoken" / "cl100k_base.tiktoken", b"IQ== 0", b"IQ== 9")
    (store / "language_id.json").write_text("[]")
    result = _run(START_APP, {"INDICTOK_STORE": str(store)})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    failed = {line.split()[1]: line for line in out.splitlines() if line.startswith("FAILED")}
    assert set(failed) == {
        "indic-bpe-hi",
        "indic-bpe-mr",
        "indic-bpe-ne",
        "spm-bpe-hi",
        "spm-unigram-hi",
        "o200k_base",
        "cl100k_base",
    }
    assert "store/indic_bpe_hi.model is corrupt (altered or damaged)" in failed["indic-bpe-hi"]
    assert (
        "indic_bpe_mr.model line 4749: the file ends early, in the middle of this line "
        "(expected 3 numbers" in failed["indic-bpe-mr"]
    )
    assert "indic_bpe_ne.model is empty (0 bytes)" in failed["indic-bpe-ne"]
    assert "store/sentencepiece/spm_bpe_hi.model is corrupt" in failed["spm-bpe-hi"]
    assert "store/sentencepiece/spm_unigram_hi.model is missing" in failed["spm-unigram-hi"]
    assert "store/tiktoken/o200k_base.tiktoken is corrupt" in failed["o200k_base"]
    assert "store/tiktoken/cl100k_base.tiktoken is corrupt" in failed["cl100k_base"]
    for name, line in failed.items():
        spec = catalog.SPECS[name]
        assert f"Restore it with: git checkout -- tokenizers_store/{spec.files[0]}" in line
    assert "python -m indictok train --lang hi" in failed["indic-bpe-hi"]
    assert "gpt2" in out.split("OK ")[1].split(",") and "mistral-7b" in out
    assert "ANALYSED 1 2" in out  # gpt2 works; the two broken ones say why
    # the damaged identifier: script-only detection, with the notice the app shows
    assert "LID hi" in out
    assert "LID PROBLEM Hindi, Marathi, Nepali cannot be told apart: store/language_id.json" in out


@pytest.mark.store
def test_a_missing_manifest_disables_every_tokenizer_with_its_restore_command(
    tmp_path: Path,
) -> None:
    store = _damaged_store(tmp_path)
    (store / checksums.MANIFEST).unlink()
    result = _run(START_APP, {"INDICTOK_STORE": str(store)})
    assert result.returncode == 0, result.stderr
    assert "OK llama-3,llama-4\n" in result.stdout  # read from their package, not the store
    assert "store/SHA256SUMS (the table of expected sha256 hashes) is missing" in result.stdout
    assert "git checkout -- tokenizers_store/SHA256SUMS" in result.stdout


@pytest.mark.store
def test_the_manifest_lists_every_store_file_with_its_hash() -> None:
    table = checksums.read_manifest()
    assert list(table) == checksums.store_files()
    for name, expected in table.items():
        assert checksums.digest((paths.STORE_DIR / name).read_bytes()) == expected, name
    for spec in catalog.SPECS.values():  # every file a tokenizer loads is listed
        assert all(name in table for name in spec.files)


@pytest.mark.fast
def test_a_malformed_manifest_line_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.model").write_bytes(b"data")
    checksums.write_manifest(tmp_path)
    assert checksums.verify("a.model", tmp_path) == b"data"
    with (tmp_path / checksums.MANIFEST).open("a") as f:
        f.write("not a hash line\n")
    with pytest.raises(ValueError, match=r"SHA256SUMS line 2: expected '<64 hex digits>  <file>'"):
        checksums.verify("a.model", tmp_path)
    checksums.write_manifest(tmp_path)
    (tmp_path / "b.model").write_bytes(b"new")
    with pytest.raises(ValueError, match=r"b\.model is not listed in"):
        checksums.verify("b.model", tmp_path)


@pytest.mark.store
@pytest.mark.corpus
def test_retraining_rewrites_the_manifest(tmp_path: Path) -> None:
    """`train` into the store writes the manifest too, so the new model loads at once."""
    store = tmp_path / "store"
    store.mkdir()
    train = (
        "from indictok.tools.cli import main; main(['train', '--lang', 'hi', '--vocab-size', "
        "'500', '--superword-merges', '0', '--out-dir', {store!r}])"
    )
    result = _run(train.format(store=str(store)), {"INDICTOK_STORE": str(store)})
    assert result.returncode == 0, result.stderr
    table = checksums.read_manifest(store)
    assert table["indic_bpe_hi.model"] == checksums.digest(
        (store / "indic_bpe_hi.model").read_bytes()
    )
    assert list(table) == checksums.store_files(store)
    check = "from indictok import loaded; print(loaded.get('indic-bpe-hi').vocab_size)"
    loaded = _run(check, {"INDICTOK_STORE": str(store)})
    assert loaded.stdout.strip() == "500", loaded.stderr


# ---------------------------------------------------------------------------------------
# our model format: every load error names the file and the line


def _model_lines(tmp_path: Path, edit) -> Path:
    path = tmp_path / "indic_bpe_hi.model"
    path.write_bytes(edit((paths.STORE_DIR / "indic_bpe_hi.model").read_bytes()))
    return path


@pytest.mark.store
@pytest.mark.parametrize(
    "edit,message",
    [
        (
            lambda d: d[: d.index(b"\n256 131 260\n") + 8],
            re.escape(
                "line 12: the file ends early, in the middle of this line (expected 3 numbers "
                "'<left id> <right id> <new id>', got '256 131')"
            ),
        ),
        (
            lambda d: d[: d.index(b"\n256 131 260\n") + 1],
            re.escape("line 12: the file ends early (expected 3 numbers"),
        ),
        (lambda d: b"", r"indic_bpe_hi.model is empty \(0 bytes\)"),
        (lambda d: d.replace(b"\n256 131 260\n", b"\n256 131\n"), r"line 12: expected 3 numbers"),
        (
            lambda d: d.replace(b"\n256 131 260\n", b"\n256 \xd9\xa1 260\n"),
            r"line 12: expected a number, got '١'",
        ),
        (
            lambda d: d.replace(b"\n256 131 260\n", b"\n256 99999 260\n"),
            r"line 12: merge uses an unknown id \(256 99999\)",
        ),
        (
            lambda d: d.replace(b"\n256 131 260\n", b"\n256 131 261\n"),
            r"line 12: merge makes id 261; the next id is 260",
        ),
        (lambda d: d.replace(b"\n256 131 260\n", b"\n256 \xff 260\n"), r"line 12: not UTF-8 text"),
        (lambda d: d + b"extra\n", r"line 4750: unexpected text after the last merge"),
        (
            lambda d: d.replace(b'"<|endoftext|>" 4998', b"<|endoftext|> 4998"),
            r"line 6: expected a JSON string",
        ),
    ],
    ids=[
        "cut mid-line",
        "cut at a line end",
        "0 bytes",
        "two numbers",
        "Arabic-Indic digit",
        "unknown id",
        "id out of order",
        "not UTF-8",
        "trailing text",
        "special not JSON",
    ],
)
def test_a_damaged_model_file_names_the_line(tmp_path: Path, edit, message: str) -> None:
    path = _model_lines(tmp_path, edit)
    with pytest.raises(ValueError, match=message) as info:
        IndicBPETokenizer.load(path)
    assert str(path) in str(info.value)


# ---------------------------------------------------------------------------------------
# the language identifier: damaged or missing -> script-only detection and a notice


LID_DAMAGE = {
    "empty JSON list": b"[]",
    "empty language list": b'{"format": "indictok-lid v1", "languages": {}}',
    "no Nepali": b'{"format": "indictok-lid v1", "languages": {"hi": {"trigrams": {"abc": 1}, '
    b'"words": {"a": 1}}, "mr": {"trigrams": {"abc": 1}, "words": {"a": 1}}}}',
    "negative count": b'{"format": "indictok-lid v1", "languages": {"hi": {"trigrams": {"abc": -1}'
    b', "words": {"a": 1}}}}',
    "truncated": None,
    "nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "not UTF-8": b'{"format": "\xff"}',
}


def _lid_store(tmp_path: Path, data: bytes | None) -> Path:
    shutil.copy(paths.STORE_DIR / "language_id.json", tmp_path / "language_id.json")
    original = (tmp_path / "language_id.json").read_bytes()
    (tmp_path / "language_id.json").write_bytes(original[:5000] if data is None else data)
    return tmp_path


@pytest.mark.store
@pytest.mark.parametrize("data", LID_DAMAGE.values(), ids=LID_DAMAGE.keys())
@pytest.mark.parametrize("manifest_updated", [False, True], ids=["altered", "rehashed"])
def test_a_damaged_language_identifier_is_a_notice(tmp_path, data, manifest_updated) -> None:
    store = _lid_store(tmp_path, data)
    if manifest_updated:  # the file's hash is recorded, so the parser itself must refuse it
        checksums.write_manifest(store)
    else:
        (store / checksums.MANIFEST).write_text(
            checksums.read_manifest()["language_id.json"] + "  language_id.json\n"
        )
    model, problem = languages.load_identifier(store)
    assert model is None and problem
    assert f"{store.name}/language_id.json" in problem
    assert "python -m indictok train-lid" in problem and "choose the language by hand" in problem


@pytest.mark.fast
def test_a_missing_language_identifier_is_a_notice(tmp_path: Path) -> None:
    checksums.write_manifest(tmp_path)
    model, problem = languages.load_identifier(tmp_path)
    assert model is None and problem and "language_id.json is missing" in problem


@pytest.mark.store
def test_the_identifier_is_read_once_and_detection_falls_back_to_the_script(monkeypatch) -> None:
    reads: list[Path | None] = []

    def broken(store: Path | None = None) -> tuple[None, str]:
        reads.append(store)
        return None, "the notice"

    monkeypatch.setattr(languages, "_identifier", None)
    monkeypatch.setattr(languages, "load_identifier", broken)
    assert [languages.detect_language(MARATHI) for _ in range(3)] == ["hi"] * 3
    assert languages.detect_language("தமிழ் மொழி") == "ta"  # other scripts are unaffected
    assert languages.identifier_problem() == "the notice"
    assert len(reads) == 1
    monkeypatch.setattr(languages, "_identifier", None)
    monkeypatch.undo()
    assert languages.detect_language(MARATHI) == "mr" and languages.identifier_problem() is None


# ---------------------------------------------------------------------------------------
# token ids to decode: ASCII digits, flat lists, one message per bad id


@pytest.mark.fast
@pytest.mark.parametrize(
    "text,ids",
    [
        ("[12, 7]", [12, 7]),
        ("12 7", [12, 7]),
        ("12,7", [12, 7]),
        (" 12 ,\n7 ", [12, 7]),
        ("", []),
        ("[]", []),
        ("007", [7]),
    ],
)
def test_parse_ids_reads_lists_and_separated_numbers(text: str, ids: list[int]) -> None:
    assert parse_ids(text, 10) == ids


@pytest.mark.fast
@pytest.mark.parametrize(
    "text,message",
    [
        (
            "²",
            (
                "^'²' at position 0 is not a token id: ids are whole numbers written with the "
                "digits 0-9$"
            ),
        ),
        ("1 ١٢", r"^'١٢' at position 1 is not a token id"),
        ("9" * 5000, r"^the number at position 0 has 5,000 digits: too large for a token id"),
        ("1 -5", r"^'-5' at position 1 is not a token id"),
        ("[1.5]", r"^'1.5' at position 0 is not a token id"),
        ('["1"]', r"""^'"1"' at position 0 is not a token id"""),
        ("x" * 100, r"^'xxxxxxxxxxxxxxxxxxxx'… \(100 characters\) at position 0"),
        ("[" * 100_000 + "1" + "]" * 100_000, r"^nested or unclosed lists are not token ids"),
        ("[1, [2]]", r"^nested or unclosed lists"),
        ("[1, 2", r"^nested or unclosed lists"),
        ("1 " * 11, r"^more than 10 token ids; the limit is 10$"),
    ],
    ids=[
        "superscript",
        "Arabic-Indic",
        "5000 digits",
        "negative",
        "float",
        "quoted",
        "long word",
        "nested 100k deep",
        "nested",
        "unclosed",
        "too many",
    ],
)
def test_parse_ids_refuses_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_ids(text, 10)


@pytest.mark.fast
def test_parse_ids_refuses_what_is_not_text() -> None:
    with pytest.raises(ValueError, match="token ids must be text like"):
        parse_ids(123, 10)  # type: ignore[arg-type]


CL100K_RANGE = (
    "cl100k_base's ids are whole numbers from 0 to 100,276, except 100256, 100261-100275 (unused)"
)


@pytest.mark.store
@pytest.mark.parametrize(
    "ids,message",
    [
        ([5, 100256], "token id 100256 at position 1 is not valid for cl100k_base: "),
        ([100270], "token id 100270 at position 0 is not valid for cl100k_base: "),
        ([100277], "token id 100277 at position 0 is not valid for cl100k_base: "),
        ([-1], "token id -1 at position 0 is not valid for cl100k_base: "),
        (
            [10**5000],
            ("a number of about 5,000 digits at position 0 is not valid for cl100k_base: "),
        ),
        (
            [1, [2]],
            ("a list at position 1 is not valid for cl100k_base: nested lists are not accepted; "),
        ),
        (["12"], "the text '12' at position 0 is not valid for cl100k_base: "),
        ([True], "True at position 0 is not valid for cl100k_base: "),
        ([1.0], "1.0 at position 0 is not valid for cl100k_base: "),
        ("12", "the text '12' at position 0 is not valid for cl100k_base: "),
    ],
)
def test_decode_names_the_bad_id_its_position_and_the_valid_range(ids, message) -> None:
    with pytest.raises(ValueError) as info:
        loaded.get("cl100k_base").decode(ids)
    assert str(info.value) == message + CL100K_RANGE


@pytest.mark.store
def test_decode_of_a_deeply_nested_list_is_a_message_not_a_recursion_error() -> None:
    nested: list = [1]
    for _ in range(100_000):
        nested = [nested]
    for name in NAMES:
        with pytest.raises(
            ValueError, match=r"a list at position 0 is not valid for .*: nested lists"
        ):
            loaded.get(name).decode(nested)


@pytest.mark.store
@pytest.mark.parametrize("name", NAMES)
def test_every_tokenizer_names_its_own_range(name: str) -> None:
    backend = loaded.get(name)
    with pytest.raises(ValueError, match=rf"from 0 to {backend.vocab_size - 1:,}"):
        backend.decode([0, backend.vocab_size])
    assert isinstance(backend.decode([0, backend.vocab_size - 1]), str)


# ---------------------------------------------------------------------------------------
# tiktoken encodings: built from the store with tiktoken's public API, equal to the library's


def library_encoding(name: str, monkeypatch: pytest.MonkeyPatch):
    """tiktoken's own encoding, made by its own constructor (tiktoken_ext.openai_public, which
    also checks the files' sha256), its downloads answered from the store's copies."""
    import tiktoken
    import tiktoken.load
    from tiktoken_ext import openai_public

    renamed = {"vocab.bpe": "gpt2_vocab.bpe", "encoder.json": "gpt2_encoder.json"}

    def read_file(url: str) -> bytes:
        base = url.rsplit("/", 1)[1]
        return (paths.STORE_DIR / "tiktoken" / renamed.get(base, base)).read_bytes()

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")  # no cache: every read goes to read_file
    monkeypatch.setattr(tiktoken.load, "read_file", read_file)
    return tiktoken.Encoding(**openai_public.ENCODING_CONSTRUCTORS[name]())


@pytest.mark.store
@pytest.mark.parametrize("name", ["gpt2", "cl100k_base", "o200k_base"])
def test_tiktoken_encodings_equal_the_librarys_own(name: str, monkeypatch) -> None:
    own = library_encoding(name, monkeypatch)
    ours = loaded.get(name)
    assert ours.vocab_size == own.n_vocab
    assert ours.encoding.special_tokens_set == own.special_tokens_set

    def token_bytes(encoding: Any, i: int) -> bytes | None:
        try:
            return encoding.decode_single_token_bytes(i)
        except KeyError:
            return None  # a hole in the vocabulary (cl100k_base has a few)

    for i in range(own.n_vocab):
        assert token_bytes(ours.encoding, i) == token_bytes(own, i), i
    for text in [  # the split pattern, seen through what it does
        "भारत एक विशाल देश है। Hello <|endoftext|> 👩‍💻 don't 12345\r\n  x",
        "I'm   THE 1,000,000th\tuser!!! ...\n\n\nथा?'s  ",
        "ﬁ ＡＢＣ ①  \u200d\u00a0 ٣٤٥ 漢字 Ελληνικά",
    ]:
        assert ours.encode_ids(text) == own.encode(text, disallowed_special=())


@pytest.mark.store
def test_loading_tiktoken_leaves_no_folder_and_no_environment_variable(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    code = (
        "import os; from indictok import loaded\n"
        "for name in ('gpt2', 'cl100k_base', 'o200k_base'): loaded.get(name)\n"
        "print('CACHE', os.environ.get('TIKTOKEN_CACHE_DIR'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "TIKTOKEN_CACHE_DIR"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "TMPDIR": str(scratch)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "CACHE None" in result.stdout
    assert list(scratch.iterdir()) == []


NO_NETWORK = (
    """
import socket
def refuse(*args, **kwargs):
    raise OSError("network access is blocked in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
"""
    + START_APP
)


@pytest.mark.store
def test_start_up_with_the_network_blocked_loads_every_tokenizer(tmp_path: Path) -> None:
    result = _run(NO_NETWORK, {"TIKTOKEN_CACHE_DIR": str(tmp_path / "empty-cache")})
    assert result.returncode == 0, result.stderr
    assert f"OK {','.join(catalog.list_names())}" in result.stdout
    assert "FAILED" not in result.stdout
    assert "LID mr" in result.stdout and "LID PROBLEM None" in result.stdout
