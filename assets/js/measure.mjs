// A tokenizer's ids -> the card data the server sends (indictok/app/contract.py `Card`):
// byte spans, relation codes, akshara groups and the metrics. A port of indictok/segments.py
// and indictok/metrics.py, which stay the specification (tests/js/exactness.test.mjs checks
// this module against them on every held-out line).

// Python's str.isspace() characters: str.split() and Llama's runs cut at these
// (JavaScript's \s differs: it has U+FEFF and lacks U+001C..U+001F and U+0085).
export const PY_SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const PY_WORDS = /[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
import { INCB, PREPEND } from "./incb.mjs";

const ENCODER = new TextEncoder();
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

// Facts about one text that every tokenizer's card shares.
export class TextFacts {
  constructor(text) {
    this.text = text;
    this.bytes = ENCODER.encode(text);
    const n = this.bytes.length;
    // isChar[b] / isAkshara[b]: byte offset b is a code point / akshara (grapheme) boundary
    this.isChar = new Uint8Array(n + 1);
    this.isAkshara = new Uint8Array(n + 1);
    this.chars = 0;
    for (let b = 0; b < n; b++) {
      if ((this.bytes[b] & 0xc0) !== 0x80) { this.isChar[b] = 1; this.chars++; }
    }
    this.isChar[n] = 1;
    const bounds = [0];
    let at = 0, i = 0;
    for (const [from, to] of chunks(text)) {
      for (const { segment } of GRAPHEMES.segment(text.slice(from, to))) {
        at += utf8Length(text, i, i + segment.length);
        i += segment.length;
        if (i < text.length && joinsConjunct(text, i)) continue;
        bounds.push(at);
      }
    }
    this.aksharaBounds = Int32Array.from(bounds); // [0, end of akshara 1, ...]
    for (const b of bounds) this.isAkshara[b] = 1;
    this.words = (text.match(PY_WORDS) || []).length;
  }

  get graphemes() { return this.aksharaBounds.length - 1; }
}

// The browser's segmenter takes time quadratic in the length of the string it is given: long
// text is given in chunks of about CHUNK code units, cut where every grapheme cluster ends
// anyway (before an ASCII character, unless after a Prepend character or inside CR LF).
const CHUNK = 2000;
export function* chunks(text) {
  let from = 0;
  while (text.length - from > CHUNK) {
    let cut = from + CHUNK;
    while (cut < text.length && !cutsCluster(text, cut)) cut++;
    yield [from, cut];
    from = cut;
  }
  if (from < text.length || !text) yield [from, text.length];
}

const isPrepend = (cp) => PREPEND.some(([a, b]) => cp >= a && cp <= b);
function cutsCluster(text, i) {
  const c = text.charCodeAt(i);
  if (c >= 0x80 || (c === 10 && text.charCodeAt(i - 1) === 13)) return false;
  const before = text.codePointAt((text.charCodeAt(i - 1) & 0xfc00) === 0xdc00 ? i - 2 : i - 1);
  return !isPrepend(before);
}

// Indic_Conjunct_Break of each code point below 0x20000 (the rest have none): 1 Consonant,
// 2 Linker, 3 Extend.
const INCB_OF = new Uint8Array(0x20000);
for (const [code, ranges] of INCB) for (const [a, b] of ranges) if (a < 0x20000) INCB_OF.fill(code, a, Math.min(b, 0x1ffff) + 1);
const incb = (cp) => (cp < 0x20000 ? INCB_OF[cp] : 0);

// Whether the regex module's \X (the specification) keeps UTF-16 index i inside an akshara
// where the browser's segmenter (ICU, Unicode's rule GB9c) cuts: regex joins a consonant to a
// virama (Linker) before it, with only Extend or Linker marks between, whatever precedes the
// virama ("अ्य", "का्क"); ICU also asks for a consonant before it.
export function joinsConjunct(text, i) {
  if (incb(text.codePointAt(i)) !== 1) return false;
  let linker = false;
  for (let j = i; j > 0;) {
    const low = text.charCodeAt(j - 1);
    j -= (low & 0xfc00) === 0xdc00 && j > 1 && (text.charCodeAt(j - 2) & 0xfc00) === 0xd800 ? 2 : 1;
    const code = incb(text.codePointAt(j));
    if (code === 2) linker = true;
    else if (code !== 3) break;
  }
  return linker;
}

// UTF-8 bytes of text.slice(from, to) (UTF-16 indices; a lone surrogate counts 3, as
// TextEncoder writes U+FFFD).
export function utf8Length(text, from = 0, to = text.length) {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < to && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

// Code points in `text` (Python's len).
export function codePointCount(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n--; i++; }
  }
  return n;
}

