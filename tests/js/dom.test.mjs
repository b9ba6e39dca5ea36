import assert from "node:assert/strict";
import { test } from "node:test";
import { install } from "./fake_dom.mjs";
import { fillText, fillUnit, h } from "../../assets/js/dom.mjs";
import { CUT_LIMIT, PIECE } from "../../assets/js/text.mjs";

install();

test("h: text is text, listeners are listeners, false attributes are left out", () => {
  let clicked = 0;
  const el = h("button", { text: "<b>x</b>", onclick: () => clicked++, disabled: false, hidden: true, title: "t" }, "!");
  assert.equal(el.textContent, "<b>x</b>!");
  assert.equal(el.getAttribute("disabled"), null);
  assert.equal(el.getAttribute("title"), "t");
  assert.ok(el.hidden);
  el.dispatch("click");
  assert.equal(clicked, 1);
});

test("fillText: marks in their own spans; marks alone mark the element itself", () => {
  const mixed = h("span");
  fillText(mixed, "a\u202Eb", false);
  assert.equal(mixed.textContent, "a⟨RLO⟩b");
  assert.equal(mixed.children.length, 1);
  assert.equal(mixed.children[0].className, "itl-ws");
  const only = h("span");
  fillText(only, "  ", true);
  assert.equal(only.textContent, "··");
  assert.ok(only.classList.contains("itl-ws"));
  const plain = h("span");
  fillText(plain, "नमस्ते", true);
  assert.equal(plain.textContent, "नमस्ते");
  assert.equal(plain.children.length, 0);
});

test("fillUnit cuts a unit of many combining marks into isolated pieces and says so", () => {
  const el = h("span");
  const text = "क" + "\u0301".repeat(CUT_LIMIT + 99);
  fillUnit(el, text, false);
  assert.equal(el.children.length, Math.ceil((CUT_LIMIT + 100) / PIECE));
  assert.ok(el.children.every((c) => c.className === "itl-piece"));
  assert.equal(el.textContent, text);
  assert.match(el.dataset.cut, /^cut into 9 isolated pieces: it holds 399 combining marks/);
});
