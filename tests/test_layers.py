"""The package's layers stay one-way, read from the source with `ast` (nothing imported)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "indictok"
ENGINE = (
    "segments",
    "analysis",
    "metrics",
    "loaded",
    "catalog",
    "spec",
    "open_models",
    "app",
    "tools",
)


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports, as absolute names ("from . import x" gives pkg and pkg.x)."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _sources(folder: Path = PACKAGE) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


@pytest.mark.fast
def test_the_import_reader_resolves_relative_imports() -> None:
    found = imports(PACKAGE / "backends" / "spm.py")
    assert "indictok.text" in found and "indictok.backends.base" in found
    assert "indictok.loaded" in imports(PACKAGE / "app" / "api.py")


@pytest.mark.fast
def test_backends_import_no_engine_module() -> None:
    bad = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _sources(PACKAGE / "backends")
        for name in imports(path)
        if any(_within(name, f"indictok.{layer}") for layer in ENGINE)
    }
    assert not bad, sorted(bad)


@pytest.mark.fast
def test_only_the_tools_import_the_tools() -> None:
    """No request path reaches the offline tools (`python -m indictok`, __main__.py, is the
    command line's entry point)."""
    bad = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _sources()
        if not path.is_relative_to(PACKAGE / "tools") and path != PACKAGE / "__main__.py"
        for name in imports(path)
        if _within(name, "indictok.tools")
    }
    assert not bad, sorted(bad)


@pytest.mark.fast
def test_only_the_app_imports_gradio() -> None:
    bad = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _sources()
        if not path.is_relative_to(PACKAGE / "app")
        for name in imports(path)
        if _within(name, "gradio") or _within(name, "gradio_client")
    }
    assert not bad, sorted(bad)


def _importers_of(target: str, folder: Path = PACKAGE) -> set[str]:
    return {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _sources(folder)
        for name in imports(path)
        if _within(name, target)
    }


@pytest.mark.fast
def test_the_catalog_reads_the_language_table_not_the_detector() -> None:
    """catalog.py (which tokenizers exist) needs the languages as data (language_list.py),
    not languages.py's detector and its identifier file."""
    bad = {
        f"catalog.py imports {name}"
        for name in imports(PACKAGE / "catalog.py")
        if _within(name, "indictok.languages")
    }
    assert not bad, sorted(bad)
    assert "indictok.language_list" in imports(PACKAGE / "catalog.py")


@pytest.mark.fast
def test_the_lab_imports_no_backend_and_no_app() -> None:
    """The Lab trains with our engine and gets a backend of its tokenizer from loaded.py."""
    bad = _importers_of("indictok.backends", PACKAGE / "lab")
    bad |= _importers_of("indictok.app", PACKAGE / "lab")
    assert not bad, sorted(bad)


@pytest.mark.fast
def test_the_tools_read_the_lab_s_corpus_only() -> None:
    """`python -m indictok train --text` reads a corpus as the Lab does (lab/corpus.py); no
    tool imports the rest of the Lab, nor the page's Lab (app/lab_tab.py)."""
    bad = {
        found
        for found in _importers_of("indictok.lab", PACKAGE / "tools")
        if not found.split(" imports ")[1].startswith("indictok.lab.corpus")
    }
    assert not bad, sorted(bad)


def _tool_graph() -> dict[str, set[str]]:
    """Each tools/ module -> the tools/ modules it imports (lazily too)."""
    tools = {path.stem for path in (PACKAGE / "tools").glob("*.py")}
    return {
        path.stem: {
            name.split(".")[2]
            for name in imports(path)
            if name.startswith("indictok.tools.") and name.split(".")[2] in tools
        }
        - {path.stem}
        for path in (PACKAGE / "tools").glob("*.py")
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module that can reach itself, with the way back."""
    found = []
    for start in sorted(graph):
        way, seen = [(start, [start])], set()
        while way:
            node, path = way.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    found.append([*path, start])
                elif nxt not in seen:
                    seen.add(nxt)
                    way.append((nxt, [*path, nxt]))
    return found


@pytest.mark.fast
def test_the_tools_import_each_other_one_way() -> None:
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b", "a"], ["b", "a", "b"]]
    assert _cycles(_tool_graph()) == []
