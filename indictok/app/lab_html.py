"""The Lab's HTML: the progress bar, messages, the verdict and the comparison table (every
value escaped)."""

from __future__ import annotations

from html import escape
from typing import Any

from .. import grading, lab
from ..languages import LANGUAGES
from . import grade_tab


def progress_html(progress: lab.Progress) -> str:
    """The progress bar: merges done of total, what the training does and the time left
    (numbers only)."""
    done, total = progress.done, max(progress.total, 1)
    left = progress.seconds_left()
    if done == 0:
        when = "counting the corpus's chunks…"
    elif left is None:
        when = "measuring the pace…"
    else:
        when = f"about {max(left, 1):,.0f} s left"
    if progress.superword and done == progress.total - progress.superword:
        when = f"counting word runs for the {progress.superword:,} superword merges · {when}"
    return (
        f'<div class="itl-lab-progress"><progress value="{done}" max="{total}"></progress>'
        f"<span>{done:,} of {progress.total:,} merges · {when}</span></div>"
    )


def message_html(message: str, ok: bool = False) -> str:
    css = "itl-ok" if ok else "itl-no"
    return f'<p class="itl-lab-message {css}">{escape(message)}</p>'


def verdict_html(result: dict[str, Any], label: str = "") -> str:
    """The run's name, the grader's verdict on the held-out share and on the reference text,
    escaped."""
    parts = [f'<p class="itl-lab-run"><strong>{escape(label)}</strong></p>'] if label else []
    held = result["heldout"]
    if held is None:
        parts.append("<p>Nothing was held out (held-out share 0 or a one-line corpus).</p>")
    else:
        verdict = "PASS" if held["passed"] else "FAIL"
        parts.append(
            f'<div class="itl-verdict itl-{verdict.lower()}">{verdict} on the held-out share: '
            f"vocabulary {result['vocab_size']:,} &lt; {grading.VOCAB_LIMIT:,}, "
            f"{held['bytes_per_token']:.2f} bytes/token (≥ {grading.RATIO_TARGET}), "
            f"round trip {'ok' if held['round_trip_ok'] else 'FAILED'}"
            "</div>" + compare_table(held)
        )
    parts.append(grade_tab.as_html(result["reference"]))
    return "".join(parts)


def compare_table(held: dict[str, Any]) -> str:
    rows = [("yours", held), *held["compared"].items()]
    cells = "".join(
        f"<tr><td>{escape(name)}</td><td>{f['tokens']:,}</td><td>{f['bytes_per_token']:.2f}</td>"
        f"<td>{f['chars_per_token']:.2f}</td><td>{f['tokens_per_word']:.3f}</td></tr>"
        for name, f in rows
    )
    return (
        '<div class="itl-lab-scroll"><table class="itl-checks itl-lab-compare"><tr><th>on the '
        "held-out share</th><th>tokens</th><th>bytes/token</th><th>chars/token</th>"
        f"<th>tokens/word</th></tr>{cells}</table></div>"
    )


def label_of(result: dict[str, Any], run: int) -> str:
    lang = LANGUAGES[result["language"]].name if result["language"] else "no Indian script found"
    return f"Yours #{run}: {result['settings']['pattern']}, {lang}"
