import assert from "node:assert/strict";
import { test } from "node:test";
import { CardDrawer, cardMaxHeight, summaryButtons } from "../../assets/js/drawing.mjs";
import { install } from "./fake_dom.mjs";
import { pageConfig } from "./page_config.mjs";

const CONFIG = pageConfig();

test("on a wide screen the cards share the room below them; on a narrow one each takes 42%", () => {
  assert.equal(cardMaxHeight(true, 2, 100, 800), Math.floor((800 - 100 - 104 - 12) / 2));
  assert.equal(cardMaxHeight(true, 12, 400, 800), 64); // never below a few lines
  assert.equal(cardMaxHeight(false, 5, 0, 800), 336);
  assert.equal(cardMaxHeight(false, 5, 0, 200), 120);
});

test("the summary names every card with its count, a loading one with …", () => {
  install();
  const cards = [
    { name: "gpt2", label: "GPT-2", stats: { tokens: 1234, bytes_per_token: 2.5 } },
    { name: "llama-3", loading: true },
    { name: "broken", error: "no" },
  ];
  const buttons = summaryButtons(cards, document.createElement("div"));
  const counts = buttons.map((b) => b.querySelector("b"));
  assert.deepEqual(counts.map((b) => [b.dataset.summaryFor, b.textContent]), [["gpt2", "1,234"], ["llama-3", "…"], ["broken", "–"]]);
  assert.equal(buttons[0].textContent, "GPT-2 1,234 2.50 B/tok");
});

test("the drawer draws a card per answer, a loading or failed one as its stand-in", () => {
  install();
  const cardsEl = document.createElement("div");
  const drawer = new CardDrawer(cardsEl, CONFIG, {});
  const text = "ab";
  const card = { name: "gpt2", label: "gpt2", vocab: 10, lang: "", premium: null,
    stats: { tokens: 2, bytes: 2, chars: 2, words: 1, graphemes: 2, partial_tokens: 0, split_graphemes: 0,
      bytes_per_token: 1, chars_per_token: 1, tokens_per_word: 2, partial_share: 0, split_share: 0 },
    ids: [97, 98], starts: [0, 1], ends: [1, 2], relations: [0, 0], groups: { bounds: [0, 1, 2], firsts: [0, 1, 2] }, empty_pieces: {} };
  cardsEl.classList.add("itl-stale");
  const gen = drawer.draw({ cards: [card, { name: "x", loading: true }, { name: "y", error: "no" }] }, { text, view: CONFIG.views[1], ws: false });
  assert.equal(gen, 1);
  assert.equal(cardsEl.children.length, 3);
  assert.equal(drawer.cards.length, 1);
  assert.equal(cardsEl.dataset.view, CONFIG.views[1]);
  assert.ok(!cardsEl.classList.contains("itl-stale"));
  assert.equal(cardsEl.children[0].dataset.tokenizer, "gpt2");
});
