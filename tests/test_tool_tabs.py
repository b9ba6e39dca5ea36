"""The page's small tabs (indictok/app/tool_tabs.py): built in a Blocks with the ids the page's
script and the browser tests look for, and Token lookup reading what details.mjs writes."""

from __future__ import annotations

import re

import gradio as gr
import pytest

from indictok.app import tool_tabs
from indictok.paths import ASSETS_DIR

pytestmark = pytest.mark.fast


def test_the_tabs_build_with_the_ids_the_page_uses() -> None:
    with gr.Blocks() as demo, gr.Tabs():
        tool_tabs.token_tax_tab()
        tool_tabs.lookup_tab()
        tool_tabs.decode_tab()
    ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    wanted = {"itl-tax-language", "itl-tax-bars", "itl-leaderboard", "itl-lookup-name"}
    assert wanted | {"itl-lookup-query", "itl-lookup", "itl-decoded", "itl-decode-problem"} <= ids


def test_lookup_reads_the_attributes_the_details_panel_writes() -> None:
    details = (ASSETS_DIR / "js" / "details.mjs").read_text(encoding="utf-8")
    read = set(re.findall(r"data-lookup-\w+", tool_tabs.LOOKUP_ASKED_JS))
    for name in re.findall(r"dataset\.lookup(\w+)", tool_tabs.LOOKUP_ASKED_JS):
        read.add("data-lookup-" + re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower())
    assert read == {"data-lookup-asked", "data-lookup-tokenizer", "data-lookup-id"}
    assert all(f'"{attribute}"' in details for attribute in read)
