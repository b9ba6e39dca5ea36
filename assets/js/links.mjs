// Building a link to a view, in the browser: the static page has no server to ask, so this
// is indictok/app/permalink.py `to_query` ported (the same parameters and limit; the text
// zlib-deflated by the browser, which permalink.mjs `readLink` reads like the server's).

// base64url (no padding) of the zlib-deflated UTF-8 text.
export async function packText(text) {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// The query string for state.linkRequest(state); without the text (and with the note) when
// it would be longer than `maxBytes`.
export async function toQuery(request, config, maxBytes) {
  const p = config.link.params;
  const rest = [[p.tokenizers, request.tokenizers.join(",")], [p.view, request.view]];
  if (request.language !== "auto") rest.push([p.language, request.language]);
  if (request.whitespace) rest.push([p.whitespace, "1"]);
  if (request.embed) rest.push([p.embed, "1"]);
  const withText = new URLSearchParams([[p.text, await packText(request.text)], ...rest]).toString();
  if (withText.length <= maxBytes) return withText;
  return new URLSearchParams([...rest, [p.note, config.link.too_long_note]]).toString();
}
