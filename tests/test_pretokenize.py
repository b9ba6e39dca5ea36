"""Each rule of the Indic split pattern, with the example the pattern's comment gives."""

import pytest
import regex

from indictok.pretokenize import (
    GPT4_SPLIT_PATTERN,
    INDIC_SPLIT_PATTERN,
    normalize,
    split,
)

ZWJ, ZWNJ = "\u200d", "\u200c"

CASES = {
    "vowel signs and virama stay in the word": ("नमस्ते दुनिया", ["नमस्ते", " दुनिया"]),
    "nukta, anusvara and chandrabindu": ("ज़िंदगी हँसी", ["ज़िंदगी", " हँसी"]),
    "visarga": ("दुःख", ["दुःख"]),
    "ZWJ inside a conjunct": (f"क्{ZWJ}ष", [f"क्{ZWJ}ष"]),
    "ZWNJ inside a word": (f"क्{ZWNJ}ष और", [f"क्{ZWNJ}ष", " और"]),
    "danda is its own chunk": ("यह है। वह", ["यह", " है", "।", " वह"]),
    "double danda takes the newline": ("था॥\nनया", ["था", "॥\n", "नया"]),
    "Latin word mixed into Hindi": ("मैं Hindiमें", ["मैं", " Hindi", "में"]),
    "English contraction stays whole": ("don't बोलो", ["don't", " बोलो"]),
    "ASCII digits in threes": ("2024", ["202", "4"]),
    "Indian grouping splits at commas": ("1,00,000", ["1", ",", "00", ",", "000"]),
    "Devanagari digits": ("१२३४", ["१२३", "४"]),
    "URL": ("https://x.in/a", ["https", "://", "x", ".", "in", "/", "a"]),
    "e-mail": ("a.b@mail.in", ["a", ".", "b", "@", "mail", ".", "in"]),
    "emoji ZWJ sequence and skin tone": ("हम 👩‍💻👍🏽!", ["हम", " 👩‍💻👍🏽!"]),
    "spaces: the last one goes with the next word": ("एक   दो", ["एक", "  ", " दो"]),
    "newlines": ("एक\n\nदो", ["एक", "\n\n", "दो"]),
    "other Indic scripts": ("ক্ষমা தமிழ் ന്‍", ["ক্ষমা", " தமிழ்", " ന്‍"]),
    "Urdu with ZWNJ": (f"پاکستان{ZWNJ}ی زبان", [f"پاکستان{ZWNJ}ی", " زبان"]),
}


@pytest.mark.fast
@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_split_rule(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.fast
def test_gpt4_pattern_breaks_hindi_words_and_ours_does_not() -> None:
    assert len(regex.findall(GPT4_SPLIT_PATTERN, "नमस्ते")) > 1
    assert split("नमस्ते") == ["नमस्ते"]


@pytest.mark.fast
@pytest.mark.parametrize("text", ["", " ", "a\u0000b", "\t\r\n", "x" * 1000, "््््"])
def test_split_loses_nothing(text: str) -> None:
    assert "".join(split(text)) == text


@pytest.mark.fast
def test_normalize_is_nfc_and_decomposes_precomposed_nukta_letters() -> None:
    assert normalize("\u0958") == "\u0915\u093c"  # क़ is a composition exclusion
    assert normalize("e\u0301") == "\u00e9"


@pytest.mark.fast
def test_pattern_compiles_in_tiktoken_and_hf_engines() -> None:
    import tiktoken
    import tokenizers

    enc = tiktoken.Encoding(
        "p",
        pat_str=INDIC_SPLIT_PATTERN,
        mergeable_ranks={bytes([i]): i for i in range(256)},
        special_tokens={},
    )
    text = "नमस्ते Hindiमें 1,00,000 👩‍💻।\n"
    assert enc.decode(enc.encode_ordinary(text)) == text
    splitter = tokenizers.pre_tokenizers.Split(tokenizers.Regex(INDIC_SPLIT_PATTERN), "isolated")
    assert [p for p, _ in splitter.pre_tokenize_str(text)] == split(text)
