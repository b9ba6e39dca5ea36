"""`indictok grade FILE...`: the web app's /grade_file report on tokenizer files, as JSON
lines, CSV or a table; the exit status says the worst file's outcome."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from .. import grading
from ..languages import LANGUAGES
from ..limits import MAX_SIDECAR_BYTES as SIDECAR_MAX_BYTES
from .train import AddCommand

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


def add_command(command: AddCommand) -> None:
    """The grade subcommand and its options."""
    grade = command(
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
