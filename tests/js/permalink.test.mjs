import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { readLink } from "../../assets/js/permalink.mjs";

// The queries indictok/app/permalink.py builds (tests/test_contract.py checks it builds them).
const VECTORS = JSON.parse(readFileSync(new URL("../permalink_vectors.json", import.meta.url), "utf-8"));

for (const c of VECTORS.cases) {
  test(`reads the link: ${c.name}`, async () => {
    const read = await readLink(new URLSearchParams(c.query), VECTORS.config);
    assert.deepEqual(read, c.read);
  });
}

test("every case the server builds reads back to its state", () => {
  for (const c of VECTORS.cases.filter((x) => x.state && !x.read.problems.length)) {
    const { text, tokenizers, view, whitespace, embed } = c.state;
    const read = c.read.state;
    assert.deepEqual([read.text, read.tokenizers, read.view, read.whitespace, read.embed],
      [text, tokenizers, view, whitespace, embed], c.name);
    assert.equal(read.language ?? "auto", c.state.language, c.name);
  }
});
