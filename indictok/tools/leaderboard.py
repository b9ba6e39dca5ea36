"""The leaderboard and the token tax: every language's tokenizer against OpenAI's encodings,
the open models' tokenizers (Llama, Qwen, DeepSeek, Mistral) and SentencePiece trained on
the same text at the same size, on FLORES-200 devtest. The token tax of a tokenizer in a
language is its tokens for the language's sentences ÷ its tokens for the English originals
of the same sentences (ours, trained on no English: ÷ o200k_base's English tokens).

`python -m indictok leaderboard --write-docs` measures it, writes `assets/leaderboard.csv`
(the app's Token tax tab) and rewrites the leaderboard and token-tax blocks of
docs/leaderboard.md and the README's headline token-tax block.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import catalog, loaded
from ..languages import LANGUAGES
from ..metrics import measure_lines
from ..paths import LEADERBOARD_CSV
from . import corpus
from .report import english_tokens

COMMAND = "python -m indictok leaderboard --write-docs"
CSV_PATH = LEADERBOARD_CSV


@dataclass(kw_only=True)
class Entry:
    language: str
    tokenizer: str
    vocab: int
    tokens: int
    tokens_per_word: float
    bytes_per_token: float
    chars_per_token: float
    premium: float  # tokens ÷ the same tokenizer's tokens for the English original
    premium_vs_o200k_english: float  # tokens ÷ o200k_base's tokens for the English original
    round_trip: bool


def measure(lang: str) -> list[Entry]:
    lines = corpus.read_lines(corpus.eval_file("flores200_devtest", lang))
    entries = []
    for name in catalog.for_leaderboard(lang):
        total, ok = measure_lines(loaded.get(name), lines)
        english = english_tokens(name)
        entry = Entry(
            language=LANGUAGES[lang].name,
            tokenizer=name,
            vocab=loaded.get(name).vocab_size,
            tokens=total.tokens,
            tokens_per_word=round(total.tokens_per_word, 3),
            bytes_per_token=round(total.bytes_per_token, 2),
            chars_per_token=round(total.chars_per_token, 3),
            premium=round(total.tokens / english, 2),
            premium_vs_o200k_english=round(total.tokens / english_tokens("o200k_base"), 2),
            round_trip=ok,
        )
        entries.append(entry)
    return entries


def build(langs: list[str] | None = None) -> list[Entry]:
    from tqdm import tqdm

    entries: list[Entry] = []
    for lang in tqdm(langs or list(LANGUAGES), desc="leaderboard", unit="language"):
        entries.extend(measure(lang))
    return entries


def write_csv(entries: list[Entry], path: Path = CSV_PATH) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(asdict(entries[0])))
        writer.writeheader()
        writer.writerows(asdict(e) for e in entries)


def verdicts(entries: list[Entry]) -> list[str]:
    """Per language: where ours beats or trails each other tokenizer on tokens/word."""
    lines = []
    for language in dict.fromkeys(e.language for e in entries):
        rows = [e for e in entries if e.language == language]
        ours = next(e for e in rows if catalog.SPECS[e.tokenizer].ours)
        others = [e for e in rows if e is not ours]
        beats = [e.tokenizer for e in others if ours.tokens_per_word < e.tokens_per_word]
        trails = [e.tokenizer for e in others if e.tokenizer not in beats]
        line = f"- **{language}**: ours {ours.tokens_per_word:.3f} tokens/word; beats "
        line += ", ".join(beats) or "none"
        line += "; trails " + (", ".join(trails) if trails else "none")
        lines.append(line)
    return lines


# Published tokens/word on FLORES-200 devtest of two large multilingual vocabularies, for
# reference only (not measured here): Petrov et al. 2023, "Language Model Tokenizers Introduce
# Unfairness Between Languages" (NeurIPS), FLORES-200 token counts divided by the whitespace words
# of our FLORES files (their cl100k_base and gpt2 give 5.04 and 7.80 on Hindi this way,
# ours measure 5.05 and 7.83). Language name -> (BLOOM 250k, MuRIL 197k).
PUBLISHED_SOURCE = "Petrov et al. 2023 (NeurIPS), FLORES-200 tokens ÷ whitespace words"
PUBLISHED = {
    "Hindi": (1.359, 1.248),
    "Marathi": (1.735, 1.536),
    "Nepali": (1.700, 1.489),
    "Bengali": (1.621, 1.427),
    "Gujarati": (1.749, 1.563),
    "Punjabi": (1.512, 1.441),
    "Tamil": (2.060, 1.732),
    "Telugu": (2.126, 1.957),
    "Kannada": (2.206, 1.820),
    "Malayalam": (2.497, 2.168),
    "Urdu": (1.329, 1.252),
}


def references(entries: list[Entry]) -> str:
    """Ours beside the published BLOOM and MuRIL figures, with the gap to BLOOM."""
    rows = [
        f"Published reference figures ({PUBLISHED_SOURCE}; not measured by this repo):",
        "",
        (
            "| language | ours (4,999) | BLOOM 250k (published) | MuRIL 197k (published) "
            "| gap to BLOOM (ours − BLOOM) |"
        ),
        "|---|---:|---:|---:|---:|",
    ]
    for e in entries:
        if catalog.SPECS[e.tokenizer].ours and e.language in PUBLISHED:
            bloom, muril = PUBLISHED[e.language]
            gap = e.tokens_per_word - bloom
            rows.append(
                f"| {e.language} | {e.tokens_per_word:.3f} | {bloom:.3f} | {muril:.3f} "
                f"| {gap:+.3f} |"
            )
    return "\n".join(rows)


def markdown(entries: list[Entry]) -> str:
    rows = [
        (
            "| language | tokenizer | vocab | tokens/word | bytes/token | chars/token "
            "| premium (own English) | premium (vs o200k English) | round trip |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for e in entries:
        rows.append(
            f"| {e.language} | {e.tokenizer} | {e.vocab:,} | {e.tokens_per_word:.3f} "
            f"| {e.bytes_per_token:.2f} | {e.chars_per_token:.3f} | {e.premium:.2f} "
            f"| {e.premium_vs_o200k_english:.2f} | {'exact' if e.round_trip else 'lossy'} |"
        )
    return "\n".join([*rows, "", *verdicts(entries), "", references(entries), "", chart(entries)])


def tax(entry: Entry) -> float:
    """The token tax: tokens ÷ the same tokenizer's English tokens; a one-language
    tokenizer's (ours, SentencePiece on our corpus: no English) ÷ o200k_base's."""
    one_language = bool(catalog.SPECS[entry.tokenizer].lang)
    return entry.premium_vs_o200k_english if one_language else entry.premium


def tax_matrix(entries: list[Entry]) -> str:
    """Every tokenizer × every language: the token tax (lower is fairer), ours in one row."""
    languages = list(dict.fromkeys(e.language for e in entries))
    by_row: dict[str, dict[str, float]] = {}
    for e in entries:
        row = "ours (5k, per language)" if catalog.SPECS[e.tokenizer].ours else e.tokenizer
        if catalog.SPECS[e.tokenizer].lang and not catalog.SPECS[e.tokenizer].ours:
            continue  # SentencePiece trained on our corpus: in the leaderboard, not here
        by_row.setdefault(row, {})[e.language] = tax(e)
    rows = [
        "| tokenizer | " + " | ".join(languages) + " |",
        "|---|" + "---:|" * len(languages),
    ]
    order = sorted(by_row, key=lambda r: sum(by_row[r].values()) / len(by_row[r]))
    for row in order:
        cells = " | ".join(
            f"{by_row[row][lang]:.2f}" if lang in by_row[row] else "—" for lang in languages
        )
        rows.append(f"| {row} | {cells} |")
    return "\n".join(rows)


def chart(entries: list[Entry], width: int = 40) -> str:
    """Tokens/word as text bars, one block per language (shorter is better)."""
    top = max(e.tokens_per_word for e in entries)
    lines = ["```text", "tokens per word on FLORES-200 devtest (shorter is better)"]
    for language in dict.fromkeys(e.language for e in entries):
        lines.append(language)
        for e in (e for e in entries if e.language == language):
            bar = "█" * max(1, round(e.tokens_per_word / top * width))
            lines.append(f"  {e.tokenizer:<16} {bar} {e.tokens_per_word:.2f}")
    return "\n".join([*lines, "```"])
