// The page's analysis in the browser: what indictok/app/workbench.py `tokenize` answers
// (the language, its note, the tokenizers swapped for it, every card), for the tokenizers
// the browser runs itself (config.engine.tokenizers, proven exact by tests/js/exactness_*);
// the others are left for the server (`server` in the answer).
import { loadEngine, webIO } from "./engines.mjs";
import { makeDetector } from "./langid.mjs";
import { TextFacts, cardData } from "./measure.mjs";

// `config`: the page config; config.engine = {vendor, tokenizers: {name: entry}, swaps,
// language: langid config, lid_url}. `onReady()`: a tokenizer that was loading can answer.
export function makeBrowserEngine(config, onReady = () => {}, io = webIO) {
  const setup = config.engine;
  const engines = new Map(); // name -> {engine} | {loading: Promise} | {error}
  const langOf = new Map(config.tokenizers.map((t) => [t.name, t.lang]));
  const languages = new Map(setup.language.languages.map((l) => [l.code, l.name]));
  let detect = null, detecting = null;

  function detector() {
    if (detect) return detect;
    detecting ??= io.text(setup.lid_url).then(
      (json) => { detect = makeDetector(setup.language, JSON.parse(json)); onReady(); },
      () => { detect = makeDetector(setup.language, null); onReady(); });
    return null; // until then: the script alone
  }
  const byScript = makeDetector(setup.language, null);

  function start(name) {
    if (engines.has(name)) return engines.get(name);
    const slot = {};
    slot.loading = loadEngine(setup.tokenizers[name], setup.vendor, io).then(
      (engine) => { slot.engine = engine; onReady(name); },
      (error) => { slot.error = `${name} could not load in this browser: ${error.message ?? error}`; onReady(name); });
    engines.set(name, slot);
    return slot;
  }

  // selection.pick_language: the language whose tokenizers to show, and why.
  function pickLanguage(text, names, chosen) {
    if (languages.has(chosen)) return [chosen, `${languages.get(chosen)} (chosen)`];
    const shown = names.map((n) => langOf.get(n)).filter(Boolean);
    const current = shown[0] ?? "hi";
    const found = (detector() ?? byScript)(text);
    if (found === null) return [current, `${languages.get(current)} (no Indian script detected; kept)`];
    return [found, `${languages.get(found)} (detected)`];
  }

  // catalog.for_language: each language-specific tokenizer swapped for `lang`'s own.
  function forLanguage(names, lang) {
    const swapped = [];
    for (const name of names) {
      const other = setup.swaps[name]?.[lang] ?? name;
      if (!swapped.includes(other)) swapped.push(other);
    }
    return swapped;
  }

  return {
    runs: (name) => name in setup.tokenizers,
    // The merge that made token `id` of `name` ({left, right, rank}), or null when the
    // browser does not hold that tokenizer's merges (or the token is a single byte).
    parents: (name, id) => engines.get(name)?.engine?.parents?.(id) ?? null,
    // Start loading `names` now (the first screen's tokenizers, smallest files first).
    preload(names) { for (const n of names) if (n in setup.tokenizers) start(n); },
    // The answer for the request (state.pageRequest): cards of the browser's tokenizers
    // ({loading: true} for those still loading), and `server`: the names it leaves.
    analyse(request) {
      const text = request.text ?? "";
      if (!text.isWellFormed()) return { error: "the text contains an unpaired surrogate; it is not valid Unicode text. Remove it, or replace it with U+FFFD." };
      const [lang, note] = pickLanguage(text, request.tokenizers, request.language);
      const names = forLanguage(request.tokenizers, lang);
      const facts = new Map(); // one per text the engines read (the input, or its NFC)
      const factsOf = (t) => { if (!facts.has(t)) facts.set(t, new TextFacts(t)); return facts.get(t); };
      const cards = [], server = [];
      for (const name of names) {
        if (!(name in setup.tokenizers)) { server.push(name); cards.push({ name, server: true }); continue; }
        const slot = start(name), entry = setup.tokenizers[name];
        if (slot.error) { cards.push({ name, label: entry.label, error: slot.error, engine: "browser" }); continue; }
        if (!slot.engine) { cards.push({ name, label: entry.label, loading: true, engine: "browser" }); continue; }
        const { text: normal, ids } = slot.engine.encode(text);
        const english = request.english ?? "";
        const premium = english.trim() && ids.length ? ids.length / Math.max(1, slot.engine.countIds(english)) : null;
        const card = cardData({ ...entry, lang: entry.lang || lang }, factsOf(normal), ids, slot.engine.lengths, premium);
        if (normal !== text) card.text = normal;
        card.engine = "browser";
        cards.push(card);
      }
      return { language: lang, language_note: note, tokenizers: names, cards, server };
    },
  };
}
