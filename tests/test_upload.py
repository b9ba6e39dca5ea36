"""Grading tokenizer files from outside (issue 24): one file of each kind, made here by our
own exports and by the tokenizers and sentencepiece trainers, gets its verdict; malformed,
oversized and hostile files get a clear refusal; the CLI prints the same report."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest
from conftest import TINY_CORPUS

from indictok import grading, sandbox, sandbox_child, stress, upload
from indictok.backends import HFTokenizerBackend
from indictok.backends.hfany import HFAnyBackend
from indictok.export import write_hf_tokenizer, write_tiktoken_ranks
from indictok.tools.cli import main

pytestmark = pytest.mark.fast  # tiny files made here; the children are ours (sandbox.py)
HINDI_REFERENCE = grading.reference_text("hi")
LINES = [line.strip() for line in TINY_CORPUS]


def _hf_byte_level_bpe() -> str:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    hf = Tokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    hf.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=500, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    hf.train_from_iterator(LINES, trainer)
    return hf.to_str()


def _hf_wordpiece() -> str:
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    hf = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    hf.normalizer = normalizers.NFKC()
    hf.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    hf.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(
        vocab_size=300, special_tokens=["[UNK]"], show_progress=False
    )
    hf.train_from_iterator(LINES, trainer)
    return hf.to_str()


def _sentencepiece() -> bytes:
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(LINES),
        model_writer=model,
        vocab_size=400,
        model_type="bpe",
        character_coverage=1.0,
        byte_fallback=True,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return model.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, tiny_tokenizer) -> dict[str, Path]:
    """One file of each kind: ours and its exports, and two trainers' own files."""
    folder = tmp_path_factory.mktemp("uploads")
    sidecar = {"pat_str": tiny_tokenizer.pattern, "special_tokens": tiny_tokenizer.special_tokens}
    (folder / "tiny.tiktoken.json").write_text(json.dumps(sidecar))
    (folder / "bpe.json").write_text(_hf_byte_level_bpe())
    (folder / "wordpiece.json").write_text(_hf_wordpiece())
    (folder / "spm.model").write_bytes(_sentencepiece())
    return {
        "ours": tiny_tokenizer.save(folder / "tiny.model"),
        "ours exported to tokenizer.json": write_hf_tokenizer(tiny_tokenizer, folder / "tok.json"),
        "ours exported to tiktoken": write_tiktoken_ranks(tiny_tokenizer, folder / "tiny.tiktoken"),
        "tokenizers BPE": folder / "bpe.json",
        "tokenizers WordPiece": folder / "wordpiece.json",
        "sentencepiece": folder / "spm.model",
    }


def library_ids(kind: str, path: Path, tiny_tokenizer, text: str) -> tuple[int, list[int]]:
    """(vocabulary size, ids of `text`) from the file's own library, not through our code."""
    if kind == "ours":
        return tiny_tokenizer.vocab_size, tiny_tokenizer.encode_ordinary(
            unicodedata.normalize("NFC", text)
        )
    if kind == "ours exported to tiktoken":
        encoding = tiny_tokenizer.to_tiktoken()
        return encoding.n_vocab, encoding.encode_ordinary(unicodedata.normalize("NFC", text))
    if kind == "sentencepiece":
        import sentencepiece

        model = sentencepiece.SentencePieceProcessor(model_file=str(path))
        return model.get_piece_size(), model.encode(text)
    from tokenizers import Tokenizer

    hf = Tokenizer.from_file(str(path))
    return hf.get_vocab_size(), hf.encode(text, add_special_tokens=False).ids


def pattern_for(path: Path) -> str:
    from indictok.tools.grade_command import sidecar_pattern

    return sidecar_pattern(path, None)


KINDS = [
    "ours",
    "ours exported to tokenizer.json",
    "ours exported to tiktoken",
    "tokenizers BPE",
    "tokenizers WordPiece",
    "sentencepiece",
]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_file_gets_its_verdict(files, tiny_tokenizer, kind: str) -> None:
    path = files[kind]
    text = "नमस्ते दुनिया। मैं Hindi में बात करता हूँ"
    report = sandbox.grade_file(
        path.read_bytes(), path.name, language="hi", text=text, pattern=pattern_for(path)
    )
    assert "error" not in report, report
    vocab, ids = library_ids(kind, path, tiny_tokenizer, HINDI_REFERENCE)
    assert report["vocab_size"] == vocab and report["vocab_ok"] is True
    assert report["bytes_per_token"] == round(len(HINDI_REFERENCE.encode()) / len(ids), 3)
    assert report["reference_text"]["tokens"] == len(ids)
    assert report["pasted_text"]["tokens"] == len(library_ids(kind, path, tiny_tokenizer, text)[1])
    assert [(c["case"], c["text"]) for c in report["stress"]] == list(stress.cases("hi"))
    assert report["summary"].startswith(("PASS: ", "FAIL: ")) and path.name in report["summary"]
    assert report["passed"] == (
        report["bytes_per_token"] >= 3.2
        and all(report[k]["round_trip_ok"] for k in ("reference_text", "pasted_text"))
    )


