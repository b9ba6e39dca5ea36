// Indic Tokenizer Lab: the workbench (text box, controls, token cards), drawn in the browser.
// Gradio runs this file as the js_on_load of one gr.HTML (indictok/app/layout.py): `element`
// is its root, `server.tokenize` the server function of indictok/app/workbench.py, and CONFIG
// (prepended by Python) the tokenizer catalogue, examples and limits.
// User text reaches the DOM only through textContent and input values, never as markup.

const PALETTE_SIZE = 9; // Paul Tol's "light" colours, c0..c8 in style.css
const FIRST_CHUNK = 700; // units drawn before the first paint
const CHUNK = 6000; // units drawn per later step (over all cards)
const EAGER_UNITS = 60000; // beyond this, a card draws more as it is scrolled
const SLOW_EAGER_UNITS = 2000; // the same for text drawn in isolated pieces (see below)
// Units go into blocks of about BLOCK units, cut after a newline where one comes soon enough:
// the browser skips the layout of blocks out of view (content-visibility), so drawing and
// scrolling stay fast however many tokens a card has.
const BLOCK = 1500, BLOCK_MAX = 4000;
const RELATION_CLASS = ["", "split", "partial"];

const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null) el.append(child);
  return el;
};
const formats = {}; // one Intl.NumberFormat per precision: making one costs milliseconds
const fmt = (n, digits = 0) => (formats[digits] ??= new Intl.NumberFormat("en-US",
  { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(n);
const ratio = (a, b) => (b ? a / b : 0);
// 4999 -> "4,999"; 128256 -> "128k": what the picker shows beside each name
const vocabShort = (n) => (n < 10000 ? fmt(n) : `${Math.round(n / 1000)}k`);

// ---- How characters are shown ---------------------------------------------------------
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const BIDI_NAMES = {
  "\u202A": "LRE", "\u202B": "RLE", "\u202C": "PDF", "\u202D": "LRO", "\u202E": "RLO",
  "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
  "\u200E": "LRM", "\u200F": "RLM", "\u061C": "ALM",
};
const WHITESPACE_MARKS = {
  " ": "·", "\t": "→", "\n": "↵\n", "\r": "␍", "\u00A0": "⍽",
  "\u200D": "⟨ZWJ⟩", "\u200C": "⟨ZWNJ⟩",
};
// Always marked: controls and the bidi overrides/embeddings/isolates that would reorder
// what follows them. With "whitespace" on, also spaces, joiners and direction marks.
const ALWAYS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const WITH_WS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069 \t\n\r\u00A0\u200C-\u200F\u061C]/;

function markOf(ch, ws) {
  if (CONTROL.test(ch)) { CONTROL.lastIndex = 0; return ch === "\u007F" ? "␡" : String.fromCharCode(0x2400 + ch.charCodeAt(0)); }
  CONTROL.lastIndex = 0;
  const bidi = BIDI_NAMES[ch];
  if (bidi && (ws || !"\u200E\u200F\u061C".includes(ch))) return `⟨${bidi}⟩`;
  if (ws && WHITESPACE_MARKS[ch]) return WHITESPACE_MARKS[ch];
  return null;
}

// ---- Pathological text: cut into isolated pieces ---------------------------------------
// Chromium lays out one huge grapheme cluster (thousands of combining marks or joiners after
// one letter), or one run of thousands of marks, in quadratic time. A drawn unit holding more
// than CUT_LIMIT such characters is cut into pieces of PIECE code points, each its own
// isolated inline block; the unit's tooltip says so. The text box shows such text the same way.
const CUT_LIMIT = 300, PIECE = 48;
const HEAVY = /[\p{M}\p{Cf}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu; // marks, joiners, bidi and other format and control characters
const HEAVY_WS = /[\p{M}\p{Cf}\p{Cc}\s\u00A0]/gu; // ... and what "whitespace" marks
const HEAVY_RUN = new RegExp(`[\\p{M}\\p{Cf}\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]{${CUT_LIMIT + 1}}`, "u");
function heavyCount(text, ws) {
  if (text.length <= CUT_LIMIT) return 0;
  const re = ws ? HEAVY_WS : HEAVY;
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}
// Code points, the one length unit of the page and the server (a surrogate pair is one).
function codePoints(text) {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) { const d = text.charCodeAt(i + 1); if (d >= 0xdc00 && d < 0xe000) { n--; i++; } }
  }
  return n;
}
// Put `text` into `el` in isolated pieces of PIECE code points; returns how many.
function fillPieces(el, text, ws) {
  const frag = document.createDocumentFragment();
  let pieces = 0, start = 0, n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) i++;
    if (++n < PIECE && i < text.length - 1) continue;
    const piece = document.createElement("span");
    piece.className = "itl-piece";
    fillText(piece, text.slice(start, i + 1), ws);
    frag.append(piece);
    pieces++; start = i + 1; n = 0;
  }
  el.append(frag);
  return pieces;
}
// fillText, or fillPieces for a unit too heavy to lay out whole (noted in el.dataset).
function fillUnit(el, text, ws) {
  const heavy = heavyCount(text, ws);
  if (heavy <= CUT_LIMIT) return fillText(el, text, ws);
  el.dataset.cut = `cut into ${fmt(fillPieces(el, text, ws))} isolated pieces: it holds ${fmt(heavy)} combining marks, joiners, controls or whitespace marks, which a browser lays out very slowly in one piece`;
}

