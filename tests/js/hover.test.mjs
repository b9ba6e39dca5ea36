import assert from "node:assert/strict";
import { test } from "node:test";
import { install } from "./fake_dom.mjs";
import { Highlighter } from "../../assets/js/hover.mjs";

// A card of one-byte tokens over `index` (the text it shows): span k covers bytes [k, k+1).
function fakeCard(index, n) {
  const el = document.createElement("div");
  el.setAttribute("class", "itl-card");
  const block = document.createElement("div");
  block.setAttribute("class", "itl-block");
  el.append(block);
  const card = { index, el, els: [], title: (k) => `token ${k}`, startOf: (k) => k, endOf: (k) => k + 1,
    overlapping: (b0, b1) => [...Array(n).keys()].filter((j) => j < b1 && j + 1 > b0) };
  el._card = card;
  for (let k = 0; k < n; k++) {
    const span = document.createElement("span");
    span._unit = k;
    // the fake DOM reads one-part selectors: ".itl-block > span" is the span itself here
    span.closest = (selector) => (selector === ".itl-block > span" ? span : el);
    block.append(span);
    card.els.push(span);
  }
  return card;
}

test("hovering a token lights the same bytes in the cards of the same text only", () => {
  install();
  const text = {}, other = {};
  const a = fakeCard(text, 3), b = fakeCard(text, 3), c = fakeCard(other, 3);
  const hl = new Highlighter();
  hl.over({ target: a.els[1] }, [a, b, c]);
  const lit = (card) => card.els.map((el) => el.classList.contains("itl-hl"));
  assert.deepEqual([lit(a), lit(b), lit(c)], [[false, true, false], [false, true, false], [false, false, false]]);
  assert.equal(a.els[1].title, "token 1");
  hl.over({ target: a.els[2] }, [a, b, c]);
  assert.deepEqual(lit(b), [false, false, true]);
  hl.clear();
  assert.deepEqual([...lit(a), ...lit(b)], Array(6).fill(false));
});
