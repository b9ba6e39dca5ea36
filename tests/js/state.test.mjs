import assert from "node:assert/strict";
import { test } from "node:test";
import { initialState, linkRequest, ownList, pageRequest, tabState, withAnswer, withLink, withOwn, withoutOwn, withPick } from "../../assets/js/state.mjs";

const CONFIG = {
  defaults: ["indic-bpe-hi", "o200k_base"], views: ["characters", "tokens"],
  tokenizers: [{ name: "indic-bpe-hi", lang: "hi" }, { name: "indic-bpe-ta", lang: "ta" }, { name: "o200k_base", lang: "" }, { name: "gpt2", lang: "" }],
  languages: [{ code: "auto", name: "Auto-detect" }, { code: "hi", name: "Hindi" }, { code: "ta", name: "Tamil" }],
};

test("picking keeps the cards' order, ours first; a tokenizer of another language shows that language", () => {
  let state = withAnswer(initialState(CONFIG), { tokenizers: ["indic-bpe-hi", "o200k_base"], language: "hi" });
  const gpt2 = withPick(state, "gpt2", true, CONFIG);
  assert.deepEqual(gpt2.state.tokenizers, ["indic-bpe-hi", "o200k_base", "gpt2"]);
  assert.equal(gpt2.said, "");
  const tamil = withPick(state, "indic-bpe-ta", true, CONFIG);
  assert.deepEqual(tamil.state.asked, ["indic-bpe-hi", "indic-bpe-ta", "o200k_base"]);
  assert.equal(tamil.state.language, "ta");
  assert.equal(tamil.said, "Language set to Tamil, the language of the tokenizer you picked.");
  state = withPick(state, "o200k_base", false, CONFIG).state;
  assert.deepEqual(state.tokenizers, ["indic-bpe-hi"]);
  // Tamil detected: the server swapped ours for Tamil's; adding a tokenizer keeps it first
  const swapped = { ...initialState(CONFIG), tokenizers: ["indic-bpe-ta", "o200k_base"], shownLanguage: "ta" };
  assert.deepEqual(withPick(swapped, "gpt2", true, CONFIG).state.tokenizers, ["indic-bpe-ta", "o200k_base", "gpt2"]);
});

test("a link's settings replace the defaults; what it leaves out stays", () => {
  const state = withLink(initialState(CONFIG), { tokenizers: ["gpt2"], view: "tokens", whitespace: true, embed: false });
  assert.deepEqual([state.asked, state.tokenizers, state.view, state.ws, state.language], [["gpt2"], ["gpt2"], "tokens", true, "auto"]);
  const bare = withLink(initialState(CONFIG), { whitespace: false, embed: true });
  assert.deepEqual([bare.tokenizers, bare.view, bare.embed], [CONFIG.defaults, "characters", true]);
});

test("the visitor's own tokenizers: newest first, at most the server's number, the dropped one named", () => {
  let state = initialState(CONFIG);
  const said = [];
  for (const key of ["a", "b", "a", "c"]) {
    const kept = withOwn(state, key, 3);
    state = kept.state;
    said.push(kept.dropped);
  }
  assert.deepEqual(state.own, ["c", "a", "b"]);
  assert.deepEqual(said, ["", "", "", ""]);
  const cards = [{ name: "gpt2" }, { name: "uploaded: x.json", label: "uploaded: x.json", own: "b" },
    { name: "yours", label: "Yours: indic-v1, Hindi", own: "a" }, { name: "yours", label: "Your tokenizer", error: "gone", own: "c" }];
  state = withAnswer(state, { tokenizers: ["gpt2"], language: "hi", cards });
  assert.deepEqual(ownList(state), [{ key: "c", name: "your tokenizer" }, { key: "a", name: "Yours: indic-v1, Hindi" },
    { key: "b", name: "uploaded: x.json" }]);
  const kept = withOwn(state, "d", 3); // the fourth: the oldest goes, by its name
  assert.deepEqual([kept.state.own, kept.dropped], [["d", "c", "a"], "uploaded: x.json"]);
  assert.equal(kept.state.ownNames.b, undefined);
  assert.deepEqual(withoutOwn(kept.state, "a").own, ["d", "c"]);
  assert.equal(withOwn(state, 42, 3).state, state);
  assert.equal(withOwn(state, "", 3).state, state);
});

test("what the server and the tabs are sent", () => {
  let state = { ...initialState(CONFIG), text: "नमस्ते", english: "hello", language: "auto", view: "tokens" };
  state = withAnswer(state, { tokenizers: ["indic-bpe-hi"], language: "hi" });
  assert.deepEqual(pageRequest(state, false), { text: "नमस्ते", tokenizers: CONFIG.defaults, language: "auto", english: "", own: [] });
  assert.equal(pageRequest(state, true).english, "hello");
  assert.deepEqual(tabState(state), { text: "नमस्ते", tokenizers: ["indic-bpe-hi"], language: "hi", english: "hello" });
  assert.deepEqual(linkRequest(state), { text: "नमस्ते", tokenizers: ["indic-bpe-hi"], view: "tokens", language: "auto", whitespace: false, embed: false });
});
