"""Reading our model file format (`indictok v1`, written by IndicBPETokenizer.save): every
error names the file and the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

FORMAT_HEADER = "indictok v1"


class ModelFileReader:
    """Line reader for the model file: every error names the file and the line number."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines, self.number = path, text.splitlines(), 0
        self.cut = bool(text) and not text.endswith("\n")  # `save` ends every line

    @classmethod
    def open(cls, path: Path) -> ModelFileReader:
        data = path.read_bytes()
        if not data:
            raise ValueError(f"{path} is empty (0 bytes)")
        try:
            return cls(path, data.decode("utf-8"))
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            raise ValueError(f"{path} line {line}: not UTF-8 text (byte {e.start})") from None

    def fail(self, message: str) -> NoReturn:
        if self.cut and self.number == len(self.lines):
            message = f"the file ends early, in the middle of this line ({message})"
        raise ValueError(f"{self.path} line {self.number}: {message}")

    def next_line(self, expected: str) -> str:
        self.number += 1
        if self.number > len(self.lines):
            raise ValueError(
                f"{self.path} line {self.number}: the file ends early (expected {expected})"
            )
        return self.lines[self.number - 1]

    def expect_end(self) -> None:
        if self.number < len(self.lines):
            self.number += 1
            self.fail(f"unexpected text after the last merge: {self.lines[self.number - 1][:40]!r}")

    def to_int(self, text: str) -> int:
        if not (text.isascii() and text.isdigit()) or len(text) > 9:
            self.fail(f"expected a number, got {text[:40]!r}")
        return int(text)

    def numbers(self, count: int, form: str) -> list[int]:
        line = self.next_line(f"{count} numbers {form}")
        parts = line.split(" ")
        if len(parts) != count:
            self.fail(f"expected {count} numbers {form}, got {line[:40]!r}")
        return [self.to_int(part) for part in parts]

    def field(self, key: str) -> str:
        line = self.next_line(repr(key))
        found, _, value = line.partition(" ")
        if found != key:
            self.fail(f"expected {key!r}, got {line[:40]!r}")
        return value

    def json_string(self, text: str) -> str:
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as e:
            self.fail(f"expected a JSON string, got {text[:40]!r} ({e})")
        if not isinstance(value, str):
            self.fail(f"expected a JSON string, got {text[:40]!r}")
        return value

    def json_field(self, key: str) -> str:
        return self.json_string(self.field(key))

    def int_field(self, key: str) -> int:
        return self.to_int(self.field(key))
