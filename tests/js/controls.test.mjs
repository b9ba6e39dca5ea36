// The workbench's elements: the ids and attributes the page's checks rely on, and the
// line under the text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildControls, layout, syncControls, textInfoLine } from "../../assets/js/controls.mjs";
import { install } from "./fake_dom.mjs";
import { pageConfig } from "./page_config.mjs";

const CONFIG = pageConfig();

test("the controls carry the page's ids and call back what changed", () => {
  install();
  const said = [];
  const on = { language: (x) => said.push(["language", x]), view: (x) => said.push(["view", x]),
    ws: (x) => said.push(["ws", x]), example: () => said.push(["example"]), copyLink: () => said.push(["link"]) };
  const c = buildControls(CONFIG, "tokens", on);
  const picker = { el: document.createElement("div"), sync: (names, own) => said.push(["picker", names, own]) };
  const wb = layout(c, picker);
  for (const id of ["itl-status", "itl-lang-note", "itl-cards", "itl-language", "itl-ws", "itl-examples",
    "itl-permalink", "itl-english", "itl-metrics", "itl-preview", "itl-input"]) {
    assert.equal(wb.querySelectorAll(`#${id}`).length, 1, id);
  }
  assert.equal(c.cardsEl.dataset.view, "tokens");
  assert.deepEqual(c.viewRadios.map((r) => r.value), CONFIG.views);
  assert.equal(c.examples.children.length, CONFIG.examples.length + 1);
  assert.equal(c.language.children.length, CONFIG.languages.length);
  c.language.value = "ta";
  c.language.dispatch("change");
  c.viewRadios[1].dispatch("change");
  c.ws.checked = true;
  c.ws.dispatch("change");
  syncControls(c, picker, { tokenizers: ["gpt2"], language: "hi", view: CONFIG.views[0], ws: false }, []);
  assert.deepEqual(said, [["language", "ta"], ["view", CONFIG.views[1]], ["ws", true], ["picker", ["gpt2"], []]]);
  assert.equal(c.language.value, "hi");
  assert.ok(c.viewRadios[0].checked && !c.viewRadios[1].checked && !c.ws.checked);
});

test("the line under the text counts code points, UTF-8 bytes and words", () => {
  assert.equal(textInfoLine("नमस्ते दुनिया", 100000),
    "13 characters · 37 UTF-8 bytes · 2 words (limit 100,000 characters)");
  assert.equal(textInfoLine("", 50), "0 characters · 0 UTF-8 bytes · 0 words (limit 50 characters)");
});
