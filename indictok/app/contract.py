"""The page contract: everything the browser code (assets/js/) and the server both need,
written once, here, and sent to the page in its config.

- `Card` and `PageAnswer`: the data `workbench.tokenize` answers with; assets/js/card.mjs
  has the matching JSDoc typedef (tests/test_contract.py checks they name the same fields).
- `page_config()`: the catalogue, languages (with their direction), examples, limits,
  messages, views, relation codes, palette size, metric columns, the wide layout's width,
  the permalink's parameters and the events the tabs and the workbench talk through. The
  browser types none of these itself; tests/test_contract.py writes it for the JS tests.
- The small scripts the tabs run in the browser (`state_js`, `own_js`, ...), built from
  the same event names.
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict

from .. import catalog
from ..languages import DEFAULT_LANGUAGE, LANGUAGES
from ..segments import RELATIONS
from . import errors, examples, limits, permalink
from .selection import picker_entries
from .tables import METRIC_COLUMNS

VIEWS = permalink.VIEWS  # how the cards draw: whole aksharas, or every token boundary
PALETTE_SIZE = 9  # Paul Tol's "light" colours: .c0 ... .c8 in assets/style.css
RTL_SCRIPTS = ("Arabic",)  # scripts written right to left (Urdu's)
# From this window width the text and the cards sit side by side (style.css's
# `max-width: 899px` rules stack them below it; tests/test_contract.py checks they agree).
WIDE_MIN_PX = 900
# The custom events the page's parts talk through (document-level CustomEvents).
EVENTS = {
    "own": "itl:own",  # a tab made a tokenizer of the visitor's: {key} (app/own.py)
    "state": "itl:state",  # a tab asks the workbench for its state: it fills `detail`
    "graded": "itl:graded",  # the grader graded the workbench's text as it is now
    "lab": "itl:lab",  # the Lab trained: its merge history for the slider (lab.sample_steps)
}
GRADE_PANEL_ID = "itl-grade"  # the grader's report, marked outdated when the text changes
GRADE_BUTTON_ID = "itl-grade-go"  # the workbench clicks it when the page's language changes


class CardStats(TypedDict):
    """One tokenizer's counts for the text (metrics.Stats) and the ratios made from them."""

    tokens: int
    bytes: int
    chars: int
    words: int
    graphemes: int
    partial_tokens: int
    split_graphemes: int
    bytes_per_token: float
    chars_per_token: float
    tokens_per_word: float
    partial_share: float
    split_share: float


class Groups(TypedDict):
    """Akshara groups: group k covers bytes [bounds[k], bounds[k+1]) and tokens
    [firsts[k], firsts[k+1])."""

    bounds: list[int]
    firsts: list[int]


class Card(TypedDict):
    """One tokenizer's tokens of the text, as columns (one entry per token)."""

    name: str
    label: str
    vocab: int
    lang: str  # the language of the text it shows (its direction: languages' `rtl`)
    stats: CardStats
    premium: float | None  # tokens ÷ the English original's tokens; None without one
    ids: list[int]
    starts: list[int]  # byte offsets into the text the tokenizer read (see `text`)
    ends: list[int]
    relations: list[int]  # index into RELATIONS: whole, split (inside an akshara), partial
    groups: Groups
    empty_pieces: dict[str, str]  # token index -> its piece, for tokens with no bytes
    text: NotRequired[str]  # the normalised text, when it differs from the text sent
    own: NotRequired[str]  # a visitor's own tokenizer: the key the page sent for it
    engine: NotRequired[str]  # "browser" when the page computed it (assets/js/engine.mjs)


class UnavailableCard(TypedDict):
    """A tokenizer that cannot answer (its file is missing, or a visitor's expired)."""

    name: str
    label: str
    error: str
    own: NotRequired[str]


class PageAnswer(TypedDict):
    language: str
    language_note: str
    tokenizers: list[str]  # what the cards show (ours swapped for the text's language)
    cards: list[Card | UnavailableCard]


def languages() -> list[dict[str, Any]]:
    """The language menu: auto-detect, then every language with its direction."""
    auto = {"code": "auto", "name": "Auto-detect", "rtl": False}
    return [auto] + [
        {"code": code, "name": lang.name, "rtl": lang.script in RTL_SCRIPTS}
        for code, lang in LANGUAGES.items()
    ]


def page_config(notices: list[str]) -> dict[str, Any]:
    """What the page's browser code is told at load: nothing here is typed twice."""
    return {
        "tokenizers": picker_entries(),
        "defaults": list(catalog.DEFAULT_NAMES),
        "languages": languages(),
        "examples": examples.for_page(),
        "notices": notices,
        "limits": {
            "max_chars": limits.MAX_CHARS,
            "max_bytes": limits.MAX_BYTES,
            "max_own": limits.MAX_OWN_PER_VISITOR,  # the page keeps as many keys
        },
        "messages": {
            "too_long": errors.TOO_LONG,
            "no_tokenizer": errors.NO_TOKENIZER,
            **permalink.MESSAGES,
        },
        "metric_columns": METRIC_COLUMNS,  # the metrics table's headings, the CSV's header
        "wide_min_px": WIDE_MIN_PX,
        "views": list(VIEWS),
        "relations": list(RELATIONS),
        "palette_size": PALETTE_SIZE,
        "link": {"params": permalink.PARAMS, "too_long_note": permalink.TOO_LONG_NOTE},
        "events": EVENTS,
        "grade_panel": GRADE_PANEL_ID,
        "grade_button": GRADE_BUTTON_ID,
        "grade_language": DEFAULT_LANGUAGE,  # the panel's language until it is asked
    }


def config_js(config: dict[str, Any]) -> str:
    return f"const CONFIG = {json.dumps(config, ensure_ascii=False)};\n"


STATE_FIELDS = {"text": "''", "tokenizers": "[]", "language": "'auto'", "english": "''"}


def state_js(inputs: tuple[str, ...] = (), fields: tuple[str, ...] = tuple(STATE_FIELDS)) -> str:
    """A tab's js before its call: its own `inputs`, then the workbench's state `fields`
    (the language is the one the cards show), asked for through EVENTS["state"]."""
    ask = "const s = {}; " + event_js("state", "s")
    returned = [*inputs, *(f"s.{f} ?? {STATE_FIELDS[f]}" for f in fields)]
    return f"({', '.join(inputs)}) => {{ {ask} return [{', '.join(returned)}]; }}"


def event_js(event: str, detail: str = "{}", when: str = "") -> str:
    """A statement telling the page `event` (a key of EVENTS) with `detail`, if `when`."""
    tell = f"document.dispatchEvent(new CustomEvent({EVENTS[event]!r}, {{detail: {detail}}}));"
    return f"if ({when}) {tell}" if when else tell


def listener_js(args: tuple[str, ...], *statements: str) -> str:
    """A tab's js after its call: a function of its outputs `args` running `statements`."""
    return f"({', '.join(args)}) => {{ {' '.join(statements)} }}"
