"""The launched app over HTTP (gradio_client and raw requests): the endpoints a grader or a
course page calls, and the limits in front of them."""

import json
import urllib.error
import urllib.request

import pytest
from gradio_client import Client

from indictok import loaded

pytestmark = pytest.mark.app


@pytest.fixture(scope="module")
def client(app_url):
    c = Client(app_url, verbose=False)
    yield c
    c.close()


def test_grade_endpoint_returns_the_graders_json(client) -> None:
    report = client.predict("भारत एक विशाल देश है।", api_name="/grade")
    assert report["tokenizer"] == "indic-bpe-hi" and report["vocab_size"] == 4999
    assert report["vocab_ok"] is True
    assert report["reference_text"]["bytes_per_token"] >= 3.2
    assert report["reference_text"]["round_trip_ok"] is True
    pasted = report["pasted_text"]
    assert pasted["tokens"] == len(loaded.get("indic-bpe-hi").encode_ids("भारत एक विशाल देश है।"))
    assert pasted["bytes_per_token"] == round(pasted["bytes"] / pasted["tokens"], 3)
    assert report["passed"] is True and "pasted_text.ratio_ok" in report["passed_covers"]


def test_grade_follows_the_language(client) -> None:
    report = client.predict("தமிழ் ஒரு பழமையான மொழி.", api_name="/grade")
    assert report["tokenizer"] == "indic-bpe-ta"
    assert client.predict("", "ml", api_name="/grade")["tokenizer"] == "indic-bpe-ml"
    assert client.predict(api_name="/grade")["pasted_text"] is None
    assert "limit is 100,000" in client.predict("अ" * 100_001, api_name="/grade")["error"]


def test_compare_counts_equal_the_libraries(client) -> None:
    text = "मैं Hindi में बात करता हूँ <|endoftext|> 👩‍💻"
    names = ["indic-bpe-hi", "gpt2", "cl100k_base", "o200k_base", "spm-unigram-hi"]
    result = client.predict(text, names, "tokens", False, "", "auto", api_name="/compare")
    ids = client.predict(text, names, api_name="/token_ids")
    for name in names:
        assert ids[name] == loaded.get(name).encode_ids(text)
    counts = {row["tokenizer"]: row["tokens"] for row in result["metrics"]}
    assert counts == {name: len(ids[name]) for name in names}
    assert "v=tokens" in result["permalink_query"]


def test_the_api_accepts_every_language_tokenizer(client) -> None:
    text = "தமிழ் ஒரு பழமையான மொழி. മലയാളം"
    names = ["indic-bpe-ta", "spm-bpe-ml", "indic-bpe-ur"]
    assert client.predict(text, names, api_name="/token_ids") == {
        name: loaded.get(name).encode_ids(text) for name in names
    }
    result = client.predict(
        text, ["indic-bpe-hi", "gpt2"], "tokens", False, "", "auto", api_name="/compare"
    )
    assert result["tokenizers"] == ["indic-bpe-ta", "gpt2"]  # Tamil has the most letters
    ids = client.predict(text, ["indic-bpe-hi"], api_name="/token_ids")
    assert ids["indic-bpe-hi"] == loaded.get("indic-bpe-hi").encode_ids(text)


def test_decode_endpoint_and_its_messages(client) -> None:
    assert client.predict("gpt2", "31373 995", api_name="/decode") == "hello world"
    assert "gpt2" in client.predict("gpt2", "[99999999]", api_name="/decode")
    assert client.predict("indic-bpe-hi", "abc", api_name="/decode").startswith("Cannot decode:")


def test_export_writes_csv_and_json(client) -> None:
    from pathlib import Path

    paths = client.predict("नमस्ते", ["gpt2", "indic-bpe-hi"], api_name="/export")
    assert sorted(Path(p).name for p in paths) == ["analysis.json", "metrics.csv", "tokens.csv"]
    payload = json.loads(Path(next(p for p in paths if p.endswith(".json"))).read_text())
    assert set(payload["tokens"]) == {"gpt2", "indic-bpe-hi"}


