"""The page's server side without a browser: the compact token data the browser draws from,
the limits checked before work, permalinks, the URL guard, exports, grader and lookup."""

from __future__ import annotations

import asyncio
import csv
import json
from dataclasses import dataclass

import pytest

from indictok import catalog, loaded, stress
from indictok.app import api, grade_tab, lookup, tables
from indictok.app.limits import MAX_CHARS, MAX_OWN, MAX_OWN_PER_VISITOR, MAX_TOKENIZERS
from indictok.app.permalink import AppState, to_query
from indictok.app.urlguard import RequestLimits
from indictok.app.workbench import permalink, tokenize
from indictok.segments import RELATIONS, token_relations

pytestmark = pytest.mark.app

MIXED = "मैं Hindi में बात करता हूँ <|endoftext|> 👩‍💻 क़ानून\x00 \u202eabc ＡＢＣ"


def ask(text: str, names: list[str], **extra: object) -> dict:
    return json.loads(tokenize({"text": text, "tokenizers": names, **extra}))


def test_cards_carry_every_token_and_agree_with_the_libraries() -> None:
    names = ["indic-bpe-hi", "gpt2", "cl100k_base", "o200k_base", "spm-unigram-hi", "mistral-7b"]
    answer = ask(MIXED, names, language="hi")
    assert [c["name"] for c in answer["cards"]] == names
    for card in answer["cards"]:
        encoded = loaded.get(card["name"]).encode(MIXED)
        assert card["ids"] == encoded.ids == loaded.get(card["name"]).encode_ids(MIXED)
        assert card["starts"] == encoded.starts.tolist() and card["ends"] == encoded.ends.tolist()
        assert card["stats"]["tokens"] == len(encoded.ids)
        assert card.get("text", MIXED) == encoded.text  # sent only when normalised
        groups = card["groups"]
        assert groups["firsts"][-1] == len(card["ids"]) and groups["bounds"][0] == 0
        assert groups["bounds"][-1] == len(encoded.text.encode())


def test_relation_codes_match_the_per_token_rule() -> None:
    from helpers import codepoint_boundaries, relation_of

    from indictok.segments import grapheme_boundaries

    for name in ("gpt2", "cl100k_base", "indic-bpe-hi", "spm-bpe-hi"):
        encoded = loaded.get(name).encode(MIXED)
        codes = token_relations(encoded).tolist()
        cps, graphemes = codepoint_boundaries(encoded.text), set(grapheme_boundaries(encoded.text))
        expected = [
            RELATIONS.index(relation_of(s, e, cps, graphemes))
            for s, e in zip(encoded.starts.tolist(), encoded.ends.tolist(), strict=True)
        ]
        assert codes == expected, name
    assert 2 in token_relations(loaded.get("gpt2").encode("रें")).tolist()


def test_special_token_strings_are_plain_text_on_the_page() -> None:
    [card] = ask("a <|endoftext|> b", ["gpt2"])["cards"]
    assert 50256 not in card["ids"]  # the text is text; no special token sneaks in


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        ({"text": "अ" * (MAX_CHARS + 1), "tokenizers": ["gpt2"]}, "limit is 100,000"),
        ({"text": "ok \ud800", "tokenizers": ["gpt2"]}, "unpaired surrogate U+D800 at character 3"),
        ({"text": "ok", "tokenizers": ["nonsense"]}, "unknown tokenizer 'nonsense'"),
        ({"text": "ok", "tokenizers": "gpt2,cl100k"}, "unknown tokenizer 'gpt2,cl100k'"),
        ({"text": "ok", "tokenizers": [["gpt2"]]}, "list of tokenizer names"),
        ({"text": 123, "tokenizers": ["gpt2"]}, "must be a string, not int"),
        ({"text": "ok", "tokenizers": ["gpt2"], "language": "xx"}, "unknown language 'xx'"),
        ("not an object", "expected an object"),
    ],
)
def test_bad_requests_get_a_message_not_an_error(request_: object, message: str) -> None:
    answer = json.loads(tokenize(request_))
    assert message in answer["error"]


def test_repeated_tokenizers_count_once_and_the_count_is_capped() -> None:
    assert ask("ok", ["gpt2"] * 50)["tokenizers"] == ["gpt2"]
    many = catalog.list_names()[: MAX_TOKENIZERS + 1]
    assert f"the limit is {MAX_TOKENIZERS}" in ask("ok", many)["error"]


