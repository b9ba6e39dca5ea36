// One card: a tokenizer's tokens of the text, drawn as units (tokens, or akshara groups) in
// blocks the browser can skip laying out while they are out of view.
import { fillUnit, h } from "./dom.mjs";
import { CUT_LIMIT, fmt, hex, sliceText } from "./text.mjs";

/**
 * The card data the server sends (indictok/app/contract.py `Card`; tests/test_contract.py
 * checks this list of fields against it).
 * @typedef {Object} Card
 * @property {string} name
 * @property {string} label
 * @property {number} vocab
 * @property {string} lang
 * @property {CardStats} stats
 * @property {number|null} premium
 * @property {number[]} ids
 * @property {number[]} starts
 * @property {number[]} ends
 * @property {number[]} relations
 * @property {Groups} groups
 * @property {Object<string, string>} empty_pieces
 * @property {string} [text]
 * @property {string} [own] a visitor's own tokenizer: the key the page sent for it
 * @property {string} [engine]
 */
/**
 * Akshara group k covers bytes [bounds[k], bounds[k+1]) and tokens [firsts[k], firsts[k+1]).
 * @typedef {Object} Groups
 * @property {number[]} bounds
 * @property {number[]} firsts
 */
/**
 * @typedef {Object} CardStats
 * @property {number} tokens
 * @property {number} bytes
 * @property {number} chars
 * @property {number} words
 * @property {number} graphemes
 * @property {number} partial_tokens
 * @property {number} split_graphemes
 * @property {number} bytes_per_token
 * @property {number} chars_per_token
 * @property {number} tokens_per_word
 * @property {number} partial_share
 * @property {number} split_share
 */

// Units go into blocks of about BLOCK units, cut after a newline where one comes soon enough:
// the browser skips the layout of blocks out of view (content-visibility), so drawing and
// scrolling stay fast however many tokens a card has.
export const BLOCK = 1500;
export const BLOCK_MAX = 4000;
export const EAGER_UNITS = 60000; // beyond this, a card draws more as it is scrolled
export const SLOW_EAGER_UNITS = 2000; // the same for text drawn in isolated pieces

export class CardView {
  /**
   * @param {Card} data
   * @param {{text: string, bytes: Uint8Array, at: Int32Array, slow: boolean}} index
   *   the text it points into (text.textIndex), and whether it holds a heavy run
   * @param {{view: string, ws: boolean}} options how to draw: config.views[0] (aksharas) or [1]
   * @param {Object} config the page config (views, relations, palette_size, languages)
   */
  constructor(data, index, options, config) {
    this.data = data;
    this.index = index;
    this.tokens = options.view === config.views[1];
    this.ws = options.ws;
    this.palette = config.palette_size;
    this.relationClass = config.relations.map((r) => (r === "whole" ? "" : r));
    this.partial = config.relations.indexOf("partial");
    const groups = data.groups;
    this.count = this.tokens ? data.ids.length : groups.bounds.length - 1;
    this.starts = this.tokens ? data.starts : groups.bounds;
    this.ends = this.tokens ? data.ends : groups.bounds.slice(1);
    this.els = new Array(this.count);
    this.drawn = 0;
    // Text with a run of marks or joiners: every unit is its own isolated piece, so no block
    // of units lays out as one huge grapheme cluster (in the tokens view units are small).
    this.cutAll = index.slow;
    this.eager = this.cutAll ? SLOW_EAGER_UNITS : EAGER_UNITS;
    const rtl = config.languages.some((l) => l.code === data.lang && l.rtl);
    this.el = this.build(rtl);
  }

  startOf(k) { return this.starts[k]; }
  endOf(k) { return this.ends[k]; }

  build(rtl) {
    const d = this.data, s = d.stats;
    this.body = h("div", { class: "itl-text", dir: rtl ? "rtl" : "auto" });
    this.sentinel = h("span", { class: "itl-sentinel", "aria-hidden": "true" });
    this.body.append(this.sentinel);
    const idsBox = h("pre", { class: "itl-ids", hidden: true });
    const showIds = () => {
      if (idsBox.hidden && !idsBox.textContent) idsBox.textContent = d.ids.join(", ");
      idsBox.hidden = !idsBox.hidden;
    };
    const card = h("section", { class: "itl-card", "data-tokenizer": d.name, "data-token-count": String(s.tokens), "data-engine": d.engine ?? "server" },
      h("header", { class: "itl-head" },
        h("h2", { text: d.label, title: d.name }),
        h("span", { class: "itl-headline" },
          h("span", {}, h("b", { class: "itl-count", text: fmt(s.tokens) }), " tokens"), " · ",
          h("span", {}, h("b", { text: fmt(s.bytes_per_token, 2) }), " bytes/token"), " · ",
          h("span", {}, h("b", { text: fmt(s.chars_per_token, 2) }), " chars/token")),
        h("span", { class: "itl-vocab", text: `vocab ${fmt(d.vocab)}` }),
        h("button", { class: "itl-mini", type: "button", title: "Show every token id", onclick: showIds }, "ids"),
        h("button", { class: "itl-mini", type: "button", title: "Show the whole card",
          onclick: () => card.classList.toggle("itl-expanded") }, "⤢")),
      this.body, idsBox);
    card._card = this;
    return card;
  }

