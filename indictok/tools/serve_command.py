"""`indictok static OUT` (the page as a Static Space) and `indictok serve` (the web app),
each importing the app only when run."""

from __future__ import annotations

import argparse
import errno
import os
import socket
from pathlib import Path

from .train import AddCommand


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


def add_commands(command: AddCommand) -> None:
    """The static and serve subcommands and their options."""
    static = command(
        "static",
        cmd_static,
        "write the page as a Hugging Face Static Space folder (runs in the browser; "
        "docs/deploy.md)",
    )
    static.add_argument("out", help="the folder to write (new, or one it wrote before)")

    serve = command("serve", cmd_serve, "serve the web app (needs indictok[app])")
    serve.add_argument("--host", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, help="the port (default: 7860, or the next free one)")
