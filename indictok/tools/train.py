"""`indictok train` and `indictok train-lid`: train our tokenizers, the SentencePiece
baselines and the language identifier, writing into the store (and its README and manifest)."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .. import paths
from ..export import write_tiktoken_ranks, write_vocab
from ..lab.corpus import corpus_lines, read_text_file, split_heldout
from ..languages import LANGUAGES, LID_FILE, count_features, save_identifier
from ..paths import model_stem
from ..recipe import WORD_PATTERNS, auto_superword_merges
from ..tokenizer import IndicBPETokenizer
from ..transformers_folder import write_transformers_folder
from . import corpus
from .store_readme import write_store_readme
from .training import DEFAULT_VOCAB_SIZE, Recipe, train_with, training_lines

AddCommand = Callable[..., argparse.ArgumentParser]
OUT_DIR_HELP = (
    "folder to write into, made if missing (default: the checkout's tokenizers_store/; "
    "installed: tokenizers_store/ in the current folder)"
)


def text_lines(path: Path, recipe: Recipe, heldout: float) -> list[str]:
    """A text file's lines (with line ends) less its held-out share (the last lines), as the
    app's Lab splits them; cleaned only if the recipe says so explicitly."""
    lines, held = split_heldout(corpus_lines(read_text_file(path)), heldout)
    if recipe.drop_zwj_lines:
        lines = corpus.without_mark_zwj_lines(lines)
    print(f"{path}: training on {len(lines):,} lines ({len(held):,} held out)")
    return lines


def our_lines(lang: str, recipe: Recipe) -> list[str]:
    lines = training_lines(lang, recipe)
    dropped = len(corpus.read_training_lines(paths.train_file(lang))) - len(lines)
    print(f"train/{lang}.txt: training on {len(lines):,} lines ({dropped:,} dropped by cleaning)")
    return lines


def train_ours(
    lang: str, recipe: Recipe, out_dir: Path, lines: list[str] | None = None
) -> IndicBPETokenizer:
    from tqdm import tqdm

    lines = our_lines(lang, recipe) if lines is None else lines
    started = time.perf_counter()
    with tqdm(total=recipe.vocab_size - 257, desc=f"merges ({lang})", unit="merge") as bar:
        tokenizer = train_with(lang, recipe, lines, on_merge=lambda n: bar.update(n - bar.n))
    seconds = time.perf_counter() - started
    stem = out_dir / model_stem(lang)
    tokenizer.save(stem.with_suffix(".model"))
    write_vocab(tokenizer, stem.with_suffix(".vocab"))
    write_tiktoken_ranks(tokenizer, stem.with_suffix(".tiktoken"))
    write_transformers_folder(tokenizer, paths.transformers_dir(lang, out_dir))
    print(f"trained {tokenizer.name}: vocab {tokenizer.vocab_size} in {seconds:.1f} s -> {stem}.*")
    return tokenizer


def train_sentencepiece(lang: str, vocab_size: int, kind: str, out_dir: Path) -> Path:
    """SentencePiece with its default settings, same corpus and vocabulary size as ours."""
    import sentencepiece

    model_type = kind.removeprefix("spm-")
    prefix = out_dir / "sentencepiece" / f"spm_{model_type}_{lang}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    sentencepiece.SentencePieceTrainer.train(
        input=str(paths.train_file(lang)),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        num_threads=2,
        minloglevel=2,
    )
    prefix.with_suffix(".vocab").unlink(missing_ok=True)
    model = forget_training_paths(prefix.with_suffix(".model"), f"train/{lang}.txt")
    print(f"trained {prefix.name}.model ({model_type}, vocab {vocab_size})")
    return model


def forget_training_paths(model: Path, corpus_file: str) -> Path:
    """SentencePiece records the absolute paths of its input and output in the model; keep
    the corpus-relative input and the file's own name instead (nothing else changes)."""
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
    proto.ParseFromString(model.read_bytes())
    del proto.trainer_spec.input[:]
    proto.trainer_spec.input.append(corpus_file)
    proto.trainer_spec.model_prefix = model.stem
    model.write_bytes(proto.SerializeToString())
    return model


