"""publish.py: an API endpoint's parameters and result are described on the API page."""

from __future__ import annotations

import pytest


def shout(text: str, times: int = 1) -> str:
    """Say it again.

    Args:
        text: what to say.
        times: how many times.
    Returns:
        the text, repeated.
    """
    return text * times


@pytest.mark.app
def test_an_endpoint_s_parameters_are_named_and_described() -> None:
    import gradio as gr

    from indictok.app.publish import WORK, publish

    with gr.Blocks() as demo:
        publish(demo, shout)
    described = {
        block.label: block._api_info
        for block in demo.blocks.values()
        if hasattr(block, "_api_info") and block.label in ("text", "times", "result")
    }
    assert described["text"]["additional_description"] == "what to say."
    assert described["times"]["additional_description"] == "how many times."
    assert "the text, repeated." in described["result"]["description"]
    assert WORK["concurrency_id"] == "work"