// Put `text` into `el`; characters that need a mark become dimmed mark spans: one span per
// run of marks, and a mark repeated more than 3 times is written once with its count
// ("⟨ZWJ⟩×48"), so a unit of many marks stays a few elements and a little text.
const repeated = (mark, n) => (n > 3 ? `${mark}×${n}` : mark.repeat(n));
function fillText(el, text, ws) {
  if (!(ws ? WITH_WS : ALWAYS).test(text)) { el.textContent = text; return; }
  let run = "", marks = "", last = null, n = 0;
  const flushMark = () => { if (n) marks += repeated(last, n); last = null; n = 0; };
  const flushMarks = () => { flushMark(); if (marks) el.append(h("span", { class: "itl-ws", text: marks })); marks = ""; };
  if (!el.firstChild && [...text].every((ch) => markOf(ch, ws) !== null)) { // marks only: no inner span
    for (const ch of text) { const mark = markOf(ch, ws); if (mark !== last) flushMark(); last = mark; n++; }
    flushMark();
    el.textContent = marks;
    el.classList.add("itl-ws");
    return;
  }
  for (const ch of text) {
    const mark = markOf(ch, ws);
    if (mark === null) { flushMarks(); run += ch; continue; }
    if (run) { el.append(run); run = ""; }
    if (mark !== last) flushMark();
    last = mark; n++;
  }
  flushMarks();
  if (run) el.append(run);
}

// ---- Text as UTF-8: token spans are byte offsets ----------------------------------------
function textIndex(text) {
  const bytes = new TextEncoder().encode(text);
  const at = new Int32Array(bytes.length + 1).fill(-1); // byte offset -> UTF-16 index
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
  return { text, bytes, at };
}
const hex = (bytes) => Array.from(bytes, (x) => x.toString(16).toUpperCase().padStart(2, "0")).join(" ");
function sliceText(index, start, end) {
  const a = index.at[start], b = index.at[end];
  return a >= 0 && b >= 0 ? index.text.slice(a, b) : null;
}

// ---- One card: the units it draws (tokens, or akshara groups) ----------------------------
class Card {
  constructor(data, index, view, ws) {
    this.data = data;
    this.index = index;
    this.view = view;
    this.ws = ws;
    const groups = data.groups;
    if (view === "tokens") {
      this.count = data.ids.length;
      this.startOf = (k) => data.starts[k];
      this.endOf = (k) => data.ends[k];
    } else {
      this.count = groups.bounds.length - 1;
      this.startOf = (k) => groups.bounds[k];
      this.endOf = (k) => groups.bounds[k + 1];
    }
    this.els = new Array(this.count);
    this.drawn = 0;
    // Text with a run of marks or joiners: every unit is its own isolated piece, so no block
    // of units lays out as one huge grapheme cluster (in the tokens view units are small).
    index.slow ??= HEAVY_RUN.test(index.text);
    this.cutAll = index.slow;
    this.eager = this.cutAll ? SLOW_EAGER_UNITS : EAGER_UNITS;
    this.el = this.build();
  }

