import assert from "node:assert/strict";
import { test } from "node:test";
import { install } from "./fake_dom.mjs";
import { BLOCK, CardView, unavailableCard } from "../../assets/js/card.mjs";
import { textIndex } from "../../assets/js/text.mjs";

install();
const CONFIG = {
  views: ["characters", "tokens"], relations: ["whole", "split", "partial"], palette_size: 9,
  languages: [{ code: "hi", rtl: false }, { code: "ur", rtl: true }],
};
// "क्षा" + " a": tokens क्ष | ा (split inside the akshara क्षा) | " " | the first byte of "a"?
// Written by hand as the server would send it (contract.Card).
const TEXT = "क्षा ab";
function card(overrides = {}) {
  return {
    name: "t", label: "T <b>", vocab: 10, lang: "hi",
    stats: { tokens: 4, bytes: 15, chars: 7, words: 2, graphemes: 4, partial_tokens: 0, split_graphemes: 1,
      bytes_per_token: 3.75, chars_per_token: 1.75, tokens_per_word: 2, partial_share: 0, split_share: 0.25 },
    premium: null, ids: [11, 12, 13, 14], starts: [0, 9, 12, 13], ends: [9, 12, 13, 15], relations: [1, 1, 0, 0],
    groups: { bounds: [0, 12, 13, 15], firsts: [0, 2, 3, 4] }, empty_pieces: {}, ...overrides,
  };
}
const units = (view) => view.body.findAll((el) => el.getAttribute("class") === "itl-block")
  .flatMap((b) => b.children);

test("tokens view: one unit per token, coloured by id, split tokens marked", () => {
  const view = new CardView(card(), textIndex(TEXT), { view: "tokens", ws: false }, CONFIG);
  view.draw(100);
  const drawn = units(view);
  assert.deepEqual(drawn.map((u) => u.textContent), ["क्ष", "ा", " ", "ab"]);
  assert.deepEqual(drawn.map((u) => u.className), ["itl-tok c2 split", "itl-tok c3 split", "itl-tok c4 ", "itl-tok c5 "]);
  assert.deepEqual(drawn.map((u) => u.getAttribute("data-index")), ["0", "1", "2", "3"]);
  assert.equal(view.title(1), "token 2 of 4 · id 12 · bytes E0 A4 BE");
  assert.ok(view.done());
});

test("characters view: whole aksharas; a group of several tokens is striped", () => {
  const view = new CardView(card(), textIndex(TEXT), { view: "characters", ws: false }, CONFIG);
  view.draw(100);
  const drawn = units(view);
  assert.deepEqual(drawn.map((u) => u.textContent), ["क्षा", " ", "ab"]);
  assert.deepEqual(drawn.map((u) => u.className), ["itl-seg c2 multi", "itl-seg c4", "itl-seg c5"]);
  assert.equal(view.title(0), "ids 11, 12");
  assert.deepEqual(view.overlapping(9, 12), [0]); // the bytes of ा are in the first group
});

test("a token holding part of a character shows its bytes in hex; an empty one its piece", () => {
  const text = "😀";
  const data = card({ ids: [1, 2, 3], starts: [0, 2, 4], ends: [2, 4, 4], relations: [2, 2, 0],
    groups: { bounds: [0, 4], firsts: [0, 3] }, empty_pieces: { 2: "<|endoftext|>" } });
  const view = new CardView(data, textIndex(text), { view: "tokens", ws: false }, CONFIG);
  view.draw(100);
  const drawn = units(view);
  assert.deepEqual(drawn.map((u) => u.textContent), ["F0 9F", "98 80", "<|endoftext|>"]);
  assert.equal(drawn[0].className, "itl-tok c1 partial");
  assert.equal(drawn[0].children[0].className, "itl-hex");
  assert.equal(drawn[2].children[0].className, "itl-ws");
});

test("the label is text, the direction follows the language, the headline the server's ratios", () => {
  const view = new CardView(card({ lang: "ur" }), textIndex(TEXT), { view: "tokens", ws: false }, CONFIG);
  assert.equal(view.el.findAll((e) => e.tagName === "H2")[0].textContent, "T <b>");
  assert.equal(view.body.getAttribute("dir"), "rtl");
  assert.match(view.el.textContent, /4 tokens · 3\.75 bytes\/token · 1\.75 chars\/token/);
  const hi = new CardView(card(), textIndex(TEXT), { view: "tokens", ws: false }, CONFIG);
  assert.equal(hi.body.getAttribute("dir"), "auto");
});

test("units go into blocks cut after a newline, drawn in steps up to the count", () => {
  const n = BLOCK * 2 + 10;
  const text = "a".repeat(n).replace(/a{10}/g, "a".repeat(9) + "\n"); // a line per 10 units
  const range = [...Array(n).keys()];
  const data = card({ ids: range, starts: range, ends: range.map((i) => i + 1), relations: range.map(() => 0),
    groups: { bounds: [...range, n], firsts: [...range, n] } });
  const view = new CardView(data, textIndex(text), { view: "tokens", ws: false }, CONFIG);
  view.draw(700);
  assert.equal(view.drawn, 700);
  view.draw(n + 100);
  assert.equal(view.drawn, n);
  const blocks = view.body.findAll((el) => el.getAttribute("class") === "itl-block");
  assert.deepEqual(blocks.map((b) => b.children.length), [BLOCK, BLOCK, 10]);
  assert.ok(blocks[0].textContent.endsWith("\n"));
  assert.equal(units(view).length, n);
});

test("a tokenizer that cannot answer gets a card saying why, as text", () => {
  const el = unavailableCard({ name: "x", label: "X", error: "<img src=x> is missing" });
  assert.equal(el.getAttribute("data-tokenizer"), "x");
  assert.match(el.textContent, /<img src=x> is missing/);
  assert.equal(el.findAll((e) => e.tagName === "IMG").length, 0);
});