def test_kinds_are_told_apart_and_byte_level_bpe_stays_exact(files) -> None:
    loaded = {
        kind: upload.load(files[kind].read_bytes(), "x", pattern_for(files[kind])) for kind in KINDS
    }
    assert {k: v.kind for k, v in loaded.items()} == {
        "ours": "indictok",
        "ours exported to tokenizer.json": "tokenizer.json",
        "ours exported to tiktoken": "tiktoken",
        "tokenizers BPE": "tokenizer.json",
        "tokenizers WordPiece": "tokenizer.json",
        "sentencepiece": "sentencepiece",
    }
    assert isinstance(loaded["tokenizers BPE"].backend, HFTokenizerBackend)
    assert loaded["tokenizers BPE"].backend.byte_exact is True
    for kind in ("ours exported to tokenizer.json", "tokenizers WordPiece"):
        assert isinstance(loaded[kind].backend, HFAnyBackend)
        assert loaded[kind].backend.byte_exact is False  # a normaliser: stated, not assumed


def test_any_tokenizer_json_gets_spans_from_its_offsets(files) -> None:
    from tokenizers import Tokenizer

    text = "नमस्ते दुनिया, ＡＢＣ और क़लम"
    backend = upload.load(files["tokenizers WordPiece"].read_bytes(), "wp.json").backend
    encoded = backend.encode(text)
    expected = Tokenizer.from_file(str(files["tokenizers WordPiece"])).encode(text)
    assert encoded.ids == expected.ids
    spans = [(len(text[:a].encode()), len(text[:b].encode())) for a, b in expected.offsets]
    assert list(zip(encoded.starts.tolist(), encoded.ends.tolist(), strict=True)) == spans
    assert encoded.text == text


def test_tiktoken_pattern_from_the_sidecar_or_pasted(files, tiny_tokenizer) -> None:
    path = files["ours exported to tiktoken"]
    pasted = sandbox.grade_file(path.read_bytes(), path.name, pattern=tiny_tokenizer.pattern)
    from_sidecar = sandbox.grade_file(path.read_bytes(), path.name, pattern=pattern_for(path))
    assert pasted["bytes_per_token"] == from_sidecar["bytes_per_token"]
    assert (pasted["vocab_size"], from_sidecar["vocab_size"]) == (399, 400)  # + <|endoftext|>
    refused = sandbox.grade_file(path.read_bytes(), path.name)
    assert "needs its split pattern" in refused["error"]


def _spm_with_pieces(data: bytes, count: int) -> bytes:
    """A SentencePiece model with pieces appended until it has `count` (protobuf repeated
    field 1; each piece the one-byte string "a")."""
    import sentencepiece

    have = sentencepiece.SentencePieceProcessor(model_proto=data).get_piece_size()
    return data + b"\x0a\x03\x0a\x01a" * (count - have)


def _catastrophic_json(tiny_tokenizer, folder: Path) -> bytes:
    """Our export with a split pattern that backtracks exponentially on Indic text."""
    spec = json.loads(write_hf_tokenizer(tiny_tokenizer, folder / "evil.json").read_text())
    spec["pre_tokenizer"]["pretokenizers"][0]["pattern"] = {"Regex": r"(?:[\p{L}\p{M}]+\s?)+\d"}
    return json.dumps(spec).encode()


SPARSE = json.dumps(
    {"model": {"type": "WordLevel", "vocab": {"a": 2_000_000_000}, "unk_token": "a"}}
).encode()