def test_empty_text_and_zero_width_tokens() -> None:
    answer = ask("", ["gpt2", "spm-unigram-hi"])
    assert all(c["ids"] == [] for c in answer["cards"])
    [card] = ask(" ", ["spm-unigram-hi"])["cards"]  # NFKC drops the space: a piece, no bytes
    assert set(card["empty_pieces"]) == {
        str(i) for i, (s, e) in enumerate(zip(card["starts"], card["ends"], strict=True)) if s == e
    }


# ---- permalinks -------------------------------------------------------------------------


def test_the_page_asks_the_server_for_its_link() -> None:
    request = {
        "text": "नमस्ते",
        "tokenizers": ["gpt2"],
        "view": "tokens",
        "language": "hi",
        "whitespace": True,
        "embed": False,
    }
    answer = json.loads(permalink(request))
    assert answer == {"query": to_query(AppState("नमस्ते", ["gpt2"], "tokens", True, language="hi"))}
    assert "error" in json.loads(permalink({**request, "view": "<b>"}))
    unknown = json.loads(permalink({**request, "tokenizers": ["nope"]}))["error"]
    assert "unknown tokenizer" in unknown
    too_long = json.loads(permalink({**request, "text": "क" * (MAX_CHARS + 1)}))["error"]
    assert "the limit is 100,000" in too_long


def _call(app: RequestLimits, path: str, query: bytes, method: str = "GET", headers=()) -> tuple:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "root_path": "",
        "headers": list(headers),
    }
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return start["status"], dict(start["headers"])


def test_url_guard_redirects_a_too_long_page_link_and_refuses_the_rest() -> None:
    reached: list[str] = []

    async def inner(scope, receive, send) -> None:
        reached.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})

    guard = RequestLimits(inner)
    query = b"t=" + b"A" * 70_000 + b"&k=gpt2&v=tokens&embed=1"
    status, headers = _call(guard, "/", query)
    assert status == 303 and reached == []
    assert headers[b"location"] == b"/?k=gpt2&v=tokens&embed=1&note=link-too-long"
    assert _call(guard, "/gradio_api/info", query)[0] == 414
    big = [(b"content-length", b"50000000")]
    assert _call(guard, "/gradio_api/call/compare", b"", "POST", big)[0] == 413
    assert _call(guard, "/", b"k=gpt2")[0] == 200 and reached == ["/"]
    # the Lab's upload may carry a 20 MB corpus; any other body stays under 2 MB
    lab_size = [(b"content-length", b"20000000")]
    assert _call(guard, "/gradio_api/upload", b"", "POST", lab_size)[0] == 200
    assert _call(guard, "/gradio_api/upload", b"", "POST", big)[0] == 413
    assert _call(guard, "/gradio_api/call/train", b"", "POST", lab_size)[0] == 413


# ---- export, grader, lookup, decode ---------------------------------------------------------


def test_export_neutralises_formulas_and_is_bounded(tmp_path) -> None:
    paths = api.export_files("=SUM(A1) +x -y @z नमस्ते", ["cl100k_base", "cl100k_base", "gpt2"])
    tokens_csv = next(p for p in paths if p.endswith("tokens.csv"))
    with open(tokens_csv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["tokenizer"] for r in rows} == {"cl100k_base", "gpt2"}
    assert all(not r["piece"].startswith(tables.SPREADSHEET_TRIGGERS) for r in rows)
    assert any(r["piece"].startswith("'=") for r in rows)
    with pytest.raises(Exception, match="token rows; the limit is"):
        api.export_files("👩‍💻" * 33_333, ["gpt2", "cl100k_base", "o200k_base"])


def test_grader_grades_the_language_of_the_text() -> None:
    tamil = "தமிழ் ஒரு பழமையான மொழி. சென்னை தமிழ்நாட்டின் தலைநகரம்."
    report = grade_tab.grade_ours(tamil)
    assert report["tokenizer"] == "indic-bpe-ta" and report["language"] == "ta"
    assert report["reference_text"]["file"] == "assets/reference/ta.txt"
    assert report["reference_text"]["ratio_ok"] and report["passed"] is True
    assert report["pasted_text"]["tokens"] == len(loaded.get("indic-bpe-ta").encode_ids(tamil))
    assert report["language_note"] == "Tamil (detected)"
    assert [c["text"] for c in report["stress"]] == [t for _, t in stress.cases("ta")]
    assert grade_tab.grade_ours("", "ur")["tokenizer"] == "indic-bpe-ur"
    english = grade_tab.grade_ours("a short English line")
    assert english["tokenizer"] == "indic-bpe-hi"
    assert english["pasted_text"]["ratio_ok"] is False and english["passed"] is True  # documented
    html = grade_tab.as_html(grade_tab.grade_or_error("<b>x</b>", "xx"))
    assert "Cannot grade: unknown language &#x27;xx&#x27;" in html