def _call_raw(app_url: str, endpoint: str, data: list) -> str:
    """POST JSON the way any HTTP client can (json.dumps escapes a lone surrogate as \\ud800)."""
    body = json.dumps({"data": data}).encode("ascii")
    request = urllib.request.Request(
        f"{app_url}gradio_api/call/{endpoint}", body, {"Content-Type": "application/json"}
    )
    event = json.loads(urllib.request.urlopen(request, timeout=30).read())["event_id"]
    url = f"{app_url}gradio_api/call/{endpoint}/{event}"
    return urllib.request.urlopen(url, timeout=60).read().decode()


def test_wrong_types_and_bad_text_through_the_http_api_get_messages(app_url) -> None:
    assert "unpaired surrogate U+D800 at character 3" in _call_raw(
        app_url, "grade", ["ok \ud800", "auto"]
    )
    assert "needed: 2, got: 1" in _call_raw(app_url, "grade", ["ok"])
    streamed = _call_raw(app_url, "compare", ["ok \ud800", ["gpt2"], "tokens", False, "", "auto"])
    assert "unpaired surrogate" in streamed
    for text, names in [(123, ["gpt2"]), ("ok", 123), ("ok", [["gpt2"]]), ("ok", [123])]:
        answer = _call_raw(app_url, "compare", [text, names, "tokens", False, "", "auto"])
        assert '"error"' in answer and "null" not in answer, (text, names)
    assert "unknown language" in _call_raw(
        app_url, "compare", ["ok", ["gpt2"], "tokens", False, "", "xx"]
    )


def test_no_url_makes_the_server_fail(app_url) -> None:
    long_link = f"{app_url}?t={'A' * 70_000}&k=gpt2&v=tokens"
    with urllib.request.urlopen(long_link, timeout=30) as answer:  # follows the redirect
        assert answer.status == 200
        assert answer.url.endswith("?k=gpt2&v=tokens&note=link-too-long")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{app_url}gradio_api/info?x={'A' * 70_000}", timeout=30)
    assert refused.value.code == 414


def test_oversized_request_bodies_are_refused_before_work(app_url) -> None:
    import http.client
    from urllib.parse import urlsplit

    url = urlsplit(app_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.putrequest("POST", "/gradio_api/call/token_ids")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(21_000_000))  # announced, never sent
    connection.endheaders()
    answer = connection.getresponse()
    assert answer.status == 413 and b"limit: 2,000,000 bytes" in answer.read()
    connection.close()


def test_the_api_page_names_and_describes_every_parameter(app_url) -> None:
    info = json.loads(urllib.request.urlopen(f"{app_url}gradio_api/info", timeout=30).read())
    endpoints = info["named_endpoints"]
    names = ("/compare", "/token_ids", "/decode", "/grade", "/grade_file", "/export")
    assert set(endpoints) >= set(names)
    for name in names:
        for parameter in endpoints[name]["parameters"]:
            assert parameter["label"] == parameter["parameter_name"], name
            assert parameter["python_type"]["description"], (name, parameter["parameter_name"])
        assert endpoints[name]["returns"][0]["python_type"]["description"], name
    grade = {p["parameter_name"]: p for p in endpoints["/grade"]["parameters"]}
    assert (
        grade["text"]["parameter_has_default"] and grade["language"]["parameter_default"] == "auto"
    )
    export = {p["parameter_name"]: p for p in endpoints["/export"]["parameters"]}
    assert export["english"]["parameter_has_default"]


def test_train_endpoint_is_repeatable_and_equals_the_command_line(client, tmp_path) -> None:
    import zipfile

    from conftest import TINY_CORPUS

    from indictok.lab import merges_sha256
    from indictok.paths import model_stem
    from indictok.tokenizer import IndicBPETokenizer
    from indictok.tools.cli import main as cli

    text = "".join(TINY_CORPUS)
    first = client.predict(text, 500, "indic-superword-v1", 0.1, api_name="/train")
    second = client.predict(text, 500, "indic-superword-v1", 0.1, api_name="/train")
    assert first["merges_sha256"] == second["merges_sha256"] and first["vocab_size"] == 500
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(text, encoding="utf-8")
    cli(
        [
            "train",
            "--text",
            str(corpus),
            "--lang",
            "hi",
            "--vocab-size",
            "500",
            "--pattern",
            "indic-superword-v1",
            "--heldout",
            "0.1",
            "--no-drop-zwj-lines",
            "--out-dir",
            str(tmp_path),
        ]
    )
    theirs = IndicBPETokenizer.load(tmp_path / f"{model_stem('hi')}.model")
    assert first["merges_sha256"] == merges_sha256(theirs)
    held = first["heldout"]
    assert held["tokens"] == len(theirs.encode_ordinary("".join(TINY_CORPUS[36:])))
    assert held["bytes_per_token"] == round(held["bytes"] / held["tokens"], 3)
    assert {"chars_per_token", "tokens_per_word"} <= held.keys()
    assert set(held["compared"]) == {"indic-bpe-hi", "o200k_base"}
    reference = first["reference"]
    assert reference["tokenizer"] == "yours" and reference["vocab_ok"] is True
    assert reference["reference_text"]["file"] == "assets/reference/hi.txt"
    with zipfile.ZipFile(first["zip"]) as zf:
        zf.extractall(tmp_path / "zip")
    mine = IndicBPETokenizer.load(tmp_path / "zip" / "yours.model")
    assert (mine.model, mine.pattern) == (theirs.model, theirs.pattern)
    assert (tmp_path / "zip" / "transformers" / "tokenizer.json").is_file()


