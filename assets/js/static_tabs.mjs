// The static page's tabs (indictok/app/static.py writes their panels): Token tax (drawn at
// build time; a menu picks the language), and in the browser: Token lookup, Decode ids and
// the grader (our tokenizer, or an uploaded tokenizer.json / .tiktoken with its pattern).
// User text reaches the page only through textContent (dom.h).
import { h } from "./dom.mjs";
import { loadEngine } from "./engines.mjs";
import { TextFacts } from "./measure.mjs";
import { fmt, hex } from "./text.mjs";

const DECODER = new TextDecoder(); // not fatal: partial UTF-8 becomes U+FFFD, as tiktoken's decode

export function mountTabs(root, config) {
  const buttons = [...root.querySelectorAll(".itl-tab")], panels = [...root.querySelectorAll(".itl-tabpanel")];
  const show = (key) => {
    for (const b of buttons) b.setAttribute("aria-selected", String(b.dataset.tab === key));
    for (const p of panels) p.hidden = p.dataset.panel !== key;
  };
  for (const b of buttons) b.addEventListener("click", () => show(b.dataset.tab));
  show(buttons[0]?.dataset.tab);
  const tax = root.querySelector("#itl-tax-language");
  tax?.addEventListener("change", () => {
    for (const d of root.querySelectorAll(".itl-tax-one")) d.hidden = d.dataset.language !== tax.value;
  });
  const panel = (key) => panels.find((p) => p.dataset.panel === key);
  mountLookup(panel("lookup"), config);
  mountDecode(panel("decode"), config);
  mountGrader(panel("grader"), config);
}

function engineOf(config, name) {
  return loadEngine(config.engine.tokenizers[name], config.engine.vendor);
}

function tokenizerMenu(config, id) {
  return h("select", { id, "aria-label": "Tokenizer" },
    ...Object.values(config.engine.tokenizers).map((t) => h("option", { value: t.name, text: t.label })));
}

function said(el, message, kind = "info") {
  el.replaceChildren(h("div", { class: `itl-status itl-${kind}`, text: message }));
}

// ---- Token lookup: an id's bytes and text, or a text's tokens ----------------------------
function mountLookup(el, config) {
  const menu = tokenizerMenu(config, "itl-lookup-tokenizer");
  const query = h("input", { id: "itl-lookup-query", "aria-label": "A token id, or text", placeholder: "a token id (e.g. 3300), or text (e.g. नमस्ते)" });
  const out = h("div", { id: "itl-lookup-out", "aria-live": "polite" });
  const run = async () => {
    try {
      const engine = await engineOf(config, menu.value), q = query.value;
      const ids = /^\s*\d+\s*$/.test(q) ? [Number(q)] : Array.from(engine.encode(q).ids);
      const rows = ids.map((id) => {
        const bytes = tokenBytesOf(engine, id);
        return h("tr", {}, h("td", { text: String(id) }), h("td", { text: hex(bytes) }), h("td", { text: DECODER.decode(bytes) }));
      });
      out.replaceChildren(h("table", { class: "itl-table" },
        h("thead", {}, h("tr", {}, h("th", { text: "id" }), h("th", { text: "bytes" }), h("th", { text: "text" }))), h("tbody", {}, ...rows)));
    } catch (e) { said(out, e.message, "error"); }
  };
  el.append(h("p", { text: "An id's bytes and text, or the tokens of a text, in any tokenizer here." }),
    h("div", { class: "itl-bar" }, menu, query, h("button", { type: "button", class: "itl-button", onclick: run }, "Look up")), out);
}

function tokenBytesOf(engine, id) {
  if (!Number.isInteger(id) || id < 0 || id >= engine.lengths.length || !engine.lengths[id]) {
    throw new RangeError(`${engine.spec.name} has no token with id ${id} (its ids run from 0 to ${fmt(engine.lengths.length - 1)})`);
  }
  return engine.tokenBytes(id);
}

// ---- Decode ids ----------------------------------------------------------------------
function mountDecode(el, config) {
  const menu = tokenizerMenu(config, "itl-decode-tokenizer");
  const ids = h("textarea", { id: "itl-decode-ids", rows: "3", "aria-label": "Token ids", placeholder: "[3300, 446, 706] or 3300 446 706" });
  const out = h("pre", { id: "itl-decode-out", class: "itl-ids" });
  const run = async () => {
    try {
      const engine = await engineOf(config, menu.value);
      const parsed = parseIds(ids.value);
      const data = concatBytes(parsed.map((id) => tokenBytesOf(engine, id)));
      out.textContent = DECODER.decode(data);
    } catch (e) { out.textContent = e.message; }
  };
  el.append(h("p", { text: "Token ids back to text (bytes that are not whole characters show as U+FFFD)." }),
    h("div", { class: "itl-bar" }, menu, h("button", { type: "button", class: "itl-button", onclick: run }, "Decode")), ids, out);
}

export function parseIds(text) {
  const parts = text.replace(/^\s*\[|\]\s*$/g, "").split(/[\s,]+/).filter(Boolean);
  if (!parts.length) throw new Error("Type some token ids: a JSON list, or numbers separated by spaces or commas.");
  return parts.map((p) => {
    if (!/^\d+$/.test(p)) throw new Error(`${JSON.stringify(p.slice(0, 20))} is not a token id (a whole number).`);
    return Number(p);
  });
}

