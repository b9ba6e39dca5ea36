"""HTML safety and the rendered shape, without a browser."""

import pytest

from indictok import render
from indictok.analysis import InputError, analyse
from indictok.permalink import AppState, from_query, pack_text, to_query, unpack_text

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${1+1}",
    "{{7*7}}",
    "</div></section>",
    '" onmouseover="alert(1)',
    "`backtick` \\u12 C:\\new",
    "&lt;already escaped&gt;",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("view", ["characters", "tokens"])
def test_user_text_is_escaped_in_every_view(text: str, view: str) -> None:
    results = analyse(text, ["indic-bpe-hi", "gpt2", "spm-bpe-hi", "mistral-7b"])
    html = render.render_cards(results, view, show_whitespace=False)
    for raw in ("<img", "<script", "${", "{{", "</div></section>", '" onmouseover', "`"):
        if raw in text:
            assert raw not in html
    assert "\\" not in html  # backslashes become &#92; so no template escape survives


def test_escape_neutralises_template_characters() -> None:
    assert render.escape("${x} `y` \\n {{z}}") == "&#36;&#123;x} &#96;y&#96; &#92;n &#123;&#123;z}}"


def test_control_characters_are_shown_not_swallowed() -> None:
    assert "␀" in render.visible("a\x00b", show_whitespace=False)
    assert "⟨ZWJ⟩" in render.visible("क्\u200dष", show_whitespace=True)
    assert render.visible("a b", show_whitespace=False) == "a b"


def test_characters_view_marks_a_character_several_tokens_share() -> None:
    [result] = analyse("रें", ["gpt2"])
    html = render.render_characters(result, show_whitespace=False)
    assert html.count('class="itl-seg multi') == 1


def test_tokens_view_labels_partial_bytes_with_hex() -> None:
    [result] = analyse("रें", ["gpt2"])
    html = render.render_tokens(result, show_whitespace=False)
    assert "itl-tok partial" in html
    assert "itl-hex" in html and "E0" in html
    assert "\ufffd" not in html


def test_huge_text_renders_a_capped_view_but_counts_everything() -> None:
    text = "भारत एक विशाल देश है। " * 2000
    [result] = analyse(text, ["gpt2"])
    html = render.render_card(result, "tokens", False)
    assert html.count("itl-tok ") == render.RENDER_TOKEN_LIMIT
    assert f"{result.stats.tokens:,} tokens" in html


def test_input_limits_have_clear_messages() -> None:
    with pytest.raises(InputError, match="limit is 100,000"):
        analyse("a" * 100_001, ["gpt2"])
    with pytest.raises(InputError, match="unpaired surrogate"):
        analyse("\ud800", ["gpt2"])
    with pytest.raises(InputError, match="unknown tokenizer"):
        analyse("a", ["nope"])


def test_permalink_round_trip() -> None:
    from urllib.parse import unquote

    for state in [
        AppState("नमस्ते <b>&</b>", ["gpt2", "indic-bpe-hi"], "tokens", True, True),
        AppState("தமிழ்", ["indic-bpe-ta", "spm-bpe-ta"], "characters", False, False, "ta"),
    ]:
        params = dict(p.split("=", 1) for p in to_query(state).split("&"))
        restored, problem = from_query({k: unquote(v) for k, v in params.items()})
        assert restored == state and problem == ""
    assert from_query({"l": "xx"})[0].language == "auto"  # unknown language: auto-detect


def test_damaged_or_oversized_links_are_reported() -> None:
    state, problem = from_query({"t": "!!!not-base64", "k": "nope"})
    assert "damaged" in problem and "no known tokenizer" in problem
    assert state.text == ""
    with pytest.raises(ValueError, match="larger than"):
        unpack_text(pack_text("a" * 500_000))
