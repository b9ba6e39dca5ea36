// The Lab's "watch BPE learn" panel, on the fake DOM: drawn from the training's merge history.
import assert from "node:assert/strict";
import { test } from "node:test";
import { install } from "./fake_dom.mjs";
import { mountLab } from "../../assets/js/lab.mjs";

// "ab ab" with two merges: a+b -> 3 (count 2), then " "+ab -> 4. Chunks "ab" and " ab" as their
// histories [[rank, ids], ...] (indictok.lab.sample_steps' shape).
const STEPS = {
  total: 2,
  chunks: [[[0, [0, 1]], [0, [3]]], [[0, [2, 0, 1]], [0, [2, 3]], [1, [4]]]],
  pieces: { 0: "a", 1: "b", 2: " ", 3: "ab", 4: " ab" },
  merges: [["a", "b", "ab", 2], [" ", "ab", " ab", 1]],
};

test("the slider shows the tokens after the first k merges, and the merge it stopped at", () => {
  const body = install();
  const root = document.createElement("div");
  body.append(root);
  mountLab(root, { events: { lab: "itl:lab" }, palette_size: 9 });
  assert.ok(root.querySelector(".itl-lab-panel").hidden);
  document.dispatchEvent(new CustomEvent("itl:lab", { detail: { json: JSON.stringify(STEPS) } }));
  const slider = root.querySelector("#itl-lab-slider");
  const tokens = () => root.querySelector("#itl-lab-tokens").children.map((t) => t.textContent);
  assert.equal(slider.value, "2");
  assert.deepEqual(tokens(), ["ab", " ab"]);
  assert.equal(root.querySelector("#itl-lab-caption").textContent, "After merge 2 of 2: 2 tokens");
  assert.equal(root.querySelector("#itl-lab-merges").querySelectorAll("tr").length, 3); // head + 2
  for (const [k, expected, merge] of [
    [0, ["a", "b", " ", "a", "b"], "Before any merge: one token per UTF-8 byte."],
    [1, ["ab", " ", "ab"], "Merge 1: “a” + “b” → “ab” (count 2)"],
  ]) {
    slider.value = String(k);
    slider.dispatch("input");
    assert.deepEqual(tokens(), expected);
    assert.equal(root.querySelector("#itl-lab-merge").textContent, merge);
  }
  assert.equal(root.querySelector("#itl-lab-tokens").children[0].className, "itl-tok c3"); // id 3
});

test("a training that starts hides the previous run's slider and drops its card", () => {
  const body = install();
  const root = document.createElement("div");
  body.append(root);
  const events = { lab: "itl:lab", own: "itl:own" };
  mountLab(root, { events, palette_size: 9 });
  const dropped = [];
  document.addEventListener("itl:own", (e) => dropped.push(e.detail.drop));
  const steps = JSON.stringify({ ...STEPS, label: "Yours #2: indic-v1, Hindi" });
  document.dispatchEvent(new CustomEvent("itl:lab", { detail: { json: steps, key: "k2" } }));
  assert.equal(root.querySelector("#itl-lab-run").textContent, "Yours #2: indic-v1, Hindi");
  assert.ok(!root.querySelector(".itl-lab-panel").hidden);
  document.dispatchEvent(new CustomEvent("itl:lab", { detail: { json: "" } }));
  assert.ok(root.querySelector(".itl-lab-panel").hidden);
  assert.deepEqual(dropped, ["k2"]);
  document.dispatchEvent(new CustomEvent("itl:lab", { detail: { json: "" } }));
  assert.deepEqual(dropped, ["k2"]); // dropped once
});

test("the replay starts at the first learned merge; the seeded alphabet is labelled", () => {
  const body = install();
  const root = document.createElement("div");
  body.append(root);
  mountLab(root, { events: { lab: "itl:lab", own: "itl:own" }, palette_size: 9 });
  const steps = { ...STEPS, seeded: 1, merges: [["·", "ab", "·ab", 1]] }; // merge 1 seeded
  document.dispatchEvent(new CustomEvent("itl:lab", { detail: { json: JSON.stringify(steps) } }));
  const slider = root.querySelector("#itl-lab-slider");
  assert.equal(slider.min, "1");
  const rows = root.querySelector("#itl-lab-merges").querySelector("tbody").querySelectorAll("tr");
  assert.equal(rows.length, 2);
  assert.match(rows[0].textContent, /^1–1the alphabet: 1 letters seeded/);
  assert.equal(rows[1].children[0].textContent, "2"); // ranks go on from the seeded ones
  slider.value = "1";
  slider.dispatch("input");
  assert.match(root.querySelector("#itl-lab-merge").textContent, /^The seeded alphabet: merges 1–1 .* start at 2\.$/);
  slider.value = "2";
  slider.dispatch("input");
  assert.equal(root.querySelector("#itl-lab-merge").textContent, "Merge 2: “·” + “ab” → “·ab” (count 1)");
});
