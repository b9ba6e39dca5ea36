"""The Space as an MCP server (Gradio's own): an agent lists the tools and calls them, over
streamable HTTP (/gradio_api/mcp/) and over SSE (/gradio_api/mcp/sse), with the `mcp`
Python client against the running app; the answers equal the package's own, and the
request limits apply."""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from indictok import loaded
from indictok.app import board

pytest.importorskip("mcp", reason="the MCP client: pip install -r requirements.txt (gradio[mcp])")
from mcp import ClientSession
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client

TAMIL = "தமிழ் ஒரு பழமையான மொழி. Tamil is an old language, 2,000 ஆண்டுகள்."
Session = Callable[[ClientSession], Awaitable[Any]]


def over_http(app_url: str, talk: Session) -> Any:
    async def run() -> Any:
        async with streamable_http_client(f"{app_url}gradio_api/mcp/") as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await talk(session)

    return asyncio.run(run())


def over_sse(app_url: str, talk: Session) -> Any:
    async def run() -> Any:
        async with sse_client(f"{app_url}gradio_api/mcp/sse") as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await talk(session)

    return asyncio.run(run())


def tool_named(tools: list[Any], suffix: str) -> Any:
    found = [tool for tool in tools if tool.name.endswith(suffix)]
    assert len(found) == 1, [tool.name for tool in tools]
    return found[0]


def answer(result: Any) -> Any:
    """A tool's answer: Gradio's MCP server sends a dict as its Python text form."""
    assert not result.isError, result
    (content,) = result.content
    return ast.literal_eval(content.text)


@pytest.mark.app
def test_count_tokens_over_streamable_http_equals_the_package(app_url: str) -> None:
    async def talk(session: ClientSession) -> tuple[list[Any], Any]:
        tools = (await session.list_tools()).tools
        name = tool_named(tools, "count_tokens").name
        args = {"text": TAMIL, "tokenizers": ["o200k_base", "indic-bpe-ta"]}
        return tools, await session.call_tool(name, args)

    tools, result = over_http(app_url, talk)
    for suffix in ("count_tokens", "compare", "token_tax", "grade"):
        tool = tool_named(tools, suffix)
        assert tool.description and tool.inputSchema["type"] == "object"
        for parameter in tool.inputSchema["properties"].values():
            assert parameter["type"] and parameter["description"]  # typed and documented
    schema = tool_named(tools, "count_tokens").inputSchema["properties"]
    assert schema["text"]["type"] == "string"
    assert schema["tokenizers"] == {**schema["tokenizers"], "type": "array"}
    counts = answer(result)["counts"]
    for name in ("o200k_base", "indic-bpe-ta"):
        backend = loaded.get(name)
        tokens = len(backend.encode_ids(TAMIL))
        assert counts[name]["tokens"] == tokens
        size = len(backend.normalize(TAMIL).encode("utf-8"))
        assert counts[name]["bytes_per_token"] == round(size / tokens, 3)


@pytest.mark.app
def test_token_tax_and_grade_over_sse(app_url: str) -> None:
    async def talk(session: ClientSession) -> tuple[Any, Any, Any]:
        tools = (await session.list_tools()).tools
        tax = await session.call_tool(tool_named(tools, "token_tax").name, {"language": "ta"})
        by_name = await session.call_tool(
            tool_named(tools, "token_tax").name, {"language": "Tamil"}
        )
        grade = await session.call_tool(tool_named(tools, "grade").name, {"text": TAMIL})
        return tax, by_name, grade

    tax, by_name, grade = (answer(result) for result in over_sse(app_url, talk))
    rows = sorted((r for r in board.read_board() if r["language"] == "Tamil"), key=board.tax)
    assert tax == by_name and tax["language"] == "Tamil" and tax["sentences"] == 1012
    assert [(t["tokenizer"], t["token_tax"]) for t in tax["tokenizers"]] == [
        (r["tokenizer"], round(board.tax(r), 2)) for r in rows
    ]
    ours = next(t for t in tax["tokenizers"] if t["ours"])
    assert ours["tokenizer"] == "indic-bpe-ta"
    assert grade["tokenizer"] == "indic-bpe-ta" and isinstance(grade["passed"], bool)


@pytest.mark.app
def test_the_request_limits_apply_to_mcp_calls(app_url: str) -> None:
    async def talk(session: ClientSession) -> list[Any]:
        tools = (await session.list_tools()).tools
        count = tool_named(tools, "count_tokens").name
        return [
            await session.call_tool(count, {"text": "क" * 100_001, "tokenizers": ["gpt2"]}),
            await session.call_tool(count, {"text": "नमस्ते", "tokenizers": ["no-such"]}),
            await session.call_tool(tool_named(tools, "token_tax").name, {"language": "xx"}),
        ]

    too_long, unknown, language = (answer(result) for result in over_http(app_url, talk))
    assert "100,000" in too_long["error"]
    assert "no-such" in unknown["error"]
    assert "unknown language" in language["error"]