def writable_folder(path: str | Path) -> Path:
    """`path` as a folder that exists and can be written to (made if missing), checked before
    any training; ValueError saying what is wrong."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except FileExistsError:
        raise ValueError(f"--out-dir {folder} is a file, not a folder") from None
    except OSError as e:
        raise ValueError(f"--out-dir {folder} cannot be written to ({e.strerror or e})") from None
    return folder


def cmd_train(args: argparse.Namespace) -> None:
    out_dir = writable_folder(args.out_dir)
    langs = list(LANGUAGES) if args.lang == "all" else args.lang.split(",")
    for lang in langs:
        if args.kind == "bpe":
            recipe = recipe_of(args)
            lines = text_lines(Path(args.text), recipe, args.heldout) if args.text else None
            train_ours(lang, recipe, out_dir, lines)
        else:
            train_sentencepiece(lang, args.vocab_size, args.kind, out_dir)
    if out_dir.resolve() == paths.STORE_DIR.resolve():
        write_store_readme()


def recipe_of(args: argparse.Namespace) -> Recipe:
    """The recipe the flags ask for; `--pattern indic-superword-v1` is indic-v1 words then
    the superword stage (`--superword-merges`, by default a quarter of the merges, at most
    1,000: the app's Lab does the same)."""
    superword = args.superword_merges
    if args.pattern != "indic-superword-v1":
        superword = 0
    elif superword is None:
        superword = auto_superword_merges(args.vocab_size)
    return Recipe(
        vocab_size=args.vocab_size,
        superword_merges=superword,
        max_words=args.max_words,
        attach_punctuation=not args.no_punctuation_in_superwords,
        alphabet=not args.no_alphabet,
        drop_zwj_lines=args.drop_zwj_lines,
        pattern="indic-v1" if args.pattern == "indic-superword-v1" else args.pattern,
    )


def cmd_train_lid(args: argparse.Namespace) -> None:
    """The Hindi/Marathi/Nepali identifier: trigram and word counts of each training file."""
    writable_folder(args.out_dir)
    scripts = [lang.script for lang in LANGUAGES.values()]
    shared = [code for code, lang in LANGUAGES.items() if scripts.count(lang.script) > 1]
    counts = {code: count_features(corpus.read_lines(paths.train_file(code))) for code in shared}
    path = Path(args.out_dir) / LID_FILE
    save_identifier(counts, path)
    print(f"language identifier for {', '.join(shared)} -> {path}")
    if path.parent.resolve() == paths.STORE_DIR.resolve():
        write_store_readme()


def add_commands(command: AddCommand) -> None:
    """`train` and `train-lid`; `command(name, run, what)` adds one to the parser."""
    train = command("train", cmd_train, "train a tokenizer (ours by default)")
    add_corpus_arguments(train)
    add_superword_arguments(train)
    train.add_argument(
        "--drop-zwj-lines",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="drop training lines that write ZWJ after a virama (unset: Hindi only)",
    )
    lid = command("train-lid", cmd_train_lid, "train the Hindi/Marathi/Nepali identifier")
    lid.add_argument("--out-dir", default=str(paths.training_dir()), help=OUT_DIR_HELP)


def add_corpus_arguments(train: argparse.ArgumentParser) -> None:
    """What `train` learns from and what it writes: language, size, kind, text, folder."""
    train.add_argument(
        "--lang", default="hi", help=f"a code, a comma list, or 'all' ({', '.join(LANGUAGES)})"
    )
    train.add_argument(
        "--vocab-size",
        type=int,
        default=DEFAULT_VOCAB_SIZE,
        help="bytes + merges + special tokens",
    )
    train.add_argument(
        "--kind",
        choices=["bpe", "spm-bpe", "spm-unigram"],
        default="bpe",
        help="ours (bpe) or a SentencePiece baseline on the same text",
    )
    train.add_argument("--out-dir", default=str(paths.training_dir()), help=OUT_DIR_HELP)
    train.add_argument(
        "--text",
        default="",
        help="train on this UTF-8 text file instead of train/<lang>.txt "
        "(--lang then picks the alphabet; no cleaning unless --drop-zwj-lines)",
    )
    train.add_argument(
        "--heldout",
        type=float,
        default=0.0,
        help="with --text: the share of its last lines kept out of training",
    )


def add_superword_arguments(train: argparse.ArgumentParser) -> None:
    """How `train` splits text: the pattern, the superword stage and the alphabet."""
    train.add_argument(
        "--pattern",
        choices=["indic-superword-v1", *WORD_PATTERNS],
        default="indic-superword-v1",
        help="split pattern (the superword one: indic-v1 words, then the superword stage)",
    )
    train.add_argument(
        "--superword-merges",
        type=int,
        default=None,
        help="how many of the last merges may cross spaces between words (0: none; "
        "default: a quarter of the merges, at most 1,000)",
    )
    defaults = Recipe()
    train.add_argument(
        "--max-words",
        type=int,
        default=defaults.max_words,
        help="most words one superword token may span",
    )
    train.add_argument(
        "--no-punctuation-in-superwords",
        action="store_true",
        help="keep a danda, comma, ? ! : ; out of superwords",
    )
    train.add_argument(
        "--no-alphabet",
        action="store_true",
        help="do not give every character of the script its own token",
    )