// Byte spans of byte-level tokens: each token's length from `lengths` (id -> bytes), in a row.
export function spans(ids, lengths) {
  const starts = new Array(ids.length), ends = new Array(ids.length);
  let at = 0;
  for (let k = 0; k < ids.length; k++) {
    starts[k] = at;
    at += lengths[ids[k]];
    ends[k] = at;
  }
  return { starts, ends };
}

// segments.token_relations: 0 whole, 1 split (inside an akshara), 2 partial (inside a code point).
export function relations(facts, starts, ends) {
  const codes = new Array(starts.length);
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k], e = ends[k];
    if (!(facts.isChar[s] && facts.isChar[e])) codes[k] = 2;
    else codes[k] = facts.isAkshara[s] && facts.isAkshara[e] ? 0 : 1;
  }
  return codes;
}

// segments.partial_tokens: tokens that start or end inside a code point.
export function partialTokens(facts, starts, ends) {
  let n = 0;
  for (let k = 0; k < starts.length; k++) if (!(facts.isChar[starts[k]] && facts.isChar[ends[k]])) n++;
  return n;
}

// segments.split_graphemes: aksharas with a token boundary (a token's end) inside them.
export function splitGraphemes(facts, ends) {
  const bounds = facts.aksharaBounds;
  let n = 0, last = -1, j = 0;
  const sorted = isSorted(ends) ? ends : Array.from(ends).sort((a, b) => a - b);
  for (const e of sorted) {
    if (facts.isAkshara[e]) continue;
    while (j < bounds.length && bounds[j] < e) j++; // the insertion point of e
    if (j !== last) { n++; last = j; }
  }
  return n;
}

function isSorted(values) {
  for (let k = 1; k < values.length; k++) if (values[k] < values[k - 1]) return false;
  return true;
}

// segments.group: cut where a token starts or ends on an akshara boundary.
export function group(facts, starts, ends) {
  const n = facts.bytes.length, cut = new Uint8Array(n + 1);
  for (const offsets of [ends, starts]) for (const b of offsets) if (facts.isAkshara[b]) cut[b] = 1;
  cut[0] = 0;
  cut[n] = n > 0 ? 1 : 0;
  const bounds = [0], firsts = [0];
  let k = 0; // tokens whose end <= the bound (searchsorted side="right")
  for (const b of facts.aksharaBounds) {
    if (!cut[b]) continue;
    while (k < ends.length && ends[k] <= b) k++;
    bounds.push(b);
    firsts.push(k);
  }
  if (firsts[firsts.length - 1] < ends.length) { bounds.push(n); firsts.push(ends.length); }
  return { bounds, firsts };
}

function ratio(a, b) { return b ? a / b : 0; }

// metrics.measure: every count for one tokenizer's tokens of one text, and the ratios.
export function stats(facts, starts, ends) {
  const tokens = starts.length;
  const partial = partialTokens(facts, starts, ends), split = splitGraphemes(facts, ends);
  return {
    tokens, bytes: facts.bytes.length, chars: facts.chars, words: facts.words,
    graphemes: facts.graphemes, partial_tokens: partial, split_graphemes: split,
    bytes_per_token: ratio(facts.bytes.length, tokens), chars_per_token: ratio(facts.chars, tokens),
    tokens_per_word: ratio(tokens, facts.words), partial_share: ratio(partial, tokens),
    split_share: ratio(split, facts.graphemes),
  };
}

// The card of a byte-level tokenizer (contract.Card) from its ids for `facts.text`.
// `info`: {name, label, vocab, lang}; `premium`: tokens ÷ the English original's, or null.
export function cardData(info, facts, ids, lengths, premium = null) {
  const { starts, ends } = spans(ids, lengths);
  return {
    name: info.name, label: info.label, vocab: info.vocab, lang: info.lang,
    stats: stats(facts, starts, ends), premium, ids: Array.from(ids), starts, ends,
    relations: relations(facts, starts, ends), groups: group(facts, starts, ends),
    empty_pieces: {}, // byte-level tokens always have bytes
  };
}
