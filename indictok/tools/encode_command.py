"""`indictok encode` and `indictok decode`: text to token ids and back, on any tokenizer
(`encode --file`: a whole file on every core, encode_file.py)."""

from __future__ import annotations

import argparse
import json
import sys

from .. import catalog, loaded
from ..backends import Backend
from .train import AddCommand


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


def add_commands(command: AddCommand) -> None:
    """The encode and decode subcommands and their options."""
    encode = command("encode", cmd_encode, "encode text to token ids (a JSON list)")
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
    decode = command("decode", cmd_decode, "decode token ids to text (ends with a newline)")
    decode.add_argument(
        "text",
        nargs="?",
        help="ids as a JSON list or separated by spaces or commas; read from stdin if omitted",
    )
    for parser in (encode, decode):
        parser.add_argument(
            "--tokenizer",
            default="indic-bpe-hi",
            metavar="NAME",
            type=tokenizer_name,
            help="a tokenizer name (`indictok list` prints them), or a language code for ours "
            "(ta: indic-bpe-ta)",
        )
