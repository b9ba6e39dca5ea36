"""Every major Indian language: the split pattern per script, one tokenizer per language,
script and language detection, and swapping tokenizers for a text's language."""

import re

import pytest

from indictok import catalog, loaded, paths
from indictok.languages import LANGUAGES, detect_language, detect_script
from indictok.pretokenize import normalize, split
from indictok.tools import corpus

# Words written for these tests; each must stay one chunk (with its leading space).
WHOLE_WORDS = {
    "Bengali khanda ta": "উৎসব",
    "Bengali ya-phala": "ব্যবহার",
    "Bengali reph + ya-phala": "কার্য্য",
    "Assamese ra/wa": "অসমীয়া",
    "Gurmukhi addak": "ਮੁੱਖ",
    "Gurmukhi tippi": "ਪੰਜਾਬ",
    "Gurmukhi bindi + subjoined ha": "ਕੱਲ੍ਹ",
    "Gujarati conjunct": "ગુજરાતી",
    "Odia nukta": "ଓଡ଼ିଆ",
    "Tamil pulli": "தமிழ்நாட்டின்",
    "Tamil two-part vowel sign": "கொண்டு",
    "Telugu two-part vowel sign": "కొత్త",
    "Telugu ZWNJ before a suffix": "హైదరాబాద్\u200cలో",
    "Kannada two-part vowel sign": "ಕೊಡು",
    "Kannada vowel sign + length mark": "ಕೋಟಿ",
    "Malayalam atomic chillu": "അവൾ",
    "Malayalam chillu with ZWJ (older text)": "അവള്\u200d",
    "Urdu ZWNJ inside a word": "نہیں\u200cتو",
    "Urdu with diacritics": "اُردُو",
    "Nepali eyelash ra (ZWJ)": "पर्\u200dयो",
    "Marathi eyelash ra": "दर्\u200dया",
    "Devanagari nukta + visarga": "फ़ि॑रः",
}


@pytest.mark.fast
@pytest.mark.parametrize("word", WHOLE_WORDS.values(), ids=WHOLE_WORDS.keys())
def test_a_word_of_every_script_stays_one_chunk(word: str) -> None:
    text = normalize(f"{word} {word}")
    assert split(text) == [normalize(word), " " + normalize(word)]


SPLITS = {
    "Urdu full stop and comma": (
        "بارش ہوئی، اسکول بند۔",
        ["بارش", " ہوئی", "،", " اسکول", " بند", "۔"],
    ),
    "Arabic-Indic digits": ("کل ۱۲۳۴ بجے", ["کل", " ۱۲۳", "۴", " بجے"]),
    "Bengali danda and digits": ("বাংলা ১২৩।", ["বাংলা", " ১২৩", "।"]),
    "Tamil and Latin mixed": ("தமிழ்Tamil", ["தமிழ்", "Tamil"]),
    "Gurmukhi danda": ("ਪੰਜਾਬੀ ਹੈ।", ["ਪੰਜਾਬੀ", " ਹੈ", "।"]),
}


@pytest.mark.fast
@pytest.mark.parametrize(("text", "chunks"), SPLITS.values(), ids=SPLITS.keys())
def test_punctuation_digits_and_latin_split_off(text: str, chunks: list[str]) -> None:
    assert split(normalize(text)) == chunks


def flores(lang: str) -> list[str]:
    return corpus.read_lines(corpus.eval_file("flores200_devtest", lang))


@pytest.mark.corpus
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_a_small_tokenizer_that_beats_gpt2_and_cl100k(lang: str) -> None:
    ours = loaded.get(f"indic-bpe-{lang}")
    assert ours.vocab_size < 5000
    lines = flores(lang)
    words = sum(len(line.split()) for line in lines)

    def tokens_per_word(name: str) -> float:
        backend = loaded.get(name)
        return sum(len(backend.encode_ids(line)) for line in lines) / words

    mine = tokens_per_word(f"indic-bpe-{lang}")
    assert mine < tokens_per_word("cl100k_base")
    assert mine < tokens_per_word("gpt2")