  build() {
    const d = this.data, s = d.stats;
    this.body = h("div", { class: "itl-text", dir: CONFIG.rtl.includes(d.lang) ? "rtl" : "auto" });
    this.sentinel = h("span", { class: "itl-sentinel", "aria-hidden": "true" });
    this.body.append(this.sentinel);
    const idsBox = h("pre", { class: "itl-ids", hidden: true });
    const showIds = () => {
      if (idsBox.hidden && !idsBox.textContent) idsBox.textContent = d.ids.join(", ");
      idsBox.hidden = !idsBox.hidden;
    };
    const card = h("section", { class: "itl-card", "data-tokenizer": d.name, "data-token-count": String(s.tokens) },
      h("header", { class: "itl-head" },
        h("h3", { text: d.label, title: d.name }),
        h("span", { class: "itl-headline" },
          h("span", {}, h("b", { class: "itl-count", text: fmt(s.tokens) }), " tokens"), " · ",
          h("span", {}, h("b", { text: fmt(ratio(s.bytes, s.tokens), 2) }), " bytes/token"), " · ",
          h("span", {}, h("b", { text: fmt(ratio(s.chars, s.tokens), 2) }), " chars/token")),
        h("span", { class: "itl-vocab", text: `vocab ${fmt(d.vocab)}` }),
        h("button", { class: "itl-mini", type: "button", title: "Show every token id", onclick: showIds }, "ids"),
        h("button", { class: "itl-mini", type: "button", title: "Show the whole card",
          onclick: () => card.classList.toggle("itl-expanded") }, "⤢")),
      this.body, idsBox);
    card._card = this;
    return card;
  }