  // The element of unit k: its class (colour by id, relation), its text, its first token.
  unit(k) {
    const d = this.data, el = document.createElement("span");
    let first, last;
    if (this.tokens) {
      first = k; last = k + 1;
      const relation = d.relations[k];
      el.className = `itl-tok c${d.ids[k] % this.palette} ${this.relationClass[relation]}`;
      const text = relation === this.partial ? null : sliceText(this.index, d.starts[k], d.ends[k]);
      if (text === null) el.append(h("span", { class: "itl-hex", text: hex(this.index.bytes.subarray(d.starts[k], d.ends[k])) }));
      else if (text === "") el.append(h("span", { class: "itl-ws", text: d.empty_pieces[String(k)] ?? "∅" }));
      else fillUnit(el, text, this.ws);
    } else {
      first = d.groups.firsts[k]; last = d.groups.firsts[k + 1];
      const n = last - first;
      el.className = n === 0 ? "itl-seg gap" : `itl-seg c${d.ids[first] % this.palette}${n > 1 ? " multi" : ""}`;
      fillUnit(el, sliceText(this.index, this.startOf(k), this.endOf(k)) ?? "", this.ws);
    }
    if (last > first) el.setAttribute("data-index", String(first));
    if (this.cutAll) {
      el.classList.add("itl-piece");
      el.dataset.cut ??= `drawn as an isolated piece: the text holds a run of more than ${fmt(CUT_LIMIT)} combining marks, joiners or controls, which a browser lays out very slowly in one piece`;
    }
    el._unit = k;
    return el;
  }

  // Draw units up to `upTo` (those already drawn stay).
  draw(upTo) {
    const end = Math.min(upTo, this.count);
    if (end <= this.drawn) return;
    let block = this.block, size = this.blockSize || 0, frag = null;
    for (let k = this.drawn; k < end; k++) {
      if (!block || size >= BLOCK_MAX || (size >= BLOCK && this.endsLine(k - 1))) {
        if (frag) block.append(frag);
        block = h("div", { class: "itl-block" });
        this.body.insertBefore(block, this.sentinel);
        size = 0; frag = null;
      }
      if (!frag) frag = document.createDocumentFragment();
      frag.append((this.els[k] = this.unit(k)));
      size++;
    }
    if (frag) block.append(frag);
    this.block = block; this.blockSize = size;
    this.drawn = end;
  }

  endsLine(k) {
    const end = this.endOf(k);
    return end > 0 && this.index.bytes[end - 1] === 10; // the unit's text ends with "\n"
  }

  done() { return this.drawn >= this.count; }

  // What hovering unit k says.
  title(k) {
    const d = this.data;
    if (this.tokens) {
      const bytes = this.index.bytes.subarray(d.starts[k], d.ends[k]);
      return `token ${k + 1} of ${d.ids.length} · id ${d.ids[k]} · bytes ${hex(bytes) || "none"}`;
    }
    const ids = d.ids.slice(d.groups.firsts[k], d.groups.firsts[k + 1]);
    return ids.length ? `ids ${ids.join(", ")}` : "no token covers this text (the tokenizer drops it)";
  }

  // Units overlapping bytes [b0, b1) (a zero-width range: the unit containing b0).
  overlapping(b0, b1) {
    let lo = 0, hi = this.count; // first unit whose end > b0
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.endOf(mid) > b0) hi = mid; else lo = mid + 1; }
    const found = [];
    for (let k = lo; k < this.count && (this.startOf(k) < b1 || (b1 === b0 && this.startOf(k) <= b0)); k++) {
      found.push(k);
      if (b1 === b0) break;
    }
    return found;
  }
}

// A card whose tokenizer the browser is still fetching (no token count yet).
export function loadingCard(d) {
  return h("section", { class: "itl-card itl-loading", "data-tokenizer": d.name, "data-engine": "browser", "aria-busy": "true" },
    h("header", { class: "itl-head" }, h("h2", { text: d.label })), h("p", { class: "itl-note", text: "loading this tokenizer into your browser…" }));
}

// A card for a tokenizer that could not answer.
export function unavailableCard(d) {
  return h("section", { class: "itl-card itl-unavailable", "data-tokenizer": d.name, "data-token-count": "0", "data-engine": d.engine ?? "server" },
    h("header", { class: "itl-head" }, h("h2", { text: d.label })), h("p", { class: "itl-error", text: d.error }));
}