def test_grader_panel_says_pass_in_words() -> None:
    html = grade_tab.as_html(grade_tab.grade_ours("भारत एक विशाल देश है।"))
    assert html.startswith('<div class="itl-verdict itl-pass">PASS: indic-bpe-hi')
    assert "✅" not in html


def test_lookup_by_id_and_by_text() -> None:
    [row] = lookup.lookup("gpt2", "31373")
    assert row == ("31373", "hello", "68 65 6C 6C 6F", "hello", "5", "12758 + 78")  # hell + o
    [byte] = lookup.lookup("gpt2", "104")
    assert byte[-1] == "—"  # a single byte was never merged
    assert lookup.lookup("gpt2", " the")[0][3] == "·the"  # the leading space is shown
    assert "at most 200" in lookup.as_html("gpt2", "x" * 300)
    found = lookup.lookup("indic-bpe-hi", "भारत")
    assert found and all("भारत".encode() in bytes.fromhex(r[2].replace(" ", "")) for r in found)
    assert "from 0 to 50,256" in lookup.as_html("gpt2", "99999999")  # the valid range
    assert "&lt;script" in lookup.as_html("gpt2", "<script>")


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ("²", "not a token id"),
        ("١٢", "not a token id"),
        ("9" * 5000, "has 5,000 digits"),
        ("[1, 2", "unclosed"),
        ("[99999999]", "not valid for gpt2"),
        ("[[1]]", "nested"),
        ("1 " * 200_001, "limit is 200,000"),
    ],
)
def test_decode_refuses_bad_ids_with_a_message(ids: str, message: str) -> None:
    answer = api.decode("gpt2", ids)
    assert answer.startswith("Cannot decode:") and message in answer


def test_decode_round_trip() -> None:
    assert api.decode("gpt2", "31373 995") == "hello world"
    assert api.decode("gpt2", "[31373, 995]") == "hello world"


def test_decode_refuses_an_answer_too_large_before_decoding() -> None:
    table = loaded.get("gpt2").table
    longest = max(range(50_000), key=lambda i: len(table.data_of(i)))
    answer = api.decode("gpt2", f"{longest} " * 100_000)
    assert answer == "Cannot decode: the text would exceed 1,000,000 bytes"


@pytest.mark.store
def test_a_visitors_own_tokenizer_joins_only_the_requests_that_hold_its_key() -> None:
    from indictok.app import own

    key = own.keep("uploaded: tiny.json", "Uploaded · tiny.json", loaded.get("gpt2")).key
    answer = ask_own("नमस्ते", ["o200k_base"], [key])
    assert [c["name"] for c in answer["cards"]] == ["o200k_base", "uploaded: tiny.json"]
    assert answer["cards"][1]["own"] == key and "own" not in answer["cards"][0]
    assert answer["cards"][1]["ids"] == loaded.get("gpt2").encode_ids("नमस्ते")
    assert answer["tokenizers"] == ["o200k_base"]  # the catalog's names only
    assert [c["name"] for c in ask_own("नमस्ते", ["o200k_base"], [])["cards"]] == ["o200k_base"]
    own.forget(key)
    [_, gone] = ask_own("नमस्ते", ["o200k_base"], [key])["cards"]
    assert "no longer kept" in gone["error"]
    many = [f"k{i}" for i in range(MAX_OWN_PER_VISITOR + 1)]
    for bad, message in [("k", "list of keys"), (many, f"at most {MAX_OWN_PER_VISITOR} of")]:
        assert message in ask_own("x", ["gpt2"], bad)["error"]


def ask_own(text: str, names: list[str], keys: object) -> dict:
    import json

    from indictok.app.workbench import tokenize

    return json.loads(tokenize({"text": text, "tokenizers": names, "own": keys}))


@dataclass
class Sized:
    """Enough of a backend for own.py's bounds: its vocabulary and the file it keeps."""

    vocab_size: int = 1000
    data: bytes = b""


