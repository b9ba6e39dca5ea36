import assert from "node:assert/strict";
import { test } from "node:test";
import { visibleText } from "../../assets/js/text.mjs";
import { mergeParents, rankMap } from "../../assets/js/engines.mjs";

const b64 = (s) => Buffer.from(s, "latin1").toString("base64");
const RANKS = ["a", "b", "c", "ab", "bc", "abc", "bca"].map((t, r) => `${b64(t)} ${r}`).join("\n");

test("a token's parents are what byte-pair encoding its bytes with lower ranks leaves", () => {
  const rankOf = rankMap(RANKS);
  assert.equal(rankOf.get("abc"), 5);
  assert.deepEqual(mergeParents("abc", 5, rankOf), { left: 3, right: 2, rank: 5 }); // ab (3) merges before bc (4)
  assert.deepEqual(mergeParents("bca", 6, rankOf), { left: 4, right: 0, rank: 6 });
  assert.equal(mergeParents("a", 0, rankOf), null); // a seeded byte
  assert.equal(mergeParents("cba", 7, rankOf), null); // no pair merges: no parents claimed
});

test("whitespace in a token's text is shown as marks", () => {
  assert.equal(visibleText(" भारत\tx\n"), "·भारत→x↵");
});
