"""The one grader (issue 30): its rules, its measure and verdict, stress strings in every
language's own script, the language chosen and never guessed from the vocabulary, where a
failed round trip differs, and `indictok grade` as a script sees it (exit status, CSV)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest

from indictok import grading, paths, stress
from indictok.backends.ours import IndicBPEBackend
from indictok.languages import LANGUAGES
from indictok.tools.cli import main

JOINERS_AND_DANDAS = "\u200c\u200d\u0964\u0965"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `indictok ARGS`."""
    try:
        main(args)
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.fast
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_each_language_has_its_own_stress_strings_in_its_own_script(lang: str) -> None:
    cases = dict(stress.cases(lang))
    assert list(cases) == list(stress.CASES)
    first, last = LANGUAGES[lang].block
    for case, text in cases.items():
        assert unicodedata.normalize("NFC", text) == text, case
        foreign = [
            c
            for c in text
            if not (c.isascii() or first <= ord(c) <= last or c in JOINERS_AND_DANDAS)
        ]
        assert not foreign, (case, foreign)
        letters = [c for c in text if unicodedata.category(c)[0] == "L" and not c.isascii()]
        assert letters, case  # written in the script, not only marks or digits
        assert any(c.isascii() and c.isalpha() for c in text) == (case == "mixed Latin"), case
    assert "\u200d" in cases["ZWJ"] and "\u200c" in cases["ZWNJ"]
    assert any(unicodedata.category(c) == "Nd" and not c.isascii() for c in cases["digits"])
    assert any(unicodedata.category(c)[0] == "M" for c in cases["vowel sign"])
    texts = [t for _, t in stress.cases(lang)]
    assert len(set(texts)) == len(texts)


@pytest.mark.fast
def test_no_two_languages_share_their_stress_strings() -> None:
    seen = [
        t
        for lang in LANGUAGES
        for _, t in stress.cases(lang)
        if "\u200c" not in t and "\u200d" not in t
    ]
    assert len(seen) == len(set(seen))


@pytest.mark.fast
def test_first_difference_says_where_and_shows_the_same_span() -> None:
    assert grading.first_difference("same", "same") is None
    diff = grading.first_difference("ab\ncdefghijklmnopqrstuvwxyz", "ab cdefghijklmnopqrstuvwxyz")
    assert diff == {"at": 2, "expected": "\ncdefghijklmnopqrstu", "decoded": " cdefghijklmnopqrstu"}
    assert grading.first_difference("abc", "ab") == {"at": 2, "expected": "c", "decoded": ""}
    assert grading.round_trip_cause("a\nb  c", "a b c") == grading.WHITESPACE_CAUSE
    assert "SentencePiece" in grading.WHITESPACE_CAUSE
    assert grading.round_trip_cause("a b", "a c") is None
    assert grading.round_trip_cause("a b", "a b") is None


@pytest.mark.fast
def test_the_language_is_chosen_or_the_texts_never_the_vocabularys() -> None:
    assert grading.choose_language("ta") == ("ta", "Tamil (chosen)")
    assert grading.choose_language("auto", "தமிழ் ஒரு மொழி") == (
        "ta",
        "Tamil (detected in the text)",
    )
    assert grading.choose_language("auto")[0] == "hi"
    assert grading.choose_language("ml", how="as on the page") == (
        "ml",
        "Malayalam (as on the page)",
    )
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        grading.choose_language("xx")


@pytest.mark.fast
def test_one_measure_and_one_verdict(tiny_tokenizer) -> None:
    backend = IndicBPEBackend("tiny", tiny_tokenizer)
    text = "नमस्ते दुनिया। भारत"
    measured = grading.measure(backend, text)
    ids = tiny_tokenizer.encode_ordinary(text)
    assert measured["tokens"] == len(ids) and measured["bytes"] == len(text.encode())
    assert measured["bytes_per_token"] == round(len(text.encode()) / len(ids), 3)
    assert measured["round_trip_ok"] and measured["first_difference"] is None
    assert measured["ratio_ok"] == (measured["bytes_per_token"] >= grading.RATIO_TARGET)
    good = {"ratio_ok": True, "round_trip_ok": True}
    assert grading.verdict(grading.VOCAB_LIMIT - 1, good) is True
    assert grading.verdict(grading.VOCAB_LIMIT, good) is False
    assert grading.verdict(400, good, {"round_trip_ok": False}) is False
    assert grading.verdict(400, {**good, "ratio_ok": False}) is False


@pytest.mark.fast
def test_a_tamil_grade_of_a_hindi_tokenizer_uses_tamil_strings(tiny_tokenizer) -> None:
    report = grading.grade(
        IndicBPEBackend("tiny", tiny_tokenizer),
        file="tiny.model",
        kind="ours",
        vocab_counted="ids",
        language="ta",
    )
    assert report["language"] == "ta" and report["language_note"] == "Tamil (chosen)"
    assert report["reference_text"]["file"] == "assets/reference/ta.txt"
    assert [(c["case"], c["text"]) for c in report["stress"]] == list(stress.cases("ta"))
    assert report["summary"].startswith("FAIL: tiny.model (ours), Tamil reference text")


@pytest.fixture
def tiny_files(tmp_path: Path, tiny_tokenizer) -> dict[str, Path]:
    rand = tmp_path / "random.json"
    rand.write_bytes(bytes(range(256)) * 8)
    return {"tiny": tiny_tokenizer.save(tmp_path / "tiny.model"), "random": rand}


