import assert from "node:assert/strict";
import { test } from "node:test";
import { install } from "./fake_dom.mjs";
import { StatusLine } from "../../assets/js/status.mjs";

test("what an action said stays above the next answer's notes, until an edit", () => {
  install();
  const el = document.createElement("div");
  const status = new StatusLine(el);
  status.keep("Language set to Tamil.");
  status.answered(["gpt2: no answer"], true); // a tokenizer finished loading
  assert.equal(el.textContent, "Language set to Tamil. gpt2: no answer");
  status.answered([], false); // the answer to the edit that follows: nothing new to say
  assert.equal(el.textContent, "Language set to Tamil. gpt2: no answer");
  status.answered([], false); // what the action said is kept no longer
  assert.equal(el.textContent, "");
  status.refused("the text is too long", true);
  assert.equal(el.children[0].className, "itl-status itl-error");
  assert.equal(el.textContent, "Nothing was redrawn: the text is too long The cards still show the previous text (dimmed).");
});
