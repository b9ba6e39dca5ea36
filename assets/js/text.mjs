// Text without the DOM: code points, UTF-8 byte offsets, which characters get a visible mark,
// and how text too heavy for a browser's layout is cut into pieces.

// ---- numbers ------------------------------------------------------------------------------
const formats = {}; // one Intl.NumberFormat per precision: making one costs milliseconds
export function fmt(n, digits = 0) {
  formats[digits] ??= new Intl.NumberFormat("en-US",
    { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return formats[digits].format(n);
}
// 4999 -> "4,999"; 128256 -> "128k": what the picker shows beside each name
export function vocabShort(n) {
  return n < 10000 ? fmt(n) : `${Math.round(n / 1000)}k`;
}
// A sentence from a message that starts lower-case (the server's messages do).
export function sentence(message) {
  return message ? message[0].toUpperCase() + message.slice(1) : message;
}
// The server's message templates have {name} fields ("{chars} characters").
export function fillIn(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
}

// ---- length and offsets -------------------------------------------------------------------
// Code points, the one length unit of the page and the server (a surrogate pair is one).
export function codePoints(text) {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { n--; i++; }
    }
  }
  return n;
}
// The text's UTF-8 bytes and, for each byte offset that starts a character, its UTF-16
// index (-1 inside a character): token spans are byte offsets. `slow`: it holds a run of
// marks a browser lays out slowly (see HEAVY_RUN).
export function textIndex(text) {
  const bytes = new TextEncoder().encode(text);
  const at = new Int32Array(bytes.length + 1).fill(-1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    at[b] = i;
    const c = text.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) { b += 4; i++; }
    else b += 3;
  }
  at[b] = text.length;
  return { text, bytes, at, slow: HEAVY_RUN.test(text) };
}
// The text of bytes [start, end), or null when either end falls inside a character.
export function sliceText(index, start, end) {
  const a = index.at[start], b = index.at[end];
  return a >= 0 && b >= 0 ? index.text.slice(a, b) : null;
}
export function hex(bytes) {
  return Array.from(bytes, (x) => x.toString(16).toUpperCase().padStart(2, "0")).join(" ");
}

// ---- characters shown as marks ------------------------------------------------------------
const CONTROL = /^[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]$/;
const BIDI_NAMES = {
  "\u202A": "LRE", "\u202B": "RLE", "\u202C": "PDF", "\u202D": "LRO", "\u202E": "RLO",
  "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
  "\u200E": "LRM", "\u200F": "RLM", "\u061C": "ALM",
};
const DIRECTION_MARKS = "\u200E\u200F\u061C";
// The marks of whitespace and joiners, everywhere on the page: the cards (with "whitespace"
// on), the details panel, the Lab; indictok/text.py has the same table (tests/test_marks.py).
export const WHITESPACE_MARKS = {
  " ": "·", "\t": "→", "\n": "↵", "\r": "␍", "\u00A0": "⍽",
  "\u200D": "⟨ZWJ⟩", "\u200C": "⟨ZWNJ⟩",
};
// Always marked: controls and the bidi overrides/embeddings/isolates that would reorder
// what follows them. With whitespace marks on (`ws`), also spaces, joiners and direction marks.
const ALWAYS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const WITH_WS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069 \t\n\r\u00A0\u200C-\u200F\u061C]/;

export function needsMarks(text, ws) {
  return (ws ? WITH_WS : ALWAYS).test(text);
}
// The mark shown for one character, or null to show it as itself.
export function markOf(ch, ws) {
  if (CONTROL.test(ch)) return ch === "\u007F" ? "␡" : String.fromCharCode(0x2400 + ch.charCodeAt(0));
  const bidi = BIDI_NAMES[ch];
  if (bidi && (ws || !DIRECTION_MARKS.includes(ch))) return `⟨${bidi}⟩`;
  if (ws && WHITESPACE_MARKS[ch]) return ch === "\n" ? "↵\n" : WHITESPACE_MARKS[ch]; // the card's line ends too
  return null;
}
const repeated = (mark, n) => (n > 3 ? `${mark}×${n}` : mark.repeat(n));
// `text` as runs [{text, mark}]: plain text, and runs of marks, where a mark repeated more
// than 3 times is written once with its count ("⟨ZWJ⟩×48"): a unit of many marks stays a
// few elements and a little text.
export function markRuns(text, ws) {
  const runs = [];
  let plain = "", marks = "", last = null, n = 0;
  const flushMark = () => { if (n) marks += repeated(last, n); last = null; n = 0; };
  const flushMarks = () => {
    flushMark();
    if (marks) runs.push({ text: marks, mark: true });
    marks = "";
  };
  for (const ch of text) {
    const mark = markOf(ch, ws);
    if (mark === null) { flushMarks(); plain += ch; continue; }
    if (plain) { runs.push({ text: plain, mark: false }); plain = ""; }
    if (mark !== last) flushMark();
    last = mark; n++;
  }
  flushMarks();
  if (plain) runs.push({ text: plain, mark: false });
  return runs;
}

// ---- pathological text: cut into isolated pieces --------------------------------------------
// Chromium lays out one huge grapheme cluster (thousands of combining marks or joiners after
// one letter), or one run of thousands of marks, in quadratic time. A drawn unit holding more
// than CUT_LIMIT such characters is cut into pieces of PIECE code points, each its own
// isolated inline block; the text box shows such text the same way.
export const CUT_LIMIT = 300;
export const PIECE = 48;
const HEAVY = /[\p{M}\p{Cf}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu; // marks, joiners, bidi, other format and control characters
const HEAVY_WS = /[\p{M}\p{Cf}\p{Cc}\s\u00A0]/gu; // ... and what the whitespace marks show
export const HEAVY_RUN = new RegExp(`[\\p{M}\\p{Cf}\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]{${CUT_LIMIT + 1}}`, "u");

// How many characters of `text` are heavy to lay out (0 for short text: no need to count).
export function heavyCount(text, ws) {
  if (text.length <= CUT_LIMIT) return 0;
  const re = ws ? HEAVY_WS : HEAVY;
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}
// [start, end) UTF-16 ranges of PIECE code points each (a surrogate pair is never cut).
export function pieces(text) {
  const out = [];
  let start = 0, n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) i++;
    if (++n < PIECE && i < text.length - 1) continue;
    out.push([start, i + 1]);
    start = i + 1; n = 0;
  }
  return out;
}

// A token's piece with its whitespace as marks (space ·, tab →, newline ↵; WHITESPACE_MARKS).
export function visibleText(text) {
  return Array.from(text, (ch) => WHITESPACE_MARKS[ch] ?? ch).join("");
}
