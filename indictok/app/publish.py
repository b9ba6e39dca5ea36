"""The app's API endpoints: each published with gr.api, in its queue's concurrency group,
with its parameters described on the API page (and as MCP tools)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import gradio as gr
from gradio.utils import get_function_description

from . import limits

# Large calls wait in Gradio's "work" group; light ones move to their own group
# (queueguard.py), and inside the app scheduler.SCHEDULER shares the workers.
WORK: dict[str, Any] = {"concurrency_id": "work", "concurrency_limit": 2 * limits.WORKERS}


def publish(demo: gr.Blocks, fn: Callable[..., Any], queue: dict[str, Any] | None = None) -> None:
    """`fn` as an API endpoint named after it, its docstring's Args and Returns shown on the
    API page beside each parameter (gr.api alone labels them "1st", "2nd", ...).

    Gradio 6.31 has no public way to describe a gr.api parameter: the API page reads each
    one's description only from its component's JSON schema ("additional_description" of
    an input, "description" of an output), which gr.api builds from the type hint alone
    (gradio_client.utils.python_type_to_json_schema: no docstring, no Annotated). So the
    schema of each gr.Api component gr.api made is extended here: the one write to a private
    attribute (`_api_info`, the schema gr.Api's constructor takes and api_info() returns).
    The components are found through the dependency gr.api returns (its "inputs" and
    "outputs" ids) and `demo.blocks`; tests/test_app.py checks the API page shows them."""
    endpoint = gr.api(fn, api_name=fn.__name__, **(queue or WORK))
    _, described, returns = get_function_description(fn)
    described.pop("request", None)  # the visitor's gr.Request: Gradio's, not a parameter
    inputs: Sequence[Any] = [demo.blocks[i] for i in endpoint["inputs"]]  # gr.Api components
    outputs: Sequence[Any] = [demo.blocks[i] for i in endpoint["outputs"]]
    for name, component in zip(described, inputs, strict=True):
        component.label = name
        component._api_info = {**component._api_info, "additional_description": described[name]}
    for component in outputs:
        component.label = "result"
        component._api_info = {**component._api_info, "description": " ".join(returns)}
