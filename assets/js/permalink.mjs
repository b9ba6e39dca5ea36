// Reading a link to a view of the page. Links are built by the server (indictok/app/
// permalink.py `to_query`), so this is the one reader; the parameter names, the note for a
// text left out and the messages come from the page config (config.link, config.messages).
// tests/permalink_vectors.json: queries the server builds and this file reads.

// The text of a `t` parameter: base64url of zlib-deflated UTF-8. Throws the config's
// message when it is damaged or larger than the app accepts.
export async function unpackText(packed, config) {
  let bytes;
  try {
    const binary = atob(packed.replace(/-/g, "+").replace(/_/g, "/"));
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch (e) {
    throw new Error(config.messages.link_damaged);
  }
  const data = await inflate(bytes, config.limits.max_bytes, config.messages);
  return new TextDecoder().decode(data);
}

// Inflate at most `limit` bytes: a small link must not unpack into a huge text.
async function inflate(bytes, limit, messages) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) { reader.cancel().catch(() => {}); throw new RangeError(messages.link_too_large); }
      chunks.push(value);
    }
  } catch (e) {
    throw e instanceof RangeError ? new Error(e.message) : new Error(messages.link_damaged);
  }
  const data = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) { data.set(chunk, at); at += chunk.length; }
  return data;
}

// The state a link asks for: {tokenizers?, view?, language?, whitespace, embed, text?} and
// what was wrong with it (`problems`, the config's words). Absent fields: the page's defaults.
export async function readLink(params, config) {
  const p = config.link.params, state = {}, problems = [];
  const known = new Set(config.tokenizers.map((t) => t.name));
  if (params.has(p.tokenizers)) {
    const names = params.get(p.tokenizers).split(",").filter((n) => known.has(n));
    if (names.length) state.tokenizers = names;
    else problems.push(config.messages.link_no_tokenizer);
  }
  if (config.views.includes(params.get(p.view))) state.view = params.get(p.view);
  const language = params.get(p.language);
  if (config.languages.some((l) => l.code === language)) state.language = language;
  state.whitespace = params.get(p.whitespace) === "1";
  state.embed = params.get(p.embed) === "1";
  if (params.get(p.note) === config.link.too_long_note) problems.push(config.messages.link_too_long);
  if (params.has(p.text)) {
    try { state.text = await unpackText(params.get(p.text), config); }
    catch (e) { problems.push(e.message); state.text = ""; }
  }
  return { state, problems };
}