function concatBytes(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// ---- the grader: vocabulary under the limit, compression on the reference text ---------
function mountGrader(el, config) {
  const g = config.static.grader;
  const languages = config.languages.filter((l) => l.code !== "auto");
  const language = h("select", { id: "itl-grade-language", "aria-label": "Language" },
    ...languages.map((l) => h("option", { value: l.code, text: l.name })));
  const file = h("input", { type: "file", id: "itl-grade-file", accept: ".json,.tiktoken", "aria-label": "Your tokenizer file" });
  const pattern = h("textarea", { id: "itl-grade-pattern", rows: "2", "aria-label": "Split pattern of a .tiktoken file" });
  pattern.value = g.pattern;
  const out = h("div", { id: "itl-grade-out", "aria-live": "polite" });
  const run = async () => {
    said(out, "Grading…");
    try {
      const lang = language.value;
      const engine = file.files?.length ? await uploaded(file.files[0], pattern.value, config)
        : await loadEngine(config.engine.tokenizers[`indic-bpe-${lang}`], config.engine.vendor);
      const reference = await (await fetch(g.references[lang])).text();
      out.replaceChildren(report(grade(engine, reference, g), languages.find((l) => l.code === lang).name));
    } catch (e) { said(out, e.message, "error"); }
  };
  el.append(h("p", { text: `Grades a tokenizer: vocabulary under ${fmt(g.vocab_limit)} and compression (UTF-8 bytes ÷ tokens) of at least ${g.ratio_target} on our reference text for the language, with a round trip back to the text. Without a file: our tokenizer for the language. Everything runs in this browser.` }),
    h("div", { class: "itl-bar" }, h("label", { class: "itl-field" }, "Language ", language), file,
      h("button", { type: "button", class: "itl-button", onclick: run }, "Grade")),
    h("label", { class: "itl-field" }, "Split pattern (for a .tiktoken file) ", pattern), out);
}

// The verdict (indictok/grading.py's vocab_ok, ratio_ok, round_trip_ok) for `engine`.
export function grade(engine, reference, g) {
  const { text, ids } = engine.encode(reference);
  const facts = new TextFacts(text);
  const ratio = ids.length ? facts.bytes.length / ids.length : 0;
  const roundTrip = DECODER.decode(engine.decode(Array.from(ids))) === text;
  const vocabOk = engine.vocab < g.vocab_limit, ratioOk = ratio >= g.ratio_target;
  return { name: engine.spec.name, vocab: engine.vocab, vocabOk, tokens: ids.length, bytes: facts.bytes.length,
    ratio, ratioOk, roundTrip, passed: vocabOk && ratioOk && roundTrip };
}

function report(r, language) {
  const row = (what, value, ok) => h("tr", {}, h("td", { text: what }), h("td", { text: value }), h("td", { text: ok === undefined ? "" : ok ? "✓" : "✗" }));
  return h("div", { class: "itl-grade", "data-passed": String(r.passed) },
    h("p", {}, h("b", { text: r.passed ? "Passed" : "Not passed" }), ` · ${r.name} on the ${language} reference text`),
    h("table", { class: "itl-table" }, h("tbody", {},
      row("vocabulary", fmt(r.vocab), r.vocabOk), row("tokens", fmt(r.tokens)), row("UTF-8 bytes", fmt(r.bytes)),
      row("compression (bytes/token)", fmt(r.ratio, 3), r.ratioOk), row("round trip", r.roundTrip ? "decodes to the text" : "does not decode to the text", r.roundTrip))));
}

// A visitor's file: a byte-level BPE tokenizer.json, or a .tiktoken rank file with `pattern`.
async function uploaded(file, pattern, config) {
  if (file.size > config.static.max_upload_bytes) throw new Error(`${file.name} is ${fmt(file.size)} bytes; the limit is ${fmt(config.static.max_upload_bytes)}.`);
  const data = await file.text();
  if (file.name.endsWith(".json")) {
    let json;
    try { json = JSON.parse(data); } catch (e) { throw new Error(`${file.name} is not valid JSON (${e.message}).`); }
    if (json?.model?.type !== "BPE" || json?.decoder?.type !== "ByteLevel") {
      throw new Error(`${file.name}: only byte-level BPE tokenizer.json files are graded here (the Gradio page also grades SentencePiece).`);
    }
    const vocab = Math.max(...Object.values(json.model.vocab), ...(json.added_tokens ?? []).map((t) => t.id)) + 1;
    return loadEngine({ name: file.name, library: "tokenizers", url: `upload:${file.name}:${file.size}:${Date.now()}`, data, vocab }, config.engine.vendor);
  }
  if (!pattern.trim()) throw new Error("A .tiktoken rank file needs its split pattern: paste the regex.");
  if (!/^[A-Za-z0-9+/=]+ \d+$/m.test(data.slice(0, 200))) throw new Error(`${file.name} is not a tiktoken rank file (lines of "<base64 token> <rank>").`);
  return loadEngine({ name: file.name, library: "tiktoken", url: `upload:${file.name}:${file.size}:${Date.now()}`, data, pattern }, config.engine.vendor);
}
