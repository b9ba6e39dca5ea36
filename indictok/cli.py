"""Command line: train, encode, decode, eval. Run `python -m indictok --help`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import corpus, registry
from .export import write_tiktoken_ranks, write_vocab
from .languages import LANGUAGES, LID_FILE, count_features, save_identifier
from .metrics import Stats
from .report import lines_stats
from .store_readme import write_store_readme
from .tokenizer import IndicBPETokenizer
from .training import DEFAULT_VOCAB_SIZE, Recipe, train_with, training_lines
from .transformers_folder import write_transformers_folder


def train_ours(lang: str, recipe: Recipe, out_dir: Path) -> IndicBPETokenizer:
    from tqdm import tqdm

    lines = training_lines(lang, recipe)
    dropped = len(corpus.read_training_lines(corpus.train_file(lang))) - len(lines)
    print(f"train/{lang}.txt: training on {len(lines):,} lines ({dropped:,} dropped by cleaning)")
    started = time.perf_counter()
    with tqdm(total=recipe.vocab_size - 257, desc=f"merges ({lang})", unit="merge") as bar:
        tokenizer = train_with(lang, recipe, lines, on_merge=lambda n: bar.update(n - bar.n))
    seconds = time.perf_counter() - started
    stem = out_dir / f"indic_bpe_{lang}"
    tokenizer.save(stem.with_suffix(".model"))
    write_vocab(tokenizer, stem.with_suffix(".vocab"))
    write_tiktoken_ranks(tokenizer, stem.with_suffix(".tiktoken"))
    write_transformers_folder(tokenizer, corpus.transformers_dir(lang, out_dir))
    print(f"trained {tokenizer.name}: vocab {tokenizer.vocab_size} in {seconds:.1f} s -> {stem}.*")
    return tokenizer


def train_sentencepiece(lang: str, vocab_size: int, kind: str, out_dir: Path) -> Path:
    """SentencePiece with its default settings, same corpus and vocabulary size as ours."""
    import sentencepiece

    model_type = kind.removeprefix("spm-")
    prefix = out_dir / "sentencepiece" / f"spm_{model_type}_{lang}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus.train_file(lang)),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        num_threads=2,
        minloglevel=2,
    )
    prefix.with_suffix(".vocab").unlink(missing_ok=True)
    print(f"trained {prefix.name}.model ({model_type}, vocab {vocab_size})")
    return prefix.with_suffix(".model")


def cmd_train(args: argparse.Namespace) -> None:
    out_dir = Path(args.out_dir)
    langs = list(LANGUAGES) if args.lang == "all" else args.lang.split(",")
    for lang in langs:
        if args.kind == "bpe":
            recipe = Recipe(
                args.vocab_size, args.superword_merges, args.max_words,
                not args.no_punctuation_in_superwords, not args.no_alphabet, args.drop_zwj_lines,
            )  # fmt: skip
            train_ours(lang, recipe, out_dir)
        else:
            train_sentencepiece(lang, args.vocab_size, args.kind, out_dir)
    if out_dir.resolve() == corpus.STORE_DIR.resolve():
        write_store_readme()


def cmd_train_lid(args: argparse.Namespace) -> None:
    """The Hindi/Marathi/Nepali identifier: trigram and word counts of each training file."""
    scripts = [lang.script for lang in LANGUAGES.values()]
    shared = [code for code, lang in LANGUAGES.items() if scripts.count(lang.script) > 1]
    counts = {code: count_features(corpus.read_lines(corpus.train_file(code))) for code in shared}
    path = Path(args.out_dir) / LID_FILE
    save_identifier(counts, path)
    print(f"language identifier for {', '.join(shared)} -> {path}")
    if path.parent.resolve() == corpus.STORE_DIR.resolve():
        write_store_readme()


def cmd_ablation(args: argparse.Namespace) -> None:
    from .ablation import COMMAND, build
    from .report import write_into_readme

    table = build()
    print(table)
    if args.write_readme:
        write_into_readme(table, "ablation", COMMAND)


def cmd_leaderboard(args: argparse.Namespace) -> None:
    from . import leaderboard
    from .report import write_into_readme

    entries = leaderboard.build(args.lang.split(",") if args.lang else None)
    table = leaderboard.markdown(entries)
    print(table)
    if not args.no_write:
        leaderboard.write_csv(entries)
        write_into_readme(table, "leaderboard", leaderboard.COMMAND)


def _read_text(args: argparse.Namespace) -> str:
    return args.text if args.text is not None else sys.stdin.read()


def cmd_encode(args: argparse.Namespace) -> None:
    backend = registry.get(args.tokenizer)
    print(json.dumps(backend.encode_ids(_read_text(args))))


def cmd_decode(args: argparse.Namespace) -> None:
    backend = registry.get(args.tokenizer)
    raw = _read_text(args)
    try:
        ids = json.loads(raw)
    except json.JSONDecodeError:
        ids = raw.replace(",", " ").split()
        ids = [int(i) if i.lstrip("-").isdigit() else i for i in ids]
    if not isinstance(ids, list):
        raise SystemExit("decode expects a list of token ids, e.g. [123, 45] or 123 45")
    sys.stdout.write(backend.decode(ids))


def measure_file(backend: registry.Backend, path: Path) -> tuple[Stats, bool]:
    """Stats over every line of a held-out file, and whether every line round-trips."""
    return lines_stats(backend, corpus.read_lines(path))


EVAL_COLUMNS = "lines words bytes chars graphemes tokens bytes/tok chars/tok tok/word round-trip"


def cmd_eval(args: argparse.Namespace) -> None:
    files = [Path(f) for f in args.files] or corpus.eval_files(args.lang)
    names = args.tokenizers.split(",")
    out = [f"{'file':<28} {'tokenizer':<16} " + " ".join(f"{c:>9}" for c in EVAL_COLUMNS.split())]
    print(out[0])
    for path in files:
        label = f"{path.parent.name}/{path.name}"
        lines = len(corpus.read_lines(path))
        for name in names:
            total, ok = measure_file(registry.get(name), path)
            row = [lines, total.words, total.bytes, total.chars, total.graphemes, total.tokens]
            row_text = " ".join(f"{v:>9}" for v in row)
            ratios = f"{total.bytes_per_token:>9.2f} {total.chars_per_token:>9.3f}"
            ratios += f" {total.tokens_per_word:>9.3f}"
            out.append(f"{label:<28} {name:<16} {row_text} {ratios} {'ok' if ok else 'FAIL':>9}")
            print(out[-1])
    if args.write_readme:
        from .report import write_into_readme

        block = "```\n" + "\n".join(out) + "\n```"
        write_into_readme(block, "eval", "python -m indictok eval --write-readme")


def cmd_report(args: argparse.Namespace) -> None:
    from .report import build_table, write_into_readme

    table = build_table(args.lang)
    print(table)
    if not args.no_write:
        write_into_readme(table)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indictok", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser("train", help="train a tokenizer into tokenizers_store/")
    train.add_argument("--lang", default="hi", help="a language code, a comma list, or 'all'")
    train.add_argument("--vocab-size", type=int, default=DEFAULT_VOCAB_SIZE)
    train.add_argument("--kind", choices=["bpe", "spm-bpe", "spm-unigram"], default="bpe")
    train.add_argument("--out-dir", default=str(corpus.STORE_DIR))
    defaults = Recipe()
    train.add_argument(
        "--superword-merges", type=int, default=defaults.superword_merges,
        help="how many of the last merges may cross spaces between words (0: none)",
    )  # fmt: skip
    train.add_argument("--max-words", type=int, default=defaults.max_words,
                       help="most words one superword token may span")  # fmt: skip
    train.add_argument("--no-punctuation-in-superwords", action="store_true",
                       help="keep a danda, comma, ? ! : ; out of superwords")  # fmt: skip
    train.add_argument("--no-alphabet", action="store_true",
                       help="do not give every character of the script its own token")  # fmt: skip
    train.add_argument(
        "--drop-zwj-lines", action=argparse.BooleanOptionalAction, default=None,
        help="drop training lines that write ZWJ after a virama (default: Hindi only)",
    )  # fmt: skip
    train.set_defaults(run=cmd_train)

    for name, run, what in [("encode", cmd_encode, "text"), ("decode", cmd_decode, "ids")]:
        command = sub.add_parser(name, help=f"{name} {what} (argument or stdin)")
        command.add_argument("text", nargs="?", help=f"{what}; read from stdin if omitted")
        command.add_argument("--tokenizer", default="indic-bpe-hi", choices=registry.list_names())
        command.set_defaults(run=run)

    ablation = sub.add_parser("ablation", help="train each Hindi variant; table -> README")
    ablation.add_argument("--write-readme", action="store_true", help="also update README.md")
    ablation.set_defaults(run=cmd_ablation)

    lid = sub.add_parser("train-lid", help="train the Hindi/Marathi/Nepali identifier")
    lid.add_argument("--out-dir", default=str(corpus.STORE_DIR))
    lid.set_defaults(run=cmd_train_lid)

    board = sub.add_parser("leaderboard", help="every language on FLORES -> README + assets")
    board.add_argument("--lang", default="", help="comma list (default: every language)")
    board.add_argument("--no-write", action="store_true", help="print only")
    board.set_defaults(run=cmd_leaderboard)

    evaluate = sub.add_parser("eval", help="measure tokenizers on held-out files")
    evaluate.add_argument("--lang", default="hi")
    evaluate.add_argument("--tokenizers", default="indic-bpe-hi,gpt2,cl100k_base,o200k_base")
    evaluate.add_argument("files", nargs="*", help="text files (default: the held-out files)")
    evaluate.add_argument("--write-readme", action="store_true", help="also update README.md")
    evaluate.set_defaults(run=cmd_eval)

    report = sub.add_parser("report", help="metrics of every tokenizer -> README table")
    report.add_argument("--lang", default="hi")
    report.add_argument("--no-write", action="store_true", help="print only")
    report.set_defaults(run=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except (ValueError, FileNotFoundError, registry.TokenizerUnavailableError) as e:
        raise SystemExit(f"error: {e}") from None
