// The browser engine equals Python on every held-out line: ids, counts, relation codes,
// akshara groups, the normalised text (assets/js/engines.mjs + measure.mjs) and the detected
// language (langid.mjs), against what scripts/js_fixtures.py wrote from the package.
// The fixtures hold corpus text, so they are not in the repository: tests/test_js_fixtures.py
// writes them during `pytest` (the corpus tier), before `node --test tests/js/` runs. Without
// them this test skips, saying so; with INDICTOK_REQUIRE_CORPUS=1 (.ci/run) it fails instead.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadEngine } from "../../assets/js/engines.mjs";
import { makeDetector } from "../../assets/js/langid.mjs";
import { TextFacts, group, relations, spans, stats } from "../../assets/js/measure.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIR = process.env.INDICTOK_JS_FIXTURES || join(ROOT, "test-artifacts", "js_fixtures");
const REQUIRED = process.env.INDICTOK_REQUIRE_CORPUS === "1";
const present = existsSync(join(DIR, "tokenizers.json"));
const skip = present ? false : `no fixtures in ${DIR}: run \`pytest -m corpus tests/test_js_fixtures.py\` or \`python scripts/js_fixtures.py\` first`;

export const nodeIO = {
  bytes: async (path) => new Uint8Array(readFileSync(path)),
  text: async (path) => readFileSync(path, "utf8"),
  module: (path) => import(pathToFileURL(path).href),
};
export const VENDOR = {
  tiktoken_glue: join(ROOT, "assets/vendor/tiktoken/tiktoken_bg.mjs"),
  tiktoken_wasm: join(ROOT, "assets/vendor/tiktoken/tiktoken_bg.wasm"),
  tokenizers: join(ROOT, "assets/vendor/tokenizers/tokenizers.min.mjs"),
};

const read = (name) => JSON.parse(readFileSync(join(DIR, name), "utf8"));
const MAX_SHOWN = 5; // mismatches named per tokenizer

test("the fixtures are there (in CI they must be)", () => {
  if (REQUIRED) assert.ok(present, skip || "");
});

const lines = present ? read("lines.json") : null;
const names = present ? read("tokenizers.json") : [];

test("the detected language of every line equals Python's", { skip }, () => {
  const config = JSON.parse(readFileSync(join(DIR, "language_config.json"), "utf8"));
  const detect = makeDetector(config, JSON.parse(readFileSync(join(ROOT, "tokenizers_store", config.lid_file), "utf8")));
  const wrong = [];
  lines.texts.forEach((text, k) => {
    const got = detect(text);
    if (got !== lines.languages[k]) wrong.push(`line ${k} (${lines.sources[k]}): ${got} vs Python ${lines.languages[k]}`);
  });
  assert.deepEqual(wrong.slice(0, MAX_SHOWN), [], `${wrong.length} of ${lines.texts.length} lines differ`);
});

for (const name of names) {
  test(`${name}: ids and card data equal Python's on every held-out line`, { skip }, async () => {
    const want = read(`${name}.json`);
    const engine = await loadEngine(want.entry, VENDOR, nodeIO);
    const wrong = [];
    lines.texts.forEach((text, k) => {
      const where = `line ${k} (${lines.sources[k]})`;
      const { text: normal, ids } = engine.encode(text);
      const expectedText = want.normalised[String(k)] ?? text;
      if (normal !== expectedText) return wrong.push(`${where}: normalised text differs`);
      if (!sameInts(ids, want.ids[k])) return wrong.push(`${where}: ids differ at ${firstDiff(ids, want.ids[k])}`);
      const facts = new TextFacts(normal);
      const { starts, ends } = spans(ids, engine.lengths);
      const s = stats(facts, starts, ends);
      const counts = want.counts.map((c) => s[c]);
      if (!sameInts(counts, want.stats[k])) return wrong.push(`${where}: counts ${counts} vs Python ${want.stats[k]}`);
      if (relations(facts, starts, ends).join("") !== want.relations[k]) return wrong.push(`${where}: relation codes differ`);
      const g = group(facts, starts, ends);
      if (!sameInts(g.bounds, want.bounds[k]) || !sameInts(g.firsts, want.firsts[k])) wrong.push(`${where}: akshara groups differ`);
    });
    assert.deepEqual(wrong.slice(0, MAX_SHOWN), [], `${wrong.length} of ${lines.texts.length} lines differ`);
  });
}

function sameInts(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `token ${i}: ${a.slice(i, i + 3)} vs Python ${b.slice(i, i + 3)}`;
}
