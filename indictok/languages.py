"""The languages we train a tokenizer for, and which one a text is written in.

`detect_language(text)` first finds the script with the most letters (Unicode `Script`
property), then, for a script that several of our languages share (Devanagari: Hindi,
Marathi, Nepali), asks a small naive-Bayes language identifier over character trigrams and
whole words, trained on the same training files (`python -m indictok train-lid`).

Mixed-script text goes to the script with the most letters; text with no letters of an
Indian script (English, digits, emoji) or in a script we have no tokenizer for (Odia) gives
None, and the app keeps the visitor's current choice.

If tokenizers_store/language_id.json is missing, damaged or altered (checked against the
store's SHA256SUMS), detection falls back to the script alone (Devanagari -> Hindi) and
`identifier_problem()` says why, for the app to show; the file is read once per process.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from . import checksums
from .language_list import DEFAULT_LANGUAGE, LANGUAGES, Language  # noqa: F401 (public here too)

SCRIPTS = (
    "Devanagari",
    "Bengali",
    "Gurmukhi",
    "Gujarati",
    "Oriya",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Arabic",
)
_SCRIPT_LETTERS = {s: regex.compile(rf"\p{{Script={s}}}") for s in SCRIPTS}
SCRIPT_SAMPLE = 20_000
LID_FILE = "language_id.json"
LID_CHARS = 3_000  # the identifier reads this much of the text; enough for a verdict
LID_TRIGRAMS = 5_000  # most frequent trigrams and words kept per language
LID_WORDS = 10_000
LID_UNSEEN = 1e-6  # probability of a trigram or word a language's list does not have
_WORD = regex.compile(r"[\p{L}\p{M}\u200c\u200d]+")


def script_counts(text: str) -> Counter[str]:
    """How many characters of each Indian script (and Arabic) the text's first
    SCRIPT_SAMPLE characters have (a huge paste is judged by its beginning)."""
    sample = text[:SCRIPT_SAMPLE]
    counts = Counter({s: len(p.findall(sample)) for s, p in _SCRIPT_LETTERS.items()})
    return +counts  # drop zeros


def detect_script(text: str) -> str | None:
    """The script with the most characters in `text`, or None if it has none of ours."""
    counts = script_counts(text)
    return max(counts, key=counts.__getitem__) if counts else None


def detect_language(text: str) -> str | None:
    """The language code of our tokenizer that fits `text` best, or None (see module doc)."""
    script = detect_script(text)
    candidates = [lang.code for lang in LANGUAGES.values() if lang.script == script]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    model = identifier()
    if model is None:  # script only: the first (largest) language; identifier_problem() says why
        return candidates[0]
    # text in other scripts is unseen by every candidate, so it does not sway the vote
    return model.best(text[:LID_CHARS], candidates)


# ---------------------------------------------------------------------------------------
# The naive-Bayes identifier for languages that share a script


def trigrams(text: str) -> list[str]:
    padded = f" {text} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass
class LanguageIdentifier:
    """log P(text | language) = Σ log P(trigram) + Σ log P(word), each from its own list."""

    trigram_logp: dict[str, dict[str, float]]
    word_logp: dict[str, dict[str, float]]

    @classmethod
    def from_counts(cls, counts: dict[str, dict[str, dict[str, int]]]) -> LanguageIdentifier:
        def logp(table: dict[str, int]) -> dict[str, float]:
            total = sum(table.values())
            return {key: math.log(n / total) for key, n in table.items()}

        return cls(
            {lang: logp(c["trigrams"]) for lang, c in counts.items()},
            {lang: logp(c["words"]) for lang, c in counts.items()},
        )

    def score(self, text: str, lang: str) -> float:
        unseen = math.log(LID_UNSEEN)
        tri, word = self.trigram_logp[lang], self.word_logp[lang]
        return sum(tri.get(g, unseen) for g in trigrams(text)) + sum(
            word.get(w, unseen) for w in words(text)
        )

    def best(self, text: str, candidates: list[str]) -> str:
        return max(candidates, key=lambda lang: self.score(text, lang))


def count_features(lines: list[str]) -> dict[str, dict[str, int]]:
    """The most frequent trigrams and words of one language's training lines."""
    tri: Counter[str] = Counter()
    word: Counter[str] = Counter()
    for line in lines:
        tri.update(trigrams(line))
        word.update(words(line))
    return {
        "trigrams": dict(tri.most_common(LID_TRIGRAMS)),
        "words": dict(word.most_common(LID_WORDS)),
    }


def save_identifier(counts: dict[str, dict[str, dict[str, int]]], path: Path) -> None:
    payload = {"format": "indictok-lid v1", "languages": counts}
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")


# The languages that share a script with another of ours: the identifier must know them all.
SHARED_SCRIPT = tuple(
    code
    for code, lang in LANGUAGES.items()
    if sum(other.script == lang.script for other in LANGUAGES.values()) > 1
)
LID_FORMAT = "indictok-lid v1"


def parse_identifier(data: bytes, shown: str) -> LanguageIdentifier:
    """A language-id file's bytes -> the identifier; ValueError naming the file (`shown`)
    and what is wrong with it."""
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ValueError(f"{shown} is not valid JSON ({e})") from None
    if not isinstance(payload, dict) or payload.get("format") != LID_FORMAT:
        raise ValueError(f"{shown} is not an {LID_FORMAT!r} language-id file")
    counts = payload.get("languages")
    counts = counts if isinstance(counts, dict) else {}
    for code in SHARED_SCRIPT:
        entry = counts.get(code)
        tables = [entry.get(k) for k in ("trigrams", "words")] if isinstance(entry, dict) else []
        if len(tables) != 2 or not all(_counts_ok(table) for table in tables):
            raise ValueError(f"{shown} has no trigram and word counts for {LANGUAGES[code].name}")
    return LanguageIdentifier.from_counts({code: counts[code] for code in SHARED_SCRIPT})


def _counts_ok(table: object) -> bool:
    """A non-empty {str: positive int} table."""
    return (
        bool(table)
        and isinstance(table, dict)
        and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in table.values())
    )


def load_identifier(store: Path | None = None) -> tuple[LanguageIdentifier | None, str | None]:
    """(the identifier in `store`/language_id.json, None), or (None, why it is unusable)."""
    try:
        data = checksums.verify(LID_FILE, store)
        return parse_identifier(data, checksums.shown(LID_FILE, store)), None
    except (OSError, ValueError) as e:
        restore = (
            f"{checksums.restore_command(LID_FILE)} (or retrain: python -m indictok train-lid)"
        )
        names = ", ".join(LANGUAGES[code].name for code in SHARED_SCRIPT)
        return None, (
            f"{names} cannot be told apart: {e}. Text in a shared script is taken as "
            f"{LANGUAGES[SHARED_SCRIPT[0]].name}; choose the language by hand. "
            f"Restore the file with: {restore}"
        )


_identifier: tuple[LanguageIdentifier | None, str | None] | None = None
_lock = threading.Lock()


def identifier() -> LanguageIdentifier | None:
    """The identifier from the store, read once per process (a damaged file too: it is not
    re-read on every request); None if unusable, and identifier_problem() says why."""
    global _identifier
    with _lock:
        if _identifier is None:
            _identifier = load_identifier()
        return _identifier[0]


def identifier_problem() -> str | None:
    """Why language identification is off (a message for the page), or None if it works."""
    identifier()
    return _identifier[1] if _identifier else None
