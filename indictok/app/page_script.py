"""The browser code as Gradio runs it: ES modules in assets/js/ joined into one script.

The modules are small and tested on their own (`node --test tests/js/`); a gr.HTML's
`js_on_load` is one script, so `bundle` puts each module in a function scope that returns
its exports, in import order, and turns `import {a, b} from "./m.mjs"` into reading them
from that module's scope. Only that import form and `export function|class|const|let NAME`
are understood (tests/test_contract.py runs the bundle through node to check it parses).
"""

from __future__ import annotations

import re
from functools import cache

from ..paths import ASSETS_DIR

JS_DIR = ASSETS_DIR / "js"
IMPORT = re.compile(r'^import \{([^}]*)\} from "\./(\w+)\.mjs";\n', re.MULTILINE)
EXPORT = re.compile(r"^export (?:async )?(?:function\*?|class|const|let) (\w+)", re.MULTILINE)


def _source(module: str) -> str:
    return (JS_DIR / f"{module}.mjs").read_text(encoding="utf-8")


def _order(entry: str) -> list[str]:
    """`entry` and every module it imports, each after the modules it imports."""
    order: list[str] = []

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in order:
            return
        if module in path:
            raise ValueError(f"assets/js: an import cycle: {' -> '.join((*path, module))}")
        for _, imported in IMPORT.findall(_source(module)):
            visit(imported, (*path, module))
        order.append(module)

    visit(entry, ())
    return order


def _scoped(module: str) -> str:
    source = _source(module)
    names = EXPORT.findall(source)
    body = IMPORT.sub(lambda m: f"const {{{m[1]}}} = module_{m[2]};\n", source)
    body = re.sub(r"^export ", "", body, flags=re.MULTILINE)
    return f"const module_{module} = (() => {{\n{body}\nreturn {{ {', '.join(names)} }};\n}})();\n"


@cache
def bundle(entry: str) -> str:
    """One script holding `entry` and its imports: each module as `module_<name>`."""
    return "".join(_scoped(module) for module in _order(entry))
