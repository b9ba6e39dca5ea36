"""The README and docs/: the README stays short and names no issue number, its test command
is the one CI runs, and every generated block names a command that exists and writes it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from indictok.tools import cli, report

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
ISSUE = re.compile(r"\b[Ii]ssues? \d+|#\d+\b")
BLOCK = re.compile(r"^<!-- ([\w-]+):start -->\n(.*?)^<!-- \1:end -->$", re.DOTALL | re.MULTILINE)
WRITTEN_BY = re.compile(r"<!-- written by `([^`]+)`; do not edit by hand -->\n")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _body(path: Path) -> str:
    """The file without its front matter (a colour code there is no issue number) and without
    its generated blocks (measured output, not prose)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", _text(path), flags=re.DOTALL)
    return BLOCK.sub("", text)


@pytest.mark.fast
def test_the_readme_is_short_and_names_no_issue_number() -> None:
    assert len(_text(README).splitlines()) <= 300
    for path in [README, *DOCS]:
        assert ISSUE.findall(_body(path)) == [], path.name


@pytest.mark.fast
def test_the_issue_pattern_finds_issue_numbers_only() -> None:
    assert ISSUE.findall("see issue 23, Issue 7 and #15") == ["issue 23", "Issue 7", "#15"]
    assert ISSUE.findall("colorFrom: '#ff0000', docs/app.md#the-lab, attack_load.py") == []


@pytest.mark.fast
def test_readme_links_every_docs_file_and_each_exists() -> None:
    readme = _text(README)
    assert DOCS, "docs/ holds the README's subjects"
    for path in DOCS:
        assert f"](docs/{path.name})" in readme, f"the README does not link docs/{path.name}"
        first = _text(path).split("\n\n")[1]
        assert first.startswith("What this file holds"), path.name
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).is_file(), link


@pytest.mark.fast
def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", _text(README), flags=re.DOTALL)
    test_command = next(c for c in commands if "requirements-dev.txt" in c)
    last = _text(ROOT / ".ci" / "run").rstrip("\n").splitlines()[-1]
    assert last == test_command
    assert test_command.endswith("&& node --test tests/js/")


def _command_exists(command: str) -> bool:
    """`python -m indictok ...`: the CLI accepts the arguments; `python scripts/x.py ...`: the
    script exists and defines every option named."""
    words = shlex.split(command)
    if words[:3] == ["python", "-m", "indictok"]:
        try:
            cli.build_parser().parse_args(words[3:])
        except SystemExit:
            return False
        return True
    if words[0] == "python" and words[1].startswith("scripts/"):
        script = ROOT / words[1]
        options = [w.split("=")[0] for w in words[2:] if w.startswith("--")]
        return script.is_file() and all(f'"{o}"' in _text(script) for o in options)
    return False


@pytest.mark.fast
def test_every_generated_block_is_closed_and_names_the_command_that_writes_it() -> None:
    sections: dict[str, str] = {}
    for path in [README, *DOCS]:
        text = _text(path)
        starts = re.findall(r"^<!-- ([\w-]+):start -->$", text, flags=re.MULTILINE)
        blocks = BLOCK.findall(text)
        assert [name for name, _ in blocks] == starts, f"{path.name}: a block is not closed"
        for name, body in blocks:
            assert name not in sections, f"{name} is in {sections.get(name)} and {path.name}"
            sections[name] = path.name
            found = WRITTEN_BY.match(body)
            assert found, f"{path.name} {name}: no 'written by' line"
            assert "--write-docs" in found.group(1), f"{name}: {found.group(1)}"
            assert _command_exists(found.group(1)), f"{name}: {found.group(1)} does not exist"
    assert sections["token-tax-headline"] == "README.md"
    assert "leaderboard" in sections and "attack" in sections and "eval" in sections


@pytest.mark.fast
def test_a_command_that_does_not_exist_is_found_out() -> None:
    assert _command_exists("python -m indictok eval --write-docs")
    assert not _command_exists("python -m indictok eval --write-readme")
    assert not _command_exists("python -m indictok nothing")
    assert _command_exists("python scripts/attack.py --write-docs")
    assert not _command_exists("python scripts/attack.py --write-readme")
    assert not _command_exists("python scripts/nothing.py")


@pytest.mark.fast
def test_write_block_rewrites_the_one_file_that_holds_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text("# r\n<!-- a:start -->\nold\n<!-- a:end -->\n")
    doc = tmp_path / "docs" / "b.md"
    doc.write_text(
        "# b\n\n<!-- b:start -->\n<!-- written by `x`; do not edit by hand -->\n"
        "old\n<!-- b:end -->\ntail\n"
    )
    monkeypatch.setattr(report, "REPO_ROOT", tmp_path)
    assert report.write_block("| new |", "b", "python -m indictok report --write-docs") == doc
    assert doc.read_text() == (
        "# b\n\n<!-- b:start -->\n<!-- written by `python -m indictok report --write-docs`; "
        "do not edit by hand -->\n| new |\n<!-- b:end -->\ntail\n"
    )
    report.write_block("new", "a", "cmd")
    assert "<!-- a:start -->\n<!-- written by `cmd`" in (tmp_path / "README.md").read_text()
    with pytest.raises(ValueError, match="found: none"):
        report.write_block("x", "missing", "cmd")
    (tmp_path / "docs" / "c.md").write_text("<!-- b:start -->\n<!-- b:end -->\n")
    with pytest.raises(ValueError, match=re.escape("docs/b.md, docs/c.md")):
        report.write_block("x", "b", "cmd")


@pytest.mark.fast
def test_the_headline_is_the_tax_matrix_cut_to_ours_and_the_defaults() -> None:
    rows = [
        "| tokenizer | Hindi |",
        "|---|---:|",
        "| ours (5k, per language) | 1.37 |",
        "| o200k_base | 1.57 |",
        "| mistral-tekken | 1.80 |",
        "| llama-3 | 2.52 |",
    ]
    matrix = "\n".join(rows)
    assert cli.tax_headline(matrix).splitlines() == [
        "| tokenizer | Hindi |",
        "|---|---:|",
        "| ours (5k, per language) | 1.37 |",
        "| o200k_base | 1.57 |",
        "| llama-3 | 2.52 |",
    ]
