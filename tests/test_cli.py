"""The command as people type it (issue 30): language codes for tokenizer names, `train`'s
output folder made and checked before training (never site-packages by default), `serve` on
a busy port in one line, `list` saying what this install cannot load and how to get it."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path

import pytest
from conftest import TINY_CORPUS

from indictok import catalog, paths
from indictok.tools import cli


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    try:
        cli.main(args)
        code: int | str | None = 0
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.fast
def test_a_language_code_names_our_tokenizer_for_it() -> None:
    assert catalog.resolve("ta") == "indic-bpe-ta" and catalog.resolve("gpt2") == "gpt2"
    assert [catalog.resolve(code) for code in ("hi", "ur")] == ["indic-bpe-hi", "indic-bpe-ur"]
    with pytest.raises(ValueError, match="unknown tokenizer 'xx': use a name `indictok list`"):
        catalog.resolve("xx")
    args = cli.build_parser().parse_args(["decode", "--tokenizer", "ml", "1"])
    assert args.tokenizer == "indic-bpe-ml"


@pytest.mark.store
def test_encode_takes_a_language_code(capsys) -> None:
    from indictok import load

    text = "தமிழ் ஒரு மொழி"
    code, out, _ = run(["encode", "--tokenizer", "ta", text], capsys)
    assert code == 0 and out.strip() == str(load("ta").encode_ordinary(text))
    code, _, err = run(["encode", "--tokenizer", "xx", text], capsys)
    assert code == 2 and "language code for ours (hi, mr" in err


@pytest.mark.fast
def test_train_makes_its_folder_before_training(tmp_path: Path, capsys) -> None:
    text = tmp_path / "corpus.txt"
    text.write_text("".join(TINY_CORPUS) * 3, encoding="utf-8")
    folder = tmp_path / "NEW" / "FOLDER"
    args = ["train", "--lang", "hi", "--vocab-size", "300", "--text", str(text)]
    code, out, _ = run([*args, "--out-dir", str(folder)], capsys)
    assert code == 0 and (folder / "indic_bpe_hi.model").is_file()
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    code, out, _ = run([*args, "--out-dir", str(a_file)], capsys)
    assert code == f"error: --out-dir {a_file} is a file, not a folder"
    assert "training on" not in out  # refused before the corpus is read


@pytest.mark.corpus
def test_train_on_our_corpus_into_a_new_folder(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "NEW" / "FOLDER"
    code, _, _ = run(
        ["train", "--lang", "hi", "--vocab-size", "300", "--out-dir", str(folder)], capsys
    )
    assert code == 0 and (folder / "indic_bpe_hi.model").is_file()


@pytest.mark.fast
def test_an_installed_package_trains_into_the_current_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("INDICTOK_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "STORE_DIR", paths.INSTALLED_STORE)  # as installed
    assert paths.training_dir() == tmp_path / "tokenizers_store"
    parsed = cli.build_parser().parse_args(["train"])
    assert Path(parsed.out_dir) == tmp_path / "tokenizers_store"
    monkeypatch.setattr(paths, "STORE_DIR", paths.REPO_ROOT / "tokenizers_store")  # a checkout
    assert paths.training_dir() == paths.REPO_ROOT / "tokenizers_store"


@pytest.mark.fast
def test_serve_on_a_busy_port_says_so_in_one_line(capsys) -> None:
    pytest.importorskip("gradio")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run(["serve", "--port", str(port)], capsys)
    assert isinstance(code, str) and "\n" not in code
    assert code.startswith(f"error: port {port} on 127.0.0.1 is in use: ")
    assert "pass another with --port" in code and out == err == ""


@pytest.mark.store
def test_list_marks_what_this_install_cannot_load(monkeypatch, capsys) -> None:
    code, out, _ = run(["list"], capsys)
    assert code == 0 and "cannot load here" not in out  # this checkout has everything
    find_spec = importlib.util.find_spec
    missing = {"sentencepiece", "llama_models"}
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in missing else find_spec(name, *a),
    )
    lines = {line.split()[0]: line for line in run(["list"], capsys)[1].splitlines()}
    assert lines["spm-bpe-ta"].endswith(
        "[cannot load here: needs the Python package sentencepiece: pip install "
        "'indictok[compare]']"
    )
    assert "pip install 'llama-models==0.3.0'" in lines["llama-3"]
    assert "cannot load" not in lines["indic-bpe-ta"] + lines["gpt2"]


@pytest.mark.fast
def test_no_message_sends_people_to_a_requirements_file() -> None:
    sources = [p.read_text("utf-8") for p in (paths.REPO_ROOT / "indictok").rglob("*.py")]
    assert not [s for s in sources if "install -r requirements" in s]
    for spec in catalog.SPECS.values():
        assert "requirements.txt" not in spec.restore
