// Who is asked: the page's own refusals in the server's words, and the browser's cards
// merged with the server's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeAsk, merged, refusal, withoutServer } from "../../assets/js/asking.mjs";
import { pageConfig } from "./page_config.mjs";

const CONFIG = pageConfig();
const STATE = { text: "नमस्ते", tokenizers: ["gpt2"], asked: ["gpt2"], language: "auto", english: "", own: [] };

test("the page refuses a text over the limit and no tokenizer, as the server words it", () => {
  assert.equal(refusal(STATE, CONFIG), "");
  const long = "क".repeat(CONFIG.limits.max_chars + 1);
  assert.match(refusal({ ...STATE, text: long }, CONFIG), /^The text has 100,001 characters \(Unicode code points\); the limit is 100,000\./);
  assert.equal(refusal({ ...STATE, tokenizers: [] }, CONFIG), "Choose at least one tokenizer.");
  assert.equal(refusal({ ...STATE, tokenizers: [], own: ["k"] }, CONFIG), "", "the visitor's own tokenizer is one");
});

test("the server's cards take the places the browser left them; the visitor's own go last", () => {
  const local = { tokenizers: ["a", "b", "c"], cards: [{ name: "a" }, { name: "b", server: true }, { name: "c", server: true }] };
  const answer = { cards: [{ name: "b", stats: 1 }, { name: "mine", own: "k" }] };
  assert.deepEqual(merged(local, answer).cards, [{ name: "a" }, { name: "b", stats: 1 },
    { name: "c", label: "c", error: "the server did not answer for it" }, { name: "mine", own: "k" }]);
  assert.match(withoutServer(local).cards[1].error, /^b runs only on the server/);
});

test("the server is asked once per question; a refused one is not sent", async () => {
  const sent = [];
  const server = { tokenize: async (request) => { sent.push(request); return JSON.stringify({ cards: [], language: "hi" }); } };
  let state = STATE;
  const timing = {};
  const ask = makeAsk(server, null, CONFIG, () => [state, false], timing);
  assert.deepEqual(await ask(), { cards: [], language: "hi" });
  await ask(); // the same question (a tokenizer finished loading): the kept answer
  assert.equal(sent.length, 1);
  assert.ok(timing.sent <= timing.received && timing.received <= timing.parsed);
  state = { ...STATE, tokenizers: [] };
  assert.deepEqual(await ask(), { error: "Choose at least one tokenizer." });
  assert.equal(sent.length, 1);
  server.tokenize = async () => { throw new Error("offline"); };
  state = { ...STATE, text: "other" };
  assert.match((await ask()).error, /^The server did not answer \(Error: offline\)/);
});
