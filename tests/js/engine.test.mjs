// The page's analysis in the browser (engine.mjs): the language picked as
// indictok/app/selection.py picks it, ours swapped for the text's language, the cards'
// engine, and the tokenizers left for the server.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { makeBrowserEngine } from "../../assets/js/engine.mjs";
import { ROOT, VENDOR, nodeIO } from "./node_io.mjs";
const PATTERN = JSON.parse(readFileSync(join(ROOT, "tokenizers_store/indic_bpe_hi.model"), "utf8").split("\n")[3].slice(8));
const ours = (code, name) => ({ name: `indic-bpe-${code}`, label: name, vocab: 4999, lang: code, library: "tiktoken",
  url: join(ROOT, `tokenizers_store/indic_bpe_${code}.tiktoken`), pattern: PATTERN, special_tokens: {}, nfc: true, pieces: "" });
const config = {
  tokenizers: [{ name: "indic-bpe-hi", lang: "hi" }, { name: "indic-bpe-ta", lang: "ta" }, { name: "gpt2", lang: "" }],
  languages: [{ code: "auto", name: "Auto-detect" }, { code: "hi", name: "Hindi" }, { code: "ta", name: "Tamil" }],
  engine: {
    vendor: VENDOR,
    tokenizers: { "indic-bpe-hi": ours("hi", "Hindi"), "indic-bpe-ta": ours("ta", "Tamil") },
    swaps: { "indic-bpe-hi": { hi: "indic-bpe-hi", ta: "indic-bpe-ta" }, "indic-bpe-ta": { hi: "indic-bpe-hi", ta: "indic-bpe-ta" } },
    language: { scripts: ["Devanagari", "Tamil"], languages: [{ code: "hi", name: "Hindi", script: "Devanagari" }, { code: "ta", name: "Tamil", script: "Tamil" }],
      sample: 20000, lid_chars: 3000, unseen: 1e-6, shared: [], lid_file: "language_id.json" },
    lid_url: join(ROOT, "tokenizers_store/language_id.json"),
  },
};

async function ready(engine, request) {
  for (let i = 0; i < 200; i++) {
    const answer = engine.analyse(request);
    if (!answer.cards.some((c) => c.loading)) return answer;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the tokenizers did not load");
}

test("Tamil text on auto swaps ours for Tamil's and says it was detected", async () => {
  const engine = makeBrowserEngine(config, () => {}, nodeIO);
  const answer = await ready(engine, { text: "தமிழ் ஒரு மொழி", tokenizers: ["indic-bpe-hi", "gpt2"], language: "auto" });
  assert.equal(answer.language, "ta");
  assert.equal(answer.language_note, "Tamil (detected)");
  assert.deepEqual(answer.tokenizers, ["indic-bpe-ta", "gpt2"]);
  assert.deepEqual(answer.server, ["gpt2"]);
  const card = answer.cards[0];
  assert.equal(card.engine, "browser");
  assert.equal(card.stats.tokens, card.ids.length);
  assert.equal(card.ends.at(-1), new TextEncoder().encode("தமிழ் ஒரு மொழி").length);
});

test("a chosen language wins, and text with no Indian script keeps the current one", async () => {
  const engine = makeBrowserEngine(config, () => {}, nodeIO);
  const chosen = await ready(engine, { text: "தமிழ்", tokenizers: ["indic-bpe-hi"], language: "hi" });
  assert.deepEqual([chosen.language, chosen.language_note], ["hi", "Hindi (chosen)"]);
  const kept = await ready(engine, { text: "plain English", tokenizers: ["indic-bpe-ta"], language: "auto" });
  assert.deepEqual([kept.language, kept.language_note], ["ta", "Tamil (no Indian script detected; kept)"]);
});

test("a lone surrogate is refused with a message, before any work", () => {
  const engine = makeBrowserEngine(config, () => {}, nodeIO);
  assert.match(engine.analyse({ text: "a\ud800b", tokenizers: ["indic-bpe-hi"], language: "auto" }).error, /unpaired surrogate/);
});
