"""The launched app through gradio_client: the endpoints a grader or a course page calls."""

import pytest
from gradio_client import Client

from indictok import registry
from indictok.grader import vocab_size_from_file


@pytest.fixture(scope="module")
def client(app_url):
    c = Client(app_url, verbose=False)
    yield c
    c.close()


def test_grade_endpoint_returns_the_graders_json(client) -> None:
    report = client.predict("भारत एक विशाल देश है।", api_name="/grade")
    assert report["vocab_size"] == vocab_size_from_file() == 4999
    assert report["vocab_ok"] is True
    assert report["reference_text"]["compression_ratio"] >= 3.2
    assert report["reference_text"]["round_trip_ok"] is True
    pasted = report["pasted_text"]
    assert pasted["tokens"] == len(registry.get("indic-bpe-hi").encode_ids("भारत एक विशाल देश है।"))
    assert pasted["compression_ratio"] == round(pasted["bytes"] / pasted["tokens"], 3)
    assert report["passed"] is True


def test_grade_without_text_measures_the_reference_only(client) -> None:
    report = client.predict(api_name="/grade")
    assert report["pasted_text"] is None


def test_grade_rejects_oversized_text(client) -> None:
    with pytest.raises(Exception, match="limit is 100,000"):
        client.predict("अ" * 100_001, api_name="/grade")


def test_compare_counts_equal_the_libraries(client) -> None:
    import json

    text = "मैं Hindi में बात करता हूँ <|endoftext|> 👩‍💻"
    names = ["indic-bpe-hi", "gpt2", "cl100k_base", "o200k_base", "spm-unigram-hi"]
    result = client.predict(text, names, "tokens", False, "", api_name="/compare")
    ids = json.loads(client.predict(text, names, api_name="/token_ids"))
    for name in names:
        assert ids[name] == registry.get(name).encode_ids(text)
    html = result["cards_html"]
    assert "&lt;" in html and "<|endoftext|>" not in html
    counts = {row["tokenizer"]: row["tokens"] for row in result["metrics"]}
    assert counts == {name: len(ids[name]) for name in names}


def test_the_api_accepts_every_language_tokenizer(client) -> None:
    import json

    text = "தமிழ் ஒரு பழமையான மொழி. മലയാളം"
    names = ["indic-bpe-ta", "spm-bpe-ml", "indic-bpe-ur"]
    ids = json.loads(client.predict(text, names, api_name="/token_ids"))
    assert ids == {name: registry.get(name).encode_ids(text) for name in names}
    result = client.predict(text, ["indic-bpe-hi", "gpt2"], "tokens", False, "", "auto",
                            api_name="/compare")  # fmt: skip
    assert result["tokenizers"] == ["indic-bpe-ta", "gpt2"]  # Tamil has the most letters
    assert 'data-tokenizer="indic-bpe-ta"' in result["cards_html"]
    # the same session can still ask for any tokenizer afterwards
    ids = json.loads(client.predict(text, ["indic-bpe-hi"], api_name="/token_ids"))
    assert ids["indic-bpe-hi"] == registry.get("indic-bpe-hi").encode_ids(text)


def test_decode_endpoint_and_its_errors(client) -> None:
    assert client.predict("gpt2", "31373 995", api_name="/decode") == "hello world"
    with pytest.raises(Exception, match="not valid for gpt2"):
        client.predict("gpt2", "[99999999]", api_name="/decode")
    with pytest.raises(Exception, match="not valid for"):
        client.predict("indic-bpe-hi", "abc", api_name="/decode")


def test_export_writes_csv_and_json(client) -> None:
    import json
    from pathlib import Path

    paths = client.predict("नमस्ते", ["gpt2", "indic-bpe-hi"], "", api_name="/export")
    names = sorted(Path(p).name for p in paths)
    assert names == ["analysis.json", "metrics.csv", "tokens.csv"]
    payload = json.loads(Path(next(p for p in paths if p.endswith(".json"))).read_text())
    assert {row["tokenizer"] for row in payload["tokens"]} == {"gpt2", "indic-bpe-hi"}


def _call_raw(app_url: str, endpoint: str, data: list) -> str:
    """POST JSON the way any HTTP client can (json.dumps escapes a lone surrogate as \\ud800)."""
    import json
    import urllib.request

    body = json.dumps({"data": data}).encode("ascii")
    request = urllib.request.Request(
        f"{app_url}gradio_api/call/{endpoint}", body, {"Content-Type": "application/json"}
    )
    event = json.loads(urllib.request.urlopen(request, timeout=30).read())["event_id"]
    url = f"{app_url}gradio_api/call/{endpoint}/{event}"
    return urllib.request.urlopen(url, timeout=60).read().decode()


def test_lone_surrogates_through_the_http_api_get_messages(app_url) -> None:
    assert "unpaired surrogate U+D800 at character 3" in _call_raw(app_url, "grade", ["ok \ud800"])
    streamed = _call_raw(app_url, "compare", ["ok \ud800", ["gpt2"], "tokens", False, "", "auto"])
    assert "unpaired surrogate" in streamed


def test_hostile_input_through_the_api_gets_messages(client) -> None:
    with pytest.raises(Exception, match="limit is 200,000"):
        client.predict("gpt2", " ".join(["1"] * 200_001), api_name="/decode")
    with pytest.raises(Exception, match="Cannot decode"):
        client.predict("gpt2", "[1, 2", api_name="/decode")
