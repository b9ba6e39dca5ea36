// Tokenizers in the browser, each run by its vendor's own code: rank files (ours, OpenAI's,
// Llama's, Qwen's, Tekken's) by tiktoken's WASM build, tokenizer.json files (DeepSeek V4) by
// tokenizers.js; both vendored in assets/vendor/ (scripts/vendor_js.py). The text rules that
// each vendor's Python code applies around the library are ported here: NFC (ours, Qwen),
// Qwen's 100,000-character chunks, Llama's 25,000-character runs (indictok/backends/vendors.py).
import { PY_SPACE, codePointCount, utf8Length } from "./measure.mjs";

// How an engine reaches its files: `bytes(url)` -> Uint8Array, `text(url)` -> string,
// `module(url)` -> the ES module. The page uses fetch and import(); node tests read files.
export const webIO = {
  bytes: async (url) => new Uint8Array(await (await ok(await fetch(url))).arrayBuffer()),
  text: async (url) => (await ok(await fetch(url))).text(),
  module: (url) => import(new URL(url, document.baseURI).href),
};

async function ok(response) {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  return response;
}

let tiktoken = null; // the WASM module, instantiated once per page

async function tiktokenModule(vendor, io) {
  if (!tiktoken) {
    tiktoken = (async () => {
      const glue = await io.module(vendor.tiktoken_glue);
      const { instance } = await WebAssembly.instantiate(await io.bytes(vendor.tiktoken_wasm), { "./tiktoken_bg.js": glue });
      glue.__wbg_set_wasm(instance.exports);
      return glue;
    })();
  }
  return tiktoken;
}

// A `.tiktoken` rank file (`<base64 token> <rank>` per line) -> each rank's length in bytes,
// read from the base64 length alone (the tokens themselves are decoded inside the WASM).
export function rankLengths(text) {
  const entries = [];
  let max = 0;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    const space = text.indexOf(" ", at);
    if (space > at && space < end) {
      const b64 = space - at;
      const pad = (text[space - 1] === "=") + (text[space - 2] === "=");
      const rank = Number(text.slice(space + 1, end));
      entries.push(rank, (b64 / 4) * 3 - pad);
      if (rank > max) max = rank;
    }
    at = end + 1;
  }
  const lengths = new Int32Array(max + 1);
  for (let k = 0; k < entries.length; k += 2) lengths[entries[k]] = entries[k + 1];
  return lengths;
}

// ---- the vendors' text rules around the library ---------------------------------------

const LLAMA_MAX_RUN = 25000, LLAMA_MAX_CHARS = 400000, QWEN_CHUNK = 100000;

// vendors.llama_pieces: slices of 400,000 code points, each cut so that no piece holds more
// than 25,000 consecutive whitespace or non-whitespace characters.
const SPACE_CLASS = PY_SPACE.source.slice(1, -1);
const LONG_RUN = new RegExp(`[${SPACE_CLASS}]{${LLAMA_MAX_RUN + 1}}|[^${SPACE_CLASS}]{${LLAMA_MAX_RUN + 1}}`, "u");

export function llamaPieces(text) {
  if (text.length <= LLAMA_MAX_RUN) return [text];
  if (codePointCount(text) <= LLAMA_MAX_CHARS && !LONG_RUN.test(text)) return [text]; // the common case
  const pieces = [];
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += LLAMA_MAX_CHARS) pieces.push(...runsCapped(chars.slice(i, i + LLAMA_MAX_CHARS), LLAMA_MAX_RUN));
  return pieces;
}

function runsCapped(chars, cap) {
  const pieces = [];
  let run = 0, isSpace = chars.length > 0 && PY_SPACE.test(chars[0]), start = 0;
  for (let i = 0; i < chars.length; i++) {
    const space = PY_SPACE.test(chars[i]);
    if (isSpace !== space) { run = 1; isSpace = space; }
    else if (++run > cap) { pieces.push(chars.slice(start, i).join("")); start = i; run = 1; }
  }
  pieces.push(chars.slice(start).join(""));
  return pieces;
}

// vendors.qwen_pieces: the text whole up to 100,000 code points, else its lines (each with
// its newline in front) packed into chunks of at most that.
export function qwenPieces(text) {
  if (text.length <= QWEN_CHUNK || codePointCount(text) <= QWEN_CHUNK) return [text];
  const parts = [];
  text.split("\n").forEach((line, i) => {
    const piece = Array.from(i === 0 ? line : `\n${line}`);
    for (let j = 0; j < Math.max(piece.length, 1); j += QWEN_CHUNK) parts.push(piece.slice(j, j + QWEN_CHUNK));
  });
  const chunks = [];
  let current = [], size = 0;
  for (const part of parts) {
    if (size + part.length > QWEN_CHUNK && current.length) { chunks.push(current.join("")); current = []; size = 0; }
    current.push(part.join(""));
    size += part.length;
  }
  if (current.length) chunks.push(current.join(""));
  return chunks;
}

const PIECES = { llama: llamaPieces, qwen: qwenPieces };

// ---- engines --------------------------------------------------------------------------

// One tokenizer in the browser: `encode(text)` -> {text: the text the ids spell (normalised),
// ids}; `lengths[id]`: each id's length in bytes (0: no such id); `tokenBytes(id)`;
// `decode(ids)` -> bytes. `spec` is indictok/browser.py's entry; each file loads once.
const loads = new Map();
export function loadEngine(spec, vendor, io = webIO) {
  const key = `${spec.library} ${spec.url} ${spec.pattern}`;
  if (!loads.has(key)) loads.set(key, buildEngine(spec, vendor, io));
  return loads.get(key);
}

