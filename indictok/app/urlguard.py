"""ASGI middleware in front of Gradio: requests too large for the app get a clear answer
before any work, and no URL length can make the server fail.

- A page link whose query is too long (a permalink with a huge text) is redirected to the
  same page without its text, keeping the other settings and `note=link-too-long`, which
  the page explains.
- Any other too-long URL: 414. A request body over MAX_BODY_BYTES: 413.
- Gradio surfaces the app does not use are closed: the deep-link route (it writes every
  session's inputs to disk) and the `deep_link` and `page` parameters get 404/400.
- Uploads are bounded by `limits.UPLOADS` (files per request, bytes, rate per visitor).
- The page's direct calls learn who sent them (`scheduler.VISITOR`), for per-visitor caps.
- A malformed call to Gradio's queue (an unknown function index, API name or session) gets
  400 with a short message instead of Gradio's 500.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any
from urllib.parse import parse_qsl, urlencode

from gradio.route_utils import FnIndexInferError

from .limits import MAX_BODY_BYTES, MAX_PATH_BYTES, MAX_QUERY_BYTES, UPLOADS
from .permalink import PARAMS, TOO_LONG_NOTE
from .scheduler import VISITOR

# A too-long link keeps its settings (and Gradio's theme); its text and note are replaced.
KEPT_PARAMS = (*(p for f, p in PARAMS.items() if f not in ("text", "note")), "__theme")
REFUSED_PARAMS = ("deep_link", "page")  # Gradio features this app does not use
CLOSED_PATHS = ("/gradio_api/deep_link", "/deep_link")
UPLOAD_PATHS = ("/gradio_api/upload", "/upload")
PAGE_CALL_PATHS = ("/gradio_api/component_server", "/component_server")
QUEUE_PATHS = ("/gradio_api/queue/", "/gradio_api/call/", "/gradio_api/run/", "/gradio_api/api/")
Scope = dict[str, Any]


def visitor_of(scope: Scope) -> str:
    """Who sent a request: the client address, or behind a proxy on a private address (the
    Space's), the address that proxy added last to X-Forwarded-For."""
    host = str((scope.get("client") or ("?", 0))[0])
    forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-for", b"")
    return visitor_from(host, forwarded.decode("latin-1"))


def visitor_from(host: str, forwarded: str) -> str:
    private = host.startswith(("127.", "10.", "192.168.", "172.")) or host in ("::1", "?")
    if private and forwarded:
        return forwarded.split(",")[-1].strip()[:64] or host
    return host


def visitor_of_request(request: Any) -> str:
    """`visitor_of` for a handler's gr.Request (None: an in-process call, "local")."""
    if request is None:
        return "local"
    client = getattr(request, "client", None)
    host = str(getattr(client, "host", None) or "?")
    headers = getattr(request, "headers", None) or {}
    return visitor_from(host, str(headers.get("x-forwarded-for", "")))


class UploadMeter:
    """Uploads per visitor over the last minute: requests and bytes."""

    def __init__(self) -> None:
        self.recent: dict[str, deque[tuple[float, int]]] = {}

    def allow(self, visitor: str, size: int, now: float | None = None) -> str | None:
        """None if the upload is allowed (and counted), else why not."""
        now = time.monotonic() if now is None else now
        for who in list(self.recent):  # forget visitors idle for a minute
            while self.recent[who] and now - self.recent[who][0][0] > 60:
                self.recent[who].popleft()
            if not self.recent[who]:
                del self.recent[who]
        mine = self.recent.get(visitor, deque())
        if len(mine) >= UPLOADS.requests_per_minute:
            return f"at most {UPLOADS.requests_per_minute} uploads a minute"
        if sum(n for _, n in mine) + size > UPLOADS.bytes_per_minute:
            return f"at most {UPLOADS.bytes_per_minute:,} bytes of uploads a minute"
        mine.append((now, size))
        self.recent[visitor] = mine
        return None


def count_files(body: bytes, content_type: bytes) -> int:
    """Parts of a multipart body that carry a file."""
    return body.count(b"filename=") if b"multipart/" in content_type else 0


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
    return f"{path}?{urlencode([*kept, (PARAMS['note'], TOO_LONG_NOTE)])}"


def refused_param(scope: Scope) -> str | None:
    query = scope.get("query_string", b"").decode("latin-1")
    names = {k for k, _ in parse_qsl(query, keep_blank_values=True, max_num_fields=256)}
    return next((p for p in REFUSED_PARAMS if p in names), None)


class RequestLimits:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.uploads = UploadMeter()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if path in CLOSED_PATHS:
            return await _answer(send, 404, "Deep links are not available in this app.", [])
        if (param := refused_param(scope)) is not None:
            return await _answer(send, 400, f"This app does not use the {param} parameter.", [])
        if path in UPLOAD_PATHS:
            return await self.upload(scope, receive, send)
        if path in PAGE_CALL_PATHS:
            VISITOR.set(visitor_of(scope))
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
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return await _answer(
                send, 413, f"Request body too large (limit: {MAX_BODY_BYTES:,} bytes).", []
            )
        if not path.startswith((*QUEUE_PATHS, *PAGE_CALL_PATHS)):
            return await self.app(scope, _capped(receive, MAX_BODY_BYTES), send)
        return await self.guarded(scope, _capped(receive, MAX_BODY_BYTES), send)

    async def guarded(self, scope: Scope, receive: Any, send: Any) -> None:
        """The app, with a malformed queue call (bad index, name or session) answered 400."""
        started = False

        async def watched(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except (LookupError, ValueError, TypeError, FnIndexInferError) as e:
            if started:
                raise
            name = type(e).__name__
            await _answer(
                send, 400, f"Malformed request: no such function or session ({name}).", []
            )

    async def upload(self, scope: Scope, receive: Any, send: Any) -> None:
        """An upload within limits.UPLOADS, read whole (it is small) and then passed on."""
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length", b"")
        if not length.isdigit() or int(length) > UPLOADS.body_bytes:
            return await _answer(
                send, 413, f"Upload too large (limit: {UPLOADS.bytes_per_file:,} bytes).", []
            )
        body = await _read_body(receive, UPLOADS.body_bytes)
        if body is None:
            return await _answer(send, 413, "Upload too large.", [])
        files = count_files(body, headers.get(b"content-type", b""))
        if files > UPLOADS.files_per_request:
            return await _answer(
                send, 413, f"At most {UPLOADS.files_per_request} file per upload.", []
            )
        if (why := self.uploads.allow(visitor_of(scope), len(body))) is not None:
            return await _answer(send, 429, f"Too many uploads: {why}.", [])
        return await self.app(scope, _replay(body), send)


async def _read_body(receive: Any, limit: int) -> bytes | None:
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        parts.append(message.get("body", b""))
        size += len(parts[-1])
        if size > limit:
            return None
        if not message.get("more_body", False):
            return b"".join(parts)


def _replay(body: bytes) -> Any:
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


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