@pytest.mark.corpus
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_flores_line_is_detected_as_its_language(lang: str) -> None:
    wrong = [line for line in flores(lang) if detect_language(line) != lang]
    assert wrong == []


@pytest.mark.store
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, world! 123 🙂", None),  # no Indian script: keep the current choice
        ("", None),
        ("ଓଡ଼ିଆ ଭାଷା", None),  # Odia: no tokenizer of ours
        ("मैं Hindi में बात करता हूँ, you know", "hi"),  # Latin does not count
        ("This sentence is English with one Tamil word: தமிழ்", "ta"),
        ("বাংলা ভাষা and हिंदी", "bn"),  # more Bengali letters than Devanagari
        ("মই অসমীয়া ভাষা কওঁ", "bn"),  # Assamese shares the Bengali script
    ],
)
def test_mixed_and_foreign_text_falls_back_as_documented(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.fast
def test_script_detection_uses_the_unicode_script_property() -> None:
    assert detect_script("ਪੰਜਾਬੀ") == "Gurmukhi"
    assert detect_script("اردو") == "Arabic"
    assert detect_script("१२३") == "Devanagari"  # Devanagari digits count for their script


@pytest.mark.store
def test_tokenizers_swap_for_the_text_language() -> None:
    names = ["indic-bpe-hi", "gpt2", "o200k_base", "llama-3", "spm-unigram-hi"]
    assert catalog.for_language(names, "ta") == [
        "indic-bpe-ta",
        "gpt2",
        "o200k_base",
        "llama-3",
        "spm-bpe-ta",
    ]  # spm-unigram-hi has no Tamil twin: the Tamil SentencePiece BPE
    defaults = catalog.for_language(list(catalog.DEFAULT_NAMES), "ta")
    assert defaults == ["indic-bpe-ta", *catalog.DEFAULT_NAMES[1:]]  # the open models stay
    assert catalog.for_language(["indic-bpe-ta", "spm-bpe-ta"], "hi") == [
        "indic-bpe-hi",
        "spm-bpe-hi",
    ]
    assert catalog.for_language(["gpt2", "nonsense"], "ur") == ["gpt2", "nonsense"]


@pytest.mark.store
def test_the_app_switches_to_the_detected_language() -> None:
    import json

    from indictok.app.workbench import tokenize

    tamil = (paths.ASSETS_DIR / "examples" / "tamil.txt").read_text().strip()
    names = list(catalog.DEFAULT_NAMES)
    answer = json.loads(tokenize({"text": tamil, "tokenizers": names, "language": "auto"}))
    assert answer["tokenizers"][0] == "indic-bpe-ta"
    assert [c["name"] for c in answer["cards"]] == answer["tokenizers"]
    assert answer["language_note"] == "Tamil (detected)"
    chosen = json.loads(
        tokenize({"text": tamil, "tokenizers": ["indic-bpe-ta", "gpt2"], "language": "hi"})
    )
    assert chosen["tokenizers"] == ["indic-bpe-hi", "gpt2"]
    assert chosen["language_note"] == "Hindi (chosen)"
    kept = json.loads(tokenize({"text": "plain English", "tokenizers": ["indic-bpe-ta", "gpt2"]}))
    assert kept["tokenizers"] == ["indic-bpe-ta", "gpt2"]
    assert kept["language_note"] == "Tamil (no Indian script detected; kept)"


@pytest.mark.app
def test_the_leaderboard_file_covers_every_language_and_the_app_reads_it() -> None:
    import csv

    from indictok.app import board
    from indictok.tools import leaderboard

    with leaderboard.CSV_PATH.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ours = {r["language"]: r for r in rows if r["tokenizer"].startswith("indic-bpe-")}
    assert set(ours) == {lang.name for lang in LANGUAGES.values()}
    assert all(int(r["vocab"]) < 5000 and r["round_trip"] == "True" for r in ours.values())
    open_models = {spec.name for spec in catalog.LLMS}
    for language in ours:  # every open model measured in every language
        assert open_models <= {r["tokenizer"] for r in rows if r["language"] == language}
    shown = board.read_board()
    assert len(board.table_rows(shown)) == len(rows)
    tamil_first = board.table_rows(shown, "Tamil")  # the page's language first, file order kept
    assert [r[0] for r in tamil_first[:11]] == ["Tamil"] * 11 and tamil_first[11][0] == "Hindi"
    assert tamil_first[0][1:3] == ["indic-bpe-ta", "4,999"]  # the page's number format
    assert all(
        re.fullmatch(r"\d+\.\d\d", r[4]) and re.fullmatch(r"\d+\.\d{3}", r[3]) for r in tamil_first
    )
    assert board.languages(shown) == [lang.name for lang in LANGUAGES.values()]
    bars = board.tax_bars_html(shown, "Tamil")
    tamil = {r["tokenizer"]: r for r in shown if r["language"] == "Tamil"}
    assert bars.count("<figure") == 1 and bars.count('class="itl-barrow') == len(tamil) == 11
    assert bars.count("itl-ours") == 1 and "indic-bpe-ta (ours)" in bars
    values = [float(v) for v in re.findall(r'itl-barvalue">([0-9.]+)×', bars)]
    assert values == sorted(values) and values[-1] == 15.53  # gpt2, the highest tax
    assert values[:2] == [1.38, 1.4]  # SentencePiece BPE and ours: ÷ o200k_base's English
    assert board.tax(tamil["spm-bpe-ta"]) == float(tamil["spm-bpe-ta"]["premium_vs_o200k_english"])
    assert board.tax(tamil["indic-bpe-ta"]) == float(
        tamil["indic-bpe-ta"]["premium_vs_o200k_english"]
    )
    assert board.tax(tamil["llama-3"]) == float(tamil["llama-3"]["premium"])


@pytest.mark.fast
def test_leaderboard_verdicts_say_where_ours_beats_and_trails() -> None:
    from indictok.tools.leaderboard import Entry, verdicts

    def entry(name: str, tpw: float) -> Entry:
        return Entry(
            language="Tamil",
            tokenizer=name,
            vocab=4999,
            tokens=100,
            tokens_per_word=tpw,
            bytes_per_token=9.0,
            chars_per_token=3.0,
            premium=1.0,
            premium_vs_o200k_english=1.0,
            round_trip=True,
        )

    lines = verdicts(
        [entry("indic-bpe-ta", 2.0), entry("o200k_base", 3.0), entry("spm-bpe-ta", 1.9)]
    )
    assert lines == ["- **Tamil**: ours 2.000 tokens/word; beats o200k_base; trails spm-bpe-ta"]


@pytest.mark.fast
def test_leaderboard_shows_published_bloom_and_muril_beside_ours_with_the_gap() -> None:
    from indictok.tools.leaderboard import PUBLISHED, PUBLISHED_SOURCE, Entry, references

    assert set(PUBLISHED) == {lang.name for lang in LANGUAGES.values()}
    ours = Entry(
        language="Tamil",
        tokenizer="indic-bpe-ta",
        vocab=4999,
        tokens=100,
        tokens_per_word=2.25,
        bytes_per_token=9.0,
        chars_per_token=3.0,
        premium=1.0,
        premium_vs_o200k_english=1.0,
        round_trip=True,
    )
    other = Entry(**{**vars(ours), "tokenizer": "o200k_base", "tokens_per_word": 3.0})
    table = references([ours, other])
    assert PUBLISHED_SOURCE in table
    assert table.splitlines()[-1] == "| Tamil | 2.250 | 2.060 | 1.732 | +0.190 |"