async function buildEngine(spec, vendor, io) {
  if (spec.library === "tiktoken") {
    const [glue, ranks] = await Promise.all([tiktokenModule(vendor, io), spec.data ?? io.text(spec.url)]);
    return tiktokenEngine(glue, spec, ranks);
  }
  if (spec.library === "tokenizers") {
    const [lib, json] = await Promise.all([io.module(vendor.tokenizers), spec.data ?? io.text(spec.url)]);
    return tokenizersEngine(lib, spec, JSON.parse(json));
  }
  throw new Error(`${spec.name}: no browser engine for ${spec.library}`);
}

function tiktokenEngine(glue, spec, ranks) {
  const encoder = new glue.Tiktoken(ranks, spec.special_tokens ?? {}, spec.pattern);
  const pieces = PIECES[spec.pieces];
  const encodeIds = pieces
    ? (t) => pieces(t).flatMap((p) => Array.from(encoder.encode_ordinary(p)))
    : (t) => encoder.encode_ordinary(t);
  const lengths = rankLengths(ranks);
  const tokenBytes = (id) => encoder.decode_single_token_bytes(id);
  const decode = (ids) => encoder.decode(Uint32Array.from(ids));
  const engine = makeEngine(spec, lengths, encodeIds, tokenBytes, decode);
  let rankOf = null; // token bytes (as a binary string) -> rank, built on first use
  engine.parents = (id) => {
    rankOf ??= rankMap(ranks);
    return mergeParents(String.fromCharCode(...tokenBytes(id)), id, rankOf);
  };
  return engine;
}

// A rank file's tokens -> their ranks (keys: the bytes as a binary string, atob's form).
export function rankMap(text) {
  const map = new Map();
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) map.set(atob(line.slice(0, space)), Number(line.slice(space + 1)));
  }
  return map;
}

// The merge that made token `rank` (bytes `bin`): byte-pair encode its bytes with only the
// ranks below its own; the two parts left are its parents (null: a single byte, seeded).
export function mergeParents(bin, rank, rankOf) {
  const parts = [...bin].map((c) => c);
  if (parts.length < 2) return null;
  for (;;) {
    let best = -1, bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const r = rankOf.get(parts[i] + parts[i + 1]);
      if (r !== undefined && r < rank && r < bestRank) { best = i; bestRank = r; }
    }
    if (best < 0) break;
    parts.splice(best, 2, parts[best] + parts[best + 1]);
  }
  if (parts.length !== 2) return null;
  return { left: rankOf.get(parts[0]), right: rankOf.get(parts[1]), rank };
}

function tokenizersEngine(lib, spec, data) {
  const lengths = hfLengths(data), bytesOf = hfBytes(data);
  // typed special-token strings are text (the Python side sets encode_special_tokens)
  data.added_tokens = data.added_tokens.filter((t) => !t.special);
  const tokenizer = new lib.Tokenizer(data, {});
  const encodeIds = (t) => (t ? tokenizer.encode(t, { add_special_tokens: false }).ids : []);
  const decode = (ids) => concat(ids.map(bytesOf));
  return makeEngine(spec, lengths, encodeIds, bytesOf, decode);
}

function makeEngine(spec, lengths, encodeIds, tokenBytes, decode) {
  const normalize = spec.nfc ? (t) => t.normalize("NFC") : (t) => t;
  return {
    spec, lengths, tokenBytes, decode,
    vocab: spec.vocab ?? lengths.length,
    encode(text) { const t = normalize(text); return { text: t, ids: encodeIds(t) }; },
    countIds(text) { return encodeIds(normalize(text)).length; },
  };
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// GPT-2's byte -> character map (export.byte_level_string), reversed: character -> byte.
const BYTE_OF = (() => {
  const printable = [];
  for (let b = 0; b < 256; b++) if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174) printable.push(b);
  const map = new Map();
  let extra = 0;
  for (let b = 0; b < 256; b++) map.set(String.fromCharCode(printable.includes(b) ? b : 256 + extra++), b);
  return map;
})();

// A byte-level tokenizer.json's id -> its bytes (added tokens: their UTF-8 text).
function hfBytes(data) {
  const pieces = [];
  for (const [piece, id] of Object.entries(data.model.vocab)) pieces[id] = piece;
  const added = new Map(data.added_tokens.map((t) => [t.id, new TextEncoder().encode(t.content)]));
  return (id) => {
    if (added.has(id)) return added.get(id);
    const piece = pieces[id];
    if (piece === undefined) throw new RangeError(`no token has id ${id}`);
    return Uint8Array.from(piece, (c) => BYTE_OF.get(c));
  };
}

// A byte-level tokenizer.json's id -> bytes length: a piece's characters are bytes (GPT-2's
// byte-to-character map); an added token is its UTF-8 text.
function hfLengths(data) {
  const vocab = data.model.vocab;
  let max = 0;
  for (const id of Object.values(vocab)) if (id > max) max = id;
  for (const t of data.added_tokens) if (t.id > max) max = t.id;
  const lengths = new Int32Array(max + 1);
  for (const [piece, id] of Object.entries(vocab)) lengths[id] = piece.length;
  for (const t of data.added_tokens) lengths[t.id] = utf8Length(t.content);
  return lengths;
}
