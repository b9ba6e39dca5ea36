// The exactness tests' body (exactness_*.test.mjs run it for their tokenizers, two files so
// that node runs them at once): the browser engine equals Python on every held-out line: ids, counts, relation codes,
// akshara groups, the normalised text (assets/js/engines.mjs + measure.mjs) and the detected
// language (langid.mjs), against what scripts/js_fixtures.py wrote from the package.
// The fixtures hold corpus text, so they are not in the repository: tests/test_js_fixtures.py
// writes them during `pytest` (the corpus tier), before `node --test tests/js/` runs. Without
// them this test skips, saying so; with INDICTOK_REQUIRE_CORPUS=1 (.ci/run) it fails instead.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadEngine } from "../../assets/js/engines.mjs";
import { makeDetector } from "../../assets/js/langid.mjs";
import { TextFacts, group, relations, spans, stats } from "../../assets/js/measure.mjs";
import { ROOT, VENDOR, nodeIO } from "./node_io.mjs";

const DIR = process.env.INDICTOK_JS_FIXTURES || join(ROOT, "test-artifacts", "js_fixtures");
const REQUIRED = process.env.INDICTOK_REQUIRE_CORPUS === "1";
const present = existsSync(join(DIR, "fixtures.json"));
const skip = present ? false : `no fixtures in ${DIR}: run \`pytest -m corpus tests/test_js_fixtures.py\` or \`python scripts/js_fixtures.py\` first`;


const MAX_SHOWN = 5; // mismatches named per tokenizer

const fixtures = present ? JSON.parse(readFileSync(join(DIR, "fixtures.json"), "utf8")) : null;

// The tests for the fixtures' tokenizers that `pick(name)` accepts; `languages`: also the
// language detection test.
export function exactnessTests(pick, languages = false) {
  test("the fixtures are there (in CI they must be)", () => {
    if (REQUIRED) assert.ok(present, skip || "");
  });
  if (languages) languageTest();
  for (const name of present ? Object.keys(fixtures.tokenizers).filter(pick) : []) tokenizerTest(name);
}

function languageTest() {
  test("the detected language of every line equals Python's", { skip }, () => {
  const config = fixtures.language_config;
  const detect = makeDetector(config, JSON.parse(readFileSync(join(ROOT, "tokenizers_store", config.lid_file), "utf8")));
  const wrong = [];
  fixtures.texts.forEach((text, k) => {
    const got = detect(text);
    if (got !== fixtures.languages[k]) wrong.push(`line ${k} (${fixtures.sources[k]}): ${got} vs Python ${fixtures.languages[k]}`);
  });
  assert.deepEqual(wrong.slice(0, MAX_SHOWN), [], `${wrong.length} of ${fixtures.texts.length} lines differ`);
  });
}

// Each line's text facts (its akshara boundaries) are made once, for every tokenizer.
const facts = new Map();
function factsOf(k, text) {
  const cached = facts.get(k);
  if (cached && cached.text === text) return cached;
  const made = new TextFacts(text);
  facts.set(k, made);
  return made;
}

function tokenizerTest(name) {
  test(`${name}: ids and card data equal Python's on every held-out line`, { skip }, async () => {
    const want = fixtures.tokenizers[name], col = Object.fromEntries(fixtures.columns.map((c, i) => [c, i]));
    const engine = await loadEngine(want.entry, VENDOR, nodeIO);
    const wrong = [];
    fixtures.texts.forEach((text, k) => {
      const row = want.lines[k], where = `line ${k} (${fixtures.sources[k]})`;
      const { text: normal, ids } = engine.encode(text);
      if (normal !== (row[col.normalised] ?? text)) return wrong.push(`${where}: normalised text differs`);
      if (ids.length !== row[col.tokens] || crc32Ints(ids) !== row[col.ids_crc]) {
        return wrong.push(`${where}: ids differ (${ids.length} tokens vs Python ${row[col.tokens]}; first ${Array.from(ids.slice(0, 8))})`);
      }
      const f = factsOf(k, normal);
      const { starts, ends } = spans(ids, engine.lengths);
      const s = stats(f, starts, ends);
      const counts = COUNTS.map((c) => s[c]), expected = COUNTS.map((c) => row[col[c]]);
      if (counts.join() !== expected.join()) return wrong.push(`${where}: counts ${counts} vs Python ${expected}`);
      const g = group(f, starts, ends);
      const marks = crc32Ints(g.firsts, crc32Ints(g.bounds, crc32(Uint8Array.from(relations(f, starts, ends)))));
      if (marks !== row[col.marks_crc]) wrong.push(`${where}: relation codes or akshara groups differ`);
    });
    assert.deepEqual(wrong.slice(0, MAX_SHOWN), [], `${wrong.length} of ${fixtures.texts.length} lines differ`);
  });
}

const COUNTS = ["tokens", "bytes", "chars", "words", "graphemes", "partial_tokens", "split_graphemes"];

// CRC-32 (zlib's), as scripts/js_fixtures.py `crc` computes it: ints as little-endian uint32.
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes, previous = 0) {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
function crc32Ints(values, previous = 0) {
  return crc32(new Uint8Array(Uint32Array.from(values).buffer), previous);
}