  unit(k) {
    const d = this.data, el = document.createElement("span");
    let first, last;
    if (this.view === "tokens") {
      first = k; last = k + 1;
      const relation = d.relations[k];
      el.className = `itl-tok c${d.ids[k] % PALETTE_SIZE} ${RELATION_CLASS[relation]}`;
      const text = relation === 2 ? null : sliceText(this.index, d.starts[k], d.ends[k]);
      if (text === null) el.append(h("span", { class: "itl-hex", text: hex(this.index.bytes.subarray(d.starts[k], d.ends[k])) }));
      else if (text === "") el.append(h("span", { class: "itl-ws", text: d.empty_pieces[String(k)] ?? "∅" }));
      else fillUnit(el, text, this.ws);
    } else {
      first = d.groups.firsts[k]; last = d.groups.firsts[k + 1];
      const n = last - first;
      el.className = n === 0 ? "itl-seg gap" : `itl-seg c${d.ids[first] % PALETTE_SIZE}${n > 1 ? " multi" : ""}`;
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

  title(k) {
    const d = this.data;
    if (this.view === "tokens") {
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

// ---- The workbench ----------------------------------------------------------------------
function mountWorkbench(root, server) {
  const params = new URLSearchParams(window.location.search);
  const known = new Set(CONFIG.tokenizers.map((t) => t.name));
  // asked: the visitor's own choice of tokenizers; tokenizers: what the cards show, after the
  // server swapped ours and SentencePiece's for the text's language (asked is kept, so a later
  // text in the first language gets the first choice back).
  const state = { text: "", asked: [...CONFIG.defaults], tokenizers: [...CONFIG.defaults],
    language: "auto", shownLanguage: "", view: "characters", ws: false, english: "", own: [] };
  let cards = [], generation = 0, inflight = false, pending = false, lastAnswer = null;
  const timing = (window.itlTiming = {});

  // controls
  const textarea = h("textarea", { "aria-label": "Text to tokenize", spellcheck: "false", rows: "8",
    placeholder: "यहाँ कोई भी पाठ लिखें या चिपकाएँ… / type or paste any text" });
  const textInfo = h("div", { class: "itl-textinfo", "aria-live": "polite" });
  const status = h("div", { id: "itl-status", role: "status" });
  const langNote = h("span", { id: "itl-lang-note" });
  const cardsEl = h("div", { class: "itl-cards", id: "itl-cards", "data-view": "characters" });
  const pickerCount = h("span", { class: "itl-picker-count" });
  const picker = h("details", { class: "itl-picker", id: "itl-names" },
    h("summary", {}, "Tokenizers ", pickerCount));
  const search = h("input", { type: "search", class: "itl-picker-search", id: "itl-picker-search",
    placeholder: "Filter: llama, qwen, tamil, 200k…", "aria-label": "Filter tokenizers", oninput: filterPicker });
  const noMatch = h("p", { class: "itl-note", hidden: true, text: "No tokenizer matches." });
  const pop = h("div", { class: "itl-pop" }, search, noMatch);
  const boxes = new Map();
  for (const group of [...new Set(CONFIG.tokenizers.map((t) => t.group))]) {
    const fieldset = h("fieldset", {}, h("legend", { text: group }));
    for (const t of CONFIG.tokenizers.filter((x) => x.group === group)) {
      const box = h("input", { type: "checkbox", value: t.name, onchange: onPick });
      boxes.set(t.name, box);
      const words = `${t.name} ${t.label} ${group} ${t.language} ${vocabShort(t.vocab)}`.toLowerCase();
      fieldset.append(h("label", { "data-search": words, title: `${t.name}: ${t.source}` }, box, ` ${t.label} `,
        h("span", { class: "itl-vocab", text: `${vocabShort(t.vocab)} ids`, title: `${fmt(t.vocab)} token ids` })));
    }
    pop.append(fieldset);
  }
  picker.append(pop);
  // open: the filter takes the keys (not on a touch screen, where focus opens the keyboard)
  picker.addEventListener("toggle", () => { if (picker.open && matchMedia("(pointer: fine)").matches) search.focus(); });
  search.addEventListener("keydown", (e) => { // Enter picks the one tokenizer left by the filter
    if (e.key !== "Enter") return;
    e.preventDefault();
    const left = [...pop.querySelectorAll("label:not([hidden]) input")].filter((b) => !b.closest("[hidden]"));
    if (left.length === 1) left[0].click();
  });
  const language = h("select", { id: "itl-language", "aria-label": "Language of our tokenizer", onchange: () => { state.language = language.value; refresh(); } },
    ...CONFIG.languages.map((l) => h("option", { value: l.code, text: l.name })));
  const viewRadios = ["characters", "tokens"].map((v) =>
    h("input", { type: "radio", name: "itl-view", value: v, onchange: () => { state.view = v; redraw(); } }));
  const ws = h("input", { type: "checkbox", id: "itl-ws", onchange: () => { state.ws = ws.checked; redraw(); } });
  const examples = h("select", { id: "itl-examples", "aria-label": "Examples", onchange: onExample },
    h("option", { value: "", text: "Examples…" }),
    ...CONFIG.examples.map((e, i) => h("option", { value: String(i), text: e.label })));
  const linkBox = h("input", { id: "itl-permalink", readonly: true, "aria-label": "Link to this view", placeholder: "link appears here" });
  const linkButton = h("button", { type: "button", class: "itl-button", onclick: copyLink }, "Copy link");
  const english = h("textarea", { id: "itl-english", rows: "2", "aria-label": "English original",
    placeholder: "English original (optional), for the token premium" });
  const metrics = h("details", { class: "itl-more", id: "itl-metrics" },
    h("summary", { text: "Every metric, the token premium vs English, and bars" }),
    english, h("div", { class: "itl-table-wrap" }),
    h("p", { class: "itl-note", text: "token premium = tokens ÷ tokens of the English original, same tokenizer. Ours are trained on Indian text only, so they spend many tokens on English: their premium is low for that reason." }),
    h("div", { class: "itl-bars" }));

  root.append(h("div", { class: "itl-wb" },
    h("div", { class: "itl-bar" },
      picker,
      h("label", { class: "itl-field" }, "Language ", language),
      h("span", { class: "itl-toggle", role: "radiogroup", "aria-label": "View" },
        ...viewRadios.map((r) => h("label", {}, r, ` ${r.value}`))),
      h("label", { class: "itl-field" }, ws, " whitespace"),
      langNote),
    h("div", { class: "itl-main" },
      h("div", { class: "itl-left" },
        h("div", { id: "itl-input" }, textarea),
        h("div", { class: "itl-under" }, examples, textInfo),
        h("div", { class: "itl-linkrow" }, linkButton, linkBox),
        status),
      h("div", { class: "itl-right" }, cardsEl)),
    metrics));

  // events
  textarea.addEventListener("input", () => { state.text = textarea.value; if (HEAVY_RUN.test(state.text)) showText(); refresh(); });
  english.addEventListener("change", () => { state.english = english.value; refresh(); });
  metrics.addEventListener("toggle", () => { if (metrics.open) { if (state.english) refresh(); else drawMetrics(); } });
  cardsEl.addEventListener("mouseover", onHover);
  cardsEl.addEventListener("mouseleave", clearHighlight);
  window.addEventListener("resize", fitCards);
  // A visitor's own tokenizer (uploaded or trained) joins the cards: the tab that made it
  // dispatches itl:own with the key the server keeps it under (app/own.py); newest first.
  document.addEventListener("itl:own", (e) => {
    const key = e.detail && e.detail.key;
    if (typeof key !== "string" || !key) return;
    state.own = [key, ...state.own.filter((k) => k !== key)].slice(0, 2);
    refresh();
  });
  document.addEventListener("click", (e) => { if (picker.open && !picker.contains(e.target)) picker.open = false; });
  picker.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && picker.open) { picker.open = false; picker.querySelector("summary").focus(); }
  });

  function setStatus(message, kind = "info") {
    status.replaceChildren();
    if (message) status.append(h("div", { class: `itl-status itl-${kind}`, text: message }));
  }
  function syncControls() {
    for (const [name, box] of boxes) box.checked = state.tokenizers.includes(name);
    pickerCount.textContent = `(${state.tokenizers.length})`;
    language.value = state.language;
    for (const r of viewRadios) r.checked = r.value === state.view;
    ws.checked = state.ws;
  }
  function filterPicker() {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const fieldset of pop.querySelectorAll("fieldset")) {
      let inGroup = 0;
      for (const label of fieldset.querySelectorAll("label")) {
        const match = terms.every((term) => label.dataset.search.includes(term));
        label.hidden = !match;
        inGroup += match;
      }
      fieldset.hidden = !inGroup;
      shown += inGroup;
    }
    noMatch.hidden = shown > 0;
  }
  function showTextInfo() {
    const t = state.text, bytes = new TextEncoder().encode(t).length;
    const words = t.split(/\s+/).filter(Boolean).length;
    textInfo.textContent = `${fmt(codePoints(t))} characters · ${fmt(bytes)} UTF-8 bytes · ${fmt(words)} words (limit ${fmt(CONFIG.limits.max_chars)} characters)`;
  }
  function tooLong(chars) { // the server's words (indictok/app/limits.py TOO_LONG)
    const m = CONFIG.messages.too_long.replace("{what}", "the text").replace("{chars}", fmt(chars)).replace("{limit}", fmt(CONFIG.limits.max_chars));
    return m[0].toUpperCase() + m.slice(1);
  }
  // The text box, or for text a browser lays out very slowly, a read-only view in pieces.
  const preview = h("div", { class: "itl-preview", id: "itl-preview", hidden: true });
  function showText() {
    const slow = HEAVY_RUN.test(state.text);
    preview.hidden = !slow;
    textarea.hidden = slow;
    preview.replaceChildren();
    if (!slow) return;
    const clear = h("button", { type: "button", class: "itl-button", onclick: () => { setText(""); refresh(); textarea.focus(); } }, "Clear");
    const body = h("div", { class: "itl-preview-text", dir: "auto" });
    const pieces = fillPieces(body, state.text, state.ws);
    preview.append(h("p", { class: "itl-note", text: `This text holds a run of more than ${fmt(CUT_LIMIT)} combining marks, joiners or control characters, which a browser lays out very slowly in a text box; it is shown read-only, cut into ${fmt(pieces)} isolated pieces. Clear it to type.` }), clear, body);
  }

  function onPick(event) {
    const chosen = new Set([...boxes].filter(([, b]) => b.checked).map(([n]) => n));
    state.asked = state.tokenizers = CONFIG.tokenizers.map((t) => t.name).filter((n) => chosen.has(n));
    const picked = CONFIG.tokenizers.find((t) => t.name === event.target.value);
    if (event.target.checked && picked.lang && picked.lang !== state.shownLanguage) {
      state.language = picked.lang; // a tokenizer of another language: show that language
      setStatus(`Language set to ${CONFIG.languages.find((l) => l.code === picked.lang).name}, the language of the tokenizer you picked.`);
      status.dataset.keep = "1";
    }
    syncControls();
    refresh();
  }
  function onExample() {
    const example = CONFIG.examples[Number(examples.value)];
    examples.value = "";
    if (!example) return;
    setText(example.text);
    english.value = state.english = example.english || "";
    if (example.english) metrics.open = true;
    refresh();
  }
  function setText(text) { textarea.value = state.text = text; showText(); }

  // one request at a time; while it runs, only the newest edit waits
  async function refresh() {
    showTextInfo();
    const grade = document.getElementById("itl-grade"); // it graded the text before this edit
    if (grade?.dataset.graded) grade.classList.add("itl-outdated");
    if (inflight) { pending = true; return; }
    const chars = codePoints(state.text);
    if (chars > CONFIG.limits.max_chars) return refused(tooLong(chars));
    if (!state.tokenizers.length) return refused("Choose at least one tokenizer.");
    inflight = true;
    let answer;
    timing.sent = performance.now();
    try {
      const raw = await server.tokenize({ text: state.text, tokenizers: state.asked, language: state.language,
        english: metrics.open ? state.english : "", own: state.own });
      timing.received = performance.now();
      answer = raw ? JSON.parse(raw) : { error: "The server did not answer; try again in a moment." };
      timing.parsed = performance.now();
    } catch (e) {
      answer = { error: `The server did not answer (${e}); try again in a moment.` };
    }
    inflight = false;
    if (pending) { pending = false; return refresh(); }
    if (answer.error) return refused(answer.error);
    lastAnswer = answer;
    state.tokenizers = answer.tokenizers;
    state.shownLanguage = answer.language;
    syncControls();
    langNote.textContent = `Language: ${answer.language_note}`;
    const notes = answer.cards.filter((c) => c.error).map((c) => c.error);
    if (!state.text) notes.push("Type or paste some text, or pick an example.");
    if (notes.length || !status.dataset.keep) setStatus(notes.join(" "));
    delete status.dataset.keep;
    redraw();
  }
  function refused(message) {
    const kept = cards.length ? " The cards still show the previous text (dimmed)." : "";
    setStatus(`Nothing was redrawn: ${message}${kept}`, "error");
    cardsEl.classList.toggle("itl-stale", cards.length > 0);
  }

  // ---- drawing: first screen at once, the rest in steps, far tails on scroll -------------
  function redraw() {
    if (!lastAnswer) return;
    const gen = ++generation;
    cardsEl.classList.remove("itl-stale");
    cardsEl.dataset.view = state.view;
    const indexes = new Map();
    const indexOf = (text) => {
      if (!indexes.has(text)) indexes.set(text, textIndex(text));
      return indexes.get(text);
    };
    cards = lastAnswer.cards.map((d) => {
      if (d.error) return null;
      d.lang = CONFIG.tokenizers.find((t) => t.name === d.name)?.lang || lastAnswer.language;
      return new Card(d, indexOf(d.text ?? state.text), state.view, state.ws);
    });
    cardsEl.replaceChildren(...lastAnswer.cards.map((d, i) => cards[i]?.el ??
      h("section", { class: "itl-card itl-unavailable", "data-tokenizer": d.name, "data-token-count": "0" },
        h("header", { class: "itl-head" }, h("h3", { text: d.label })), h("p", { class: "itl-error", text: d.error }))));
    cards = cards.filter(Boolean);
    for (const card of cards) card.draw(FIRST_CHUNK);
    fitCards();
    timing.firstDrawn = performance.now();
    watchTails(gen);
    timing.generation = gen; // for scripts/page_benchmark.py: first screen painted, all drawn
    requestAnimationFrame(() => setTimeout(() => {
      if (gen === generation) timing.firstScreen = performance.now();
      pump(gen);
    }, 0));
    if (metrics.open) drawMetrics();
  }
  function pump(gen) {
    if (gen !== generation) return;
    let budget = CHUNK;
    for (const card of cards) {
      const target = Math.min(card.count, card.eager, card.drawn + budget);
      budget -= Math.max(0, target - card.drawn);
      card.draw(target);
      if (budget <= 0) break;
    }
    if (cards.some((c) => c.drawn < Math.min(c.count, c.eager))) setTimeout(() => pump(gen), 0);
    else timing.allDrawn = performance.now(); // every eager unit is in the page
  }
  let observer = null;
  function watchTails(gen) {
    if (observer) observer.disconnect();
    observer = new IntersectionObserver((entries) => {
      if (gen !== generation) return;
      for (const e of entries) {
        const card = e.target.closest(".itl-card")?._card;
        if (e.isIntersecting && card && card.drawn >= card.eager && !card.done()) card.draw(card.drawn + (card.cutAll ? SLOW_EAGER_UNITS : CHUNK));
      }
    }, { rootMargin: "600px" });
    for (const card of cards) observer.observe(card.sentinel);
  }
  let cardsTop = null; // where the cards start on the page: measured once, and on resize
  function fitCards(event) {
    const wide = window.matchMedia("(min-width: 900px)").matches;
    const n = Math.max(1, cardsEl.children.length);
    if (cardsTop === null || event) cardsTop = cardsEl.getBoundingClientRect().top + window.scrollY;
    const top = Math.max(0, cardsTop - window.scrollY);
    const room = window.innerHeight - top - n * 52 - 12;
    const per = wide ? Math.max(64, Math.floor(room / n)) : Math.max(120, Math.floor(window.innerHeight * 0.42));
    root.style.setProperty("--itl-card-max", `${per}px`);
  }

  // ---- hover: the same bytes in every card ------------------------------------------------
  let lit = [];
  function clearHighlight() { for (const el of lit) el.classList.remove("itl-hl"); lit = []; }
  function onHover(event) {
    const el = event.target.closest ? event.target.closest(".itl-block > span") : null;
    if (!el || el._unit === undefined) return;
    const card = el.closest(".itl-card")._card, k = el._unit;
    if (!el.title) el.title = card.title(k) + (el.dataset.cut ? ` · ${el.dataset.cut}` : "");
    clearHighlight();
    const b0 = card.startOf(k), b1 = card.endOf(k);
    for (const other of cards) {
      if (other.index !== card.index) continue; // spans point into another (normalised) text
      for (const j of other.overlapping(b0, b1)) {
        const target = other.els[j];
        if (target) { target.classList.add("itl-hl"); lit.push(target); }
      }
    }
    if (!lit.includes(el)) { el.classList.add("itl-hl"); lit.push(el); }
  }

  // ---- metrics table and bars (drawn only while open) ---------------------------------------
  function drawMetrics() {
    if (!lastAnswer) return;
    const ok = lastAnswer.cards.filter((c) => !c.error);
    const head = ["tokenizer", "vocab", "tokens", "bytes/token", "chars/token", "tokens/word", "aksharas", "partial-byte tokens", "aksharas split", "token premium vs English"];
    const row = (c) => {
      const s = c.stats;
      return [c.name, fmt(c.vocab), fmt(s.tokens), fmt(ratio(s.bytes, s.tokens), 2), fmt(ratio(s.chars, s.tokens), 3),
        fmt(ratio(s.tokens, s.words), 3), fmt(s.graphemes), `${fmt(100 * ratio(s.partial_tokens, s.tokens), 1)}%`,
        `${fmt(100 * ratio(s.split_graphemes, s.graphemes), 1)}%`, c.premium == null ? "—" : fmt(c.premium, 2)];
    };
    const table = h("table", { class: "itl-table" },
      h("thead", {}, h("tr", {}, ...head.map((x) => h("th", { text: x })))),
      h("tbody", {}, ...ok.map((c) => h("tr", {}, ...row(c).map((x) => h("td", { text: x }))))));
    metrics.querySelector(".itl-table-wrap").replaceChildren(table);
    const bars = (title, value, digits) => {
      const max = Math.max(...ok.map(value), 1e-9);
      return h("figure", { class: "itl-barchart" }, h("figcaption", { text: title }),
        ...ok.map((c) => h("div", { class: "itl-barrow" }, h("span", { class: "itl-barlabel", text: c.name }),
          h("span", { class: "itl-bartrack" }, h("span", { class: "itl-barfill", style: `width:${(100 * value(c)) / max}%` })),
          h("span", { class: "itl-barvalue", text: fmt(value(c), digits) }))));
    };
    metrics.querySelector(".itl-bars").replaceChildren(
      bars("Tokens (fewer is better; bars start at 0)", (c) => c.stats.tokens, 0),
      bars("Bytes per token (the compression ratio; more is better)", (c) => ratio(c.stats.bytes, c.stats.tokens), 2));
  }

  // ---- permalinks: built on request, in the browser ----------------------------------------
  async function pack(text) {
    const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  async function unpack(packed) {
    const binary = atob(packed.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    const data = new Uint8Array(await new Response(stream).arrayBuffer());
    if (data.length > CONFIG.limits.max_bytes) throw new Error("the link's text is larger than the app accepts");
    return new TextDecoder().decode(data);
  }
  async function copyLink() {
    const query = new URLSearchParams();
    const packed = await pack(state.text);
    const rest = { k: state.tokenizers.join(","), v: state.view };
    if (state.language !== "auto") rest.l = state.language;
    if (state.ws) rest.ws = "1";
    if (params.get("embed") === "1") rest.embed = "1";
    const fits = packed.length + 2 + new URLSearchParams(rest).toString().length <= CONFIG.limits.max_query;
    if (fits) query.set("t", packed);
    for (const [k, v] of Object.entries(rest)) query.set(k, v);
    if (!fits) query.set("note", "link-too-long");
    linkBox.value = `${window.location.origin}${window.location.pathname}?${query}`;
    setStatus(fits ? "Link ready: it restores the text, tokenizers, view and language."
      : `The text is too long to put in a link (${fmt(codePoints(state.text))} characters; a link holds about ${fmt(CONFIG.limits.max_query)} characters of query). The link keeps the tokenizers, view and language; paste the text again after opening it.`);
    try { await navigator.clipboard.writeText(linkBox.value); } catch (e) { linkBox.select(); }
  }

  // ---- start: state from the URL, else the default example -------------------------------
  window.itlState = () => ({ ...state, tokenizers: [...state.tokenizers] });
  async function start() {
    const problems = [];
    if (params.get("embed") === "1") document.body.classList.add("itl-embed");
    if (params.has("k")) {
      const names = params.get("k").split(",").filter((n) => known.has(n));
      if (names.length) state.asked = state.tokenizers = names;
      else problems.push("the link names no known tokenizer; showing the defaults");
    }
    if (["characters", "tokens"].includes(params.get("v"))) state.view = params.get("v");
    if (CONFIG.languages.some((l) => l.code === params.get("l"))) state.language = params.get("l");
    state.ws = params.get("ws") === "1";
    if (params.get("note") === "link-too-long") problems.push(CONFIG.messages.link_too_long);
    let text = CONFIG.examples[0].text;
    if (params.has("t")) {
      try { text = await unpack(params.get("t")); }
      catch (e) { problems.push("the link's text is damaged; it may have been cut short"); text = ""; }
    }
    textarea.after(preview);
    setText(text);
    syncControls();
    await refresh();
    if (params.get("note") === "link-too-long" && !params.has("t")) text = "";
    const said = [...CONFIG.notices];
    if (problems.length) said.push(`From the link: ${problems.join("; ")}.`);
    if (said.length) setStatus(said.join(" "), CONFIG.notices.length ? "error" : "info");
  }
  start();
}

mountWorkbench(element, server);