def test_train_endpoint_refuses_bad_input_with_a_message(client) -> None:
    def error(*args: object) -> str:
        return client.predict(*args, api_name="/train")["error"]

    assert "empty" in error("  ", 1000, "indic-v1", 0.1)
    assert "from 257 to 5,000" in error("नमस्ते", 5001, "indic-v1", 0.1)
    assert "split pattern must be one of" in error("नमस्ते", 1000, "gpt2", 0.1)
    assert "held-out share" in error("नमस्ते", 1000, "indic-v1", 0.9)


def test_grade_file_answers_the_clis_report(client, tmp_path, tiny_tokenizer, capsys) -> None:
    from gradio_client import handle_file

    from indictok.tools.cli import main

    path = tiny_tokenizer.save(tmp_path / "tiny.model")
    report = client.predict(handle_file(str(path)), "hi", api_name="/grade_file")
    assert report["vocab_size"] == 400 and report["language"] == "hi"
    reference = report["reference_text"]
    assert report["bytes_per_token"] == round(reference["bytes"] / reference["tokens"], 3)
    with pytest.raises(SystemExit):  # a 400-id tokenizer fails: exit status 1
        main(["grade", str(path), "--lang", "hi", "--json"])
    assert json.loads(capsys.readouterr().out) == report
    assert client.predict(handle_file(str(path)), api_name="/grade_file")["language"] == "hi"


def test_grade_file_refuses_bad_files_and_the_app_keeps_serving(client, app_url, tmp_path):
    from gradio_client import handle_file

    cut = tmp_path / "cut.model"
    cut.write_bytes((loaded.get("spm-bpe-hi").path).read_bytes()[:5000])
    answer = client.predict(handle_file(str(cut)), api_name="/grade_file")
    assert "cut.model: this is not a file we can read" in answer["error"]
    assert "truncated or corrupt" in answer["error"]
    evil = tmp_path / "evil.json"  # a split pattern that backtracks exponentially
    spec = json.loads(_hindi_tokenizer_json())
    spec["pre_tokenizer"]["pretokenizers"][0]["pattern"] = {"Regex": r"(?:[\p{L}\p{M}]+\s?)+\d"}
    evil.write_text(json.dumps(spec))
    answer = client.predict(handle_file(str(evil)), api_name="/grade_file")
    assert "its split pattern backtracks catastrophically" in answer["error"]
    outside = client.predict({"path": "/etc/passwd"}, api_name="/grade_file")
    refusal = "file must be a file you uploaded (gradio_client: handle_file(path))"
    assert outside == {"error": refusal}
    from indictok.app.limits import UPLOADS  # the largest feature's file: the Lab's corpus

    assert _upload_status(app_url, UPLOADS.bytes_per_file + 1) == 413
    assert client.predict("", "ta", api_name="/grade")["tokenizer"] == "indic-bpe-ta"


def _hindi_tokenizer_json() -> str:
    from indictok import transformers_dir

    return (transformers_dir("hi") / "tokenizer.json").read_text("utf-8")


def _upload_status(app_url: str, size: int) -> int:
    """POST a file of `size` bytes to Gradio's upload route; the HTTP status."""
    boundary = "itlboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.json"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + b"{" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{app_url}gradio_api/upload",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as e:
        return e.code