@pytest.mark.fast
def test_grade_exits_1_when_a_file_fails_and_2_when_one_is_refused(tiny_files, capsys) -> None:
    code, out, _ = run(["grade", str(tiny_files["tiny"]), "--lang", "hi"], capsys)
    assert code == 1 and "FAIL: tiny.model" in out
    code, out, _ = run(["grade", str(tiny_files["tiny"]), str(tiny_files["random"])], capsys)
    assert code == 2 and "REFUSED: random.json: this is not a file we can read" in out
    code, out, _ = run(["grade", str(tiny_files["tiny"]), "/no/such/file.json"], capsys)
    assert code == 2 and "REFUSED: file.json: cannot read it" in out


@pytest.mark.fast
def test_grade_csv_has_a_header_and_a_row_per_file(tiny_files, capsys) -> None:
    files = [str(tiny_files["tiny"]), str(tiny_files["random"])]
    code, out, err = run(["grade", "--csv", *files], capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 2 and len(rows) == 3
    assert rows[0] == [
        "file",
        "verdict",
        "language",
        "vocab",
        "bytes/token",
        "chars/token",
        "tokens/word",
        "round trip",
        "first difference",
    ]
    assert rows[1][:4] == [files[0], "FAIL", "hi", "400"] and rows[1][7] == "ok"
    assert rows[2][:2] == [files[1], "REFUSED"] and "random.json" in err


@pytest.mark.fast
def test_an_exported_tiktoken_is_graded_with_the_model_beside_it(tmp_path, tiny_tokenizer, capsys):
    from indictok.export import write_tiktoken_ranks

    ranks = write_tiktoken_ranks(tiny_tokenizer, tmp_path / "yours.tiktoken")
    code, out, _ = run(["grade", "--json", str(ranks)], capsys)
    assert "needs its split pattern" in json.loads(out)["error"] and code == 2
    tiny_tokenizer.save(tmp_path / "yours.model")  # as the Lab's zip and the store have it
    code, out, _ = run(["grade", "--json", str(ranks)], capsys)
    report = json.loads(out)
    assert "error" not in report and report["vocab_size"] == tiny_tokenizer.vocab_size
    assert code == 1  # graded (a 400-id tokenizer fails the compression target)


# ---- the shipped tokenizers (the "done when") -----------------------------------

HINDI_JSON = paths.STORE_DIR / "transformers" / "indic_bpe_hi" / "tokenizer.json"
TAMIL_JSON = paths.STORE_DIR / "transformers" / "indic_bpe_ta" / "tokenizer.json"
DEEPSEEK = paths.STORE_DIR / "huggingface" / "deepseek_v4.tokenizer.json"
SPM_TA = paths.STORE_DIR / "sentencepiece" / "spm_bpe_ta.model"


@pytest.mark.store
def test_exit_status_0_1_2_on_the_shipped_files(tmp_path, capsys) -> None:
    rand = tmp_path / "random.json"
    rand.write_bytes(bytes(range(255, -1, -1)) * 16)
    assert run(["grade", str(HINDI_JSON)], capsys)[0] == 0
    assert run(["grade", str(HINDI_JSON), str(DEEPSEEK)], capsys)[0] == 1
    assert run(["grade", str(HINDI_JSON), str(DEEPSEEK), str(rand)], capsys)[0] == 2
    code, out, _ = run(["grade", "--csv", str(HINDI_JSON), str(DEEPSEEK)], capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 1 and len(rows) == 3 and [r[1] for r in rows[1:]] == ["PASS", "FAIL"]
    assert rows[2][2] == "hi"  # DeepSeek's Arabic-heavy vocabulary does not pick the language


@pytest.mark.store
def test_tamil_is_graded_with_tamil_stress_strings(capsys) -> None:
    code, out, _ = run(["grade", "--json", "--lang", "ta", str(TAMIL_JSON)], capsys)
    report = json.loads(out)
    assert code == 0 and report["language"] == "ta"
    assert [c["text"] for c in report["stress"]] == [t for _, t in stress.cases("ta")]
    assert not any("<unk>" in t for c in report["stress"] for t in c["tokens"])


@pytest.mark.store
def test_a_failed_round_trip_says_where_and_why(capsys) -> None:
    code, out, _ = run(["grade", "--json", "--lang", "ta", str(SPM_TA)], capsys)
    ref = json.loads(out)["reference_text"]
    assert code == 1 and ref["round_trip_ok"] is False
    diff = ref["first_difference"]
    text = grading.reference_text("ta")
    assert set(diff) == {"at", "expected", "decoded"}
    assert diff["expected"] == text[diff["at"] : diff["at"] + grading.DIFFERENCE_CHARS]
    assert text[: diff["at"]].count("\n") == 0 and diff["expected"][0] == "\n"
    assert diff["decoded"][0] == " " and len(diff["decoded"]) <= grading.DIFFERENCE_CHARS
    assert ref["round_trip_cause"] == grading.WHITESPACE_CAUSE
    code, out, _ = run(["grade", "--csv", "--lang", "ta", str(SPM_TA)], capsys)
    row = list(csv.reader(io.StringIO(out)))[1]
    assert row[7] == "FAIL" and row[8].startswith(f'at {diff["at"]}: expected "\\n')


@pytest.mark.store
def test_the_shipped_tiktoken_is_graded_without_typing_its_pattern(capsys) -> None:
    path = paths.STORE_DIR / "indic_bpe_ta.tiktoken"
    code, out, _ = run(["grade", "--json", "--lang", "ta", str(path)], capsys)
    report = json.loads(out)
    assert code == 0 and report["kind"] == "tiktoken rank file" and report["passed"] is True
    code, out, _ = run(["grade", "--json", "--lang", "ta", str(TAMIL_JSON)], capsys)
    assert json.loads(out)["reference_text"]["tokens"] == report["reference_text"]["tokens"]