@pytest.mark.fast
def test_each_visitor_keeps_eight_and_is_told_which_one_went() -> None:
    from indictok.app import own

    kept = [own.keep(f"t{i}", f"T{i}", Sized(), "ann") for i in range(MAX_OWN_PER_VISITOR)]
    other = own.keep("bob's", "B", Sized(), "bob")
    assert all(k.dropped is None for k in kept) and other.dropped is None
    assert all(own.find(k.key) for k in kept)
    ninth = own.keep("t8", "T8", Sized(), "ann")
    assert ninth.dropped == "t0" and own.find(kept[0].key) is None  # the oldest, even if used
    assert own.find(other.key) is not None  # another visitor's stay
    assert own.dropped_note(ninth) == (
        f" At most {MAX_OWN_PER_VISITOR} of your own tokenizers are kept: your oldest, “t0”, "
        "was dropped."
    )
    own.forget(other.key, visitor="ann")  # only its visitor (or the app) drops it
    assert own.find(other.key) is not None
    for k in [*kept[1:], ninth, other]:
        own.forget(k.key)
    assert own.find(other.key) is None


@pytest.mark.fast
def test_own_tokenizers_are_bounded_app_wide_in_number_and_memory(monkeypatch) -> None:
    from indictok.app import own

    keys = [own.keep(f"t{i}", f"T{i}", Sized(), f"v{i}").key for i in range(MAX_OWN + 3)]
    assert own.find(keys[0]) is None and own.find(keys[2]) is None  # the oldest went first
    assert own.find(keys[-1]) is not None and len(set(keys)) == len(keys)
    monkeypatch.setattr(own, "MAX_OWN_BYTES", 3 * own.footprint(Sized(data=b"x" * 1000)))
    big = [own.keep("big", "B", Sized(data=b"x" * 1000), f"w{i}").key for i in range(4)]
    assert own.find(big[0]) is None and all(own.find(k) for k in big[1:])  # 3 fit
    now = own.time.monotonic()
    monkeypatch.setattr(own.time, "monotonic", lambda: now + own.IDLE_SECONDS + 1)
    assert own.find(keys[-1]) is None and own.find(big[-1]) is None


def test_an_uploaded_tokenizer_is_graded_and_joins_only_its_visitors_cards(
    tmp_path, tiny_tokenizer
) -> None:
    from indictok.app import own, uploads

    path = tiny_tokenizer.save(tmp_path / "tiny.model")
    refused, _ = uploads.grade_and_keep(str(path), "auto", "नमस्ते", "", "visitor")
    assert refused == {"error": "tiny.model: that is not a file you uploaded"}
    uploads.bind({str(path)})  # as Gradio's /upload records it
    report, key = uploads.grade_and_keep(str(path), "auto", "नमस्ते", "", "visitor")
    assert report["vocab_size"] == 400 and report["pasted_text"]["tokens"] > 0
    assert path.exists()  # read, never removed: another visitor may have uploaded it too
    assert "added to the comparison" in report["card"] and key
    [_, card] = ask_own("नमस्ते दुनिया", ["o200k_base"], [key])["cards"]
    assert card["name"] == "uploaded: tiny.model"
    assert card["ids"] == tiny_tokenizer.encode_ordinary("नमस्ते दुनिया")
    assert [c["name"] for c in ask_own("नमस्ते", ["o200k_base"], [])["cards"]] == ["o200k_base"]
    html = grade_tab.as_html(report)
    assert "FAIL: tiny.model" in html and "Hindi stress strings" in html
    piece = tiny_tokenizer.id_to_bytes[300]
    assert f"<td>{piece.hex(' ').upper()}</td>" in uploads.lookup_html(key, "300")
    assert "ids are whole numbers from 0 to 399" in uploads.lookup_html(key, "400")
    assert "Grade a tokenizer file first" in uploads.lookup_html("", "300")
    own.forget(key)


def test_uploaded_file_names_are_hostile_text() -> None:
    from indictok.app import uploads

    name = uploads.display_name("/tmp/x/<img src=x onerror=alert(1)>\u202e\x00.json")
    assert name == "<img src=x onerror=alert(1)>.json"
    html = grade_tab.as_html({"error": f"{name}: this is not a file we can read"})
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;.json" in html
    assert uploads.display_name("/tmp/x/" + "a" * 300).endswith("a…")
    refused, _ = uploads.grade_path(None, "x", "visitor")
    assert refused == {"error": "choose a tokenizer file first"}
    bad, _ = uploads.grade_path("/tmp/x.json", "x.json", "visitor", language="xx")
    assert "unknown language 'xx'" in bad["error"]
