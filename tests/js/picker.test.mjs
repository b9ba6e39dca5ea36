import assert from "node:assert/strict";
import { test } from "node:test";
import { matches, searchWords } from "../../assets/js/picker.mjs";

const LLAMA = { name: "llama-3", label: "Llama 3", group: "Meta", language: "", vocab: 128256 };
const TAMIL = { name: "indic-bpe-ta", label: "Ours (Tamil)", group: "Ours", language: "Tamil", vocab: 4999 };

test("the filter matches name, label, vendor, language and the vocabulary as shown", () => {
  assert.ok(matches(searchWords(LLAMA), "llama"));
  assert.ok(matches(searchWords(LLAMA), "META 128k"));
  assert.ok(matches(searchWords(TAMIL), "tamil ours"));
  assert.ok(matches(searchWords(TAMIL), "4,999"));
  assert.ok(!matches(searchWords(TAMIL), "tamil llama"));
  assert.ok(matches(searchWords(TAMIL), "   ")); // no terms: everything
});
