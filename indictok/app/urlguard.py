"""ASGI middleware in front of Gradio: requests too large for the app get a clear answer
before any work, and no URL length can make the server fail.

- A page link whose query is too long (a permalink with a huge text) is redirected to the
  same page without its text, keeping the other settings and `note=link-too-long`, which
  the page explains.
- Any other too-long URL: 414. A request body over MAX_BODY_BYTES: 413 (an upload's: over
  MAX_UPLOAD_BODY_BYTES, a 10 MB tokenizer file and its form fields).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..upload import MAX_FILE_BYTES
from .limits import MAX_BODY_BYTES, MAX_QUERY_BYTES

KEPT_PARAMS = ("k", "v", "l", "ws", "embed", "__theme")
MAX_PATH_BYTES = 2_048
MAX_UPLOAD_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024
Scope = dict[str, Any]


async def _answer(send: Any, status: int, body: str, headers: list[tuple[bytes, bytes]]) -> None:
    data = body.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *headers]
    headers.append((b"content-length", str(len(data)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def _without_text(scope: Scope) -> str:
    """The page's path with only the kept settings and a note that the text was dropped."""
    query = scope.get("query_string", b"").decode("latin-1")
    kept = [(k, v) for k, v in parse_qsl(query, max_num_fields=64) if k in KEPT_PARAMS]
    path = scope.get("root_path", "") + scope.get("path", "/")
    return f"{path}?{urlencode([*kept, ('note', 'link-too-long')])}"


class RequestLimits:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_long = len(scope.get("query_string", b"")) > MAX_QUERY_BYTES
        if too_long or len(scope.get("path", "").encode()) > MAX_PATH_BYTES:
            if scope["method"] == "GET" and scope.get("path") == "/":
                location = _without_text(scope).encode("utf-8")
                return await _answer(
                    send, 303, "The link's text was too long.", [(b"location", location)]
                )
            return await _answer(
                send, 414, f"URL too long (limit: {MAX_QUERY_BYTES:,} bytes of query).", []
            )
        limit = body_limit(scope.get("path", ""))
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _answer(send, 413, f"Request body too large (limit: {limit:,} bytes).", [])
        return await self.app(scope, _capped(receive, limit), send)


def body_limit(path: str) -> int:
    """The largest body a request to `path` may send: an upload carries a tokenizer file."""
    return MAX_UPLOAD_BODY_BYTES if path.endswith("/gradio_api/upload") else MAX_BODY_BYTES


def _capped(receive: Any, limit: int) -> Any:
    """`receive` that ends the request (as a disconnect) once the body passes `limit`."""
    seen = 0

    async def wrapped() -> dict[str, Any]:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                return {"type": "http.disconnect"}
        return message

    return wrapped