def hostile_files(files, tiny_tokenizer, folder: Path) -> dict[str, tuple[bytes, str]]:
    """name -> (the file, the refusal it must get)."""
    spm = files["sentencepiece"].read_bytes()
    return {
        "catastrophic regex": (
            _catastrophic_json(tiny_tokenizer, folder),
            "backtracks catastrophically",
        ),
        "truncated protobuf": (spm[: len(spm) // 2], "protobuf is truncated or corrupt"),
        "1,000,001 SentencePiece pieces": (
            _spm_with_pieces(spm, 1_000_001),
            "1,000,001 entries; the limit is 1,000,000",
        ),
        "1,000,001 tiktoken ranks": (
            b"YQ== 0\n" * 1_000_001,
            "1,000,001 entries; the limit is 1,000,000",
        ),
        "not a tokenizer": (b"just some text\n", "this is not a file we can read"),
        "a sparse id": (SPARSE, "its ids go up to 2,000,000,000; the limit is 999,999"),
        "nested JSON": (b'{"model": ' + b"[" * 100_000, "not a valid JSON file"),
        "a sidecar, not a tokenizer": (b'{"pat_str": "\\\\w+"}', "upload the rank file"),
        "broken merges": (
            files["ours"].read_bytes().replace(b"merges ", b"merges x", 1),
            "not a valid indictok .model (ours): the file line",
        ),
        "empty": (b"", "the file is empty"),
        "a normaliser that expands text 2,000×": (
            _expanding_json(),
            "its normaliser turns 22 characters into 44,000 (2,000× longer)",
        ),
        "ranks without single-byte tokens": (
            b"YWI= 0\nYWM= 1\n",  # "ab" and "ac" only
            "no token for 256 of the 256 single bytes (the first: 0x00)",
        ),
    }


def _expanding_json() -> bytes:
    """A 2.5 KB tokenizer.json whose Replace normaliser turns each character into 2,000."""
    from tokenizers import Regex, Tokenizer, models, normalizers

    hf = Tokenizer(models.BPE(vocab={chr(c): c - 97 for c in range(97, 123)}, merges=[]))
    hf.normalizer = normalizers.Replace(Regex("."), "x" * 2000)
    return hf.to_str().encode()


def test_messages_never_show_server_paths() -> None:
    shown = upload.without_paths("No such file: '/tmp/itl-upload-x1/tok.json' (/usr/lib/a.so)")
    assert shown == "No such file: 'tok.json' (a.so)"


def test_hostile_files_get_a_clear_refusal(files, tiny_tokenizer, tmp_path) -> None:
    for name, (data, message) in hostile_files(files, tiny_tokenizer, tmp_path).items():
        answer = sandbox.grade_file(data, "evil <b>.json", pattern=tiny_tokenizer.pattern)
        assert list(answer) == ["error"], name
        assert answer["error"].startswith("evil <b>.json: "), name
        assert message in answer["error"], (name, answer["error"])
    assert "error" not in sandbox.grade_file(files["ours"].read_bytes(), "tiny.model")


def test_a_file_over_10_mb_is_refused_before_it_is_read(tmp_path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(upload.MAX_FILE_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(upload.UploadError, match="10,485,761 bytes; the limit is 10,485,760"):
        upload.read_upload(big)


def test_the_time_limit_kills_the_child_and_says_so(files) -> None:
    answer = sandbox.grade_file(files["ours"].read_bytes(), "tiny.model", timeout=0.01)
    assert answer == {
        "error": "tiny.model: stopped after 0.01 seconds (the limit): loading or tokenizing "
        "took too long (a split pattern that backtracks catastrophically, or a very slow "
        "normaliser, does this)"
    }


def test_an_uploaded_card_runs_in_the_child_and_survives_its_restart(files, tiny_tokenizer):
    backend = sandbox.SandboxedBackend(
        "uploaded: tiny.model", files["ours"].read_bytes(), "tiny.model", sandbox=sandbox.Sandbox()
    )
    text = "नमस्ते दुनिया"
    encoded = backend.encode(text)
    assert encoded.ids == tiny_tokenizer.encode_ordinary(text) and backend.vocab_size == 400
    assert b"".join(backend.table.data_of(i) for i in encoded.ids) == text.encode()
    backend.sandbox.close()  # as if the child had been killed: it reloads the tokenizer
    assert backend.decode(encoded.ids) == text
    backend.sandbox.close()


def test_a_card_whose_pattern_gives_up_is_a_message_not_a_crash(files, tiny_tokenizer, tmp_path):
    spec = json.loads(files["ours exported to tokenizer.json"].read_text())
    spec["pre_tokenizer"]["pretokenizers"][0]["pattern"] = {"Regex": r"(\p{L}+)+\d"}
    backend = sandbox.SandboxedBackend(
        "uploaded: evil.json", json.dumps(spec).encode(), "evil.json", sandbox=sandbox.Sandbox()
    )
    with pytest.raises(sandbox.SandboxError, match="backtracks catastrophically"):
        backend.encode("क" * 40 + "!")
    assert backend.encode_ids("नमस्ते") == tiny_tokenizer.encode_ordinary("नमस्ते")
    backend.sandbox.close()


def test_the_cli_prints_the_same_report(files, capsys) -> None:
    paths = [files["ours"], files["sentencepiece"], files["ours exported to tiktoken"]]
    with pytest.raises(SystemExit) as failed:  # they all fail: exit status 1
        main(["grade", *map(str, paths), "--lang", "hi", "--json"])
    assert failed.value.code == 1
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    expected = [
        sandbox.grade_file(p.read_bytes(), p.name, language="hi", pattern=pattern_for(p))
        for p in paths
    ]
    assert printed == expected
    with pytest.raises(SystemExit):
        main(["grade", *map(str, paths), "--lang", "hi"])
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:3] == ["file", "verdict", "language"]
    for report in expected:
        assert report["summary"] in table


def test_the_shared_child_holds_a_bounded_number_of_tokenizers(files, monkeypatch) -> None:
    monkeypatch.setattr(
        sandbox_child, "MAX_HELD", 1
    )  # the child reads its own copy: check the rule
    held: dict = {}
    data = files["ours"].read_bytes()
    sandbox_child._load(held, "a", data, "a.model", "")
    sandbox_child._load(held, "b", data, "b.model", "")
    assert list(held) == ["b"]
    with pytest.raises(sandbox.SandboxError):
        sandbox_child._held(held, "a")  # dropped: the parent reloads it from its bytes
