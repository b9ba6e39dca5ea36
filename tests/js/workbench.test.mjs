// The workbench wired together, on the fake DOM, against a fake server: what it asks the
// server, what it draws, and how the other parts of the page talk to it (config.events).
import assert from "node:assert/strict";
import { test } from "node:test";
import { install } from "./fake_dom.mjs";
import { pageConfig } from "./page_config.mjs";
import { mountWorkbench } from "../../assets/js/workbench.mjs";

// The real page config, with an example, limits and notices small enough to test with.
const REAL = pageConfig();
const CONFIG = {
  ...REAL,
  examples: [{ label: "First", text: "hello world", english: "" }],
  notices: [],
  limits: { ...REAL.limits, max_chars: 50, max_own: 2 },
};

// A server whose tokenizers cut ASCII text into one token per character.
function fakeServer() {
  const calls = { tokenize: [], permalink: [] };
  const card = (name, text) => {
    const n = text.length, at = [...Array(n).keys()];
    return { name, label: name, vocab: 10, lang: "hi", premium: null,
      stats: { tokens: n, bytes: n, chars: n, words: 1, graphemes: n, partial_tokens: 0, split_graphemes: 0,
        bytes_per_token: 1, chars_per_token: 1, tokens_per_word: n, partial_share: 0, split_share: 0 },
      ids: at.map((i) => text.charCodeAt(i)), starts: at, ends: at.map((i) => i + 1), relations: at.map(() => 0),
      groups: { bounds: [...at, n], firsts: [...at, n] }, empty_pieces: {} };
  };
  return {
    calls,
    async tokenize(request) {
      calls.tokenize.push(request);
      const cards = request.tokenizers.map((name) => card(name, request.text));
      for (const key of request.own) cards.push({ name: "yours", label: "Yours", error: `no ${key}` });
      return JSON.stringify({ language: "hi", language_note: "Hindi (detected)", tokenizers: request.tokenizers, cards });
    },
    async permalink(request) {
      calls.permalink.push(request);
      return JSON.stringify({ query: "k=gpt2&v=tokens&note=link-too-long" });
    },
  };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const byText = (root, tag, text) => root.findAll((e) => e.tagName === tag && e.textContent === text)[0];

test("the workbench follows the link, asks the server once per edit and draws its cards", async () => {
  const body = install("?k=gpt2,nope&v=tokens&ws=1&note=link-too-long");
  const panel = document.createElement("div");
  panel.setAttribute("id", "itl-grade");
  body.append(panel);
  const root = document.createElement("div");
  body.append(root);
  const server = fakeServer();
  mountWorkbench(root, server, CONFIG);
  await settle();

  // the link: its tokenizers (the unknown one dropped), view and whitespace; its note said
  assert.deepEqual(server.calls.tokenize, [{ text: "hello world", tokenizers: ["gpt2"], language: "auto", english: "", own: [] }]);
  const cards = root.querySelector("#itl-cards");
  assert.equal(cards.dataset.view, "tokens");
  assert.deepEqual(cards.children.map((c) => c.dataset.tokenizer), ["gpt2"]);
  assert.equal(cards.children[0].querySelectorAll(".itl-tok").length, 11);
  assert.match(root.querySelector("#itl-status").textContent, /From the link: the link's text was too long for a URL/);
  assert.equal(root.querySelector("#itl-lang-note").textContent, "Language: Hindi (detected)");

  // a tab asks for the state through the event; the language is the one the cards show
  const asked = {};
  document.dispatchEvent(new CustomEvent("itl:state", { detail: asked }));
  assert.deepEqual(asked, { text: "hello world", tokenizers: ["gpt2"], language: "hi", english: "" });

  // an edit: one request with the new text; after grading, the grade is marked outdated
  document.dispatchEvent(new CustomEvent("itl:graded", { detail: {} }));
  const textarea = root.querySelector("textarea");
  textarea.value = "abc";
  textarea.dispatch("input");
  await settle();
  assert.equal(server.calls.tokenize.at(-1).text, "abc");
  assert.ok(panel.classList.contains("itl-outdated"));
  assert.match(root.querySelector(".itl-textinfo").textContent, /^3 characters · 3 UTF-8 bytes · 1 words/);

  // a text over the limit: refused in the page with the server's words, nothing sent
  const sent = server.calls.tokenize.length;
  textarea.value = "x".repeat(51);
  textarea.dispatch("input");
  await settle();
  assert.equal(server.calls.tokenize.length, sent);
  assert.match(root.querySelector("#itl-status").textContent,
    /^Nothing was redrawn: The text has 51 characters \(Unicode code points\); the limit is 50\. .*dimmed/);
  assert.ok(cards.classList.contains("itl-stale"));

  // the visitor's own tokenizer joins the request
  textarea.value = "ok";
  textarea.dispatch("input");
  document.dispatchEvent(new CustomEvent("itl:own", { detail: { key: "k1" } }));
  await settle();
  assert.deepEqual(server.calls.tokenize.at(-1).own, ["k1"]);
  assert.equal(cards.children.at(-1).dataset.tokenizer, "yours");

  // the link is the server's; a text left out is said
  byText(root, "BUTTON", "Copy link").dispatch("click");
  await settle();
  assert.deepEqual(server.calls.permalink, [{ text: "ok", tokenizers: ["gpt2"], view: "tokens", language: "auto", whitespace: true, embed: false }]);
  assert.equal(root.querySelector("#itl-permalink").value, "https://example.org/?k=gpt2&v=tokens&note=link-too-long");
  assert.match(root.querySelector("#itl-status").textContent, /^The text is too long to put in a link \(2 characters\)/);
});

test("the grader's panel follows the page's language: its button is pressed when it changes", async () => {
  const body = install("");
  const button = document.createElement("button");
  button.setAttribute("id", "itl-grade-go");
  let pressed = 0;
  button.click = () => { pressed += 1; };
  const root = document.createElement("div");
  body.append(button, root);
  const server = fakeServer();
  const tokenize = server.tokenize;
  server.tokenize = async (request) => {  // "ta…" text is Tamil, any other Hindi
    const answer = JSON.parse(await tokenize(request));
    return JSON.stringify({ ...answer, language: request.text.startsWith("ta") ? "ta" : "hi" });
  };
  mountWorkbench(root, server, CONFIG);
  await settle();
  assert.equal(pressed, 0); // the panel already shows Hindi
  const textarea = root.querySelector("textarea");
  for (const text of ["ta one", "ta two", "hi"]) {
    textarea.value = text;
    textarea.dispatch("input");
    await settle();
  }
  assert.equal(pressed, 2); // to Tamil once, back to Hindi once
  document.dispatchEvent(new CustomEvent("itl:graded", { detail: { language: "ta" } })); // the tab graded
  textarea.value = "hi again";
  textarea.dispatch("input");
  await settle();
  assert.equal(pressed, 3); // the panel showed Tamil: Hindi is graded again
});

test("the visitor's own tokenizers are listed, counted, removable, and a dropped one is named", async () => {
  const body = install("");
  const root = document.createElement("div");
  body.append(root);
  const server = fakeServer();
  const tokenize = server.tokenize;
  server.tokenize = async (request) => { // each own card drawn, named after its key, carrying it
    const answer = JSON.parse(await tokenize(request));
    const drawn = answer.cards.find((c) => !c.error);
    answer.cards = answer.cards.map((c, i) => {
      const key = request.own[i - request.tokenizers.length];
      return key ? { ...drawn, name: `uploaded: ${key}.json`, label: `uploaded: ${key}.json`, own: key } : c;
    });
    return JSON.stringify(answer);
  };
  mountWorkbench(root, server, CONFIG);
  await settle();
  const count = () => root.querySelector(".itl-picker-count").textContent;
  const chosen = CONFIG.defaults.length;
  assert.equal(count(), `(${chosen})`);
  for (const key of ["k1", "k2"]) {
    document.dispatchEvent(new CustomEvent("itl:own", { detail: { key } }));
    await settle();
  }
  assert.deepEqual(server.calls.tokenize.at(-1).own, ["k2", "k1"]);
  assert.equal(count(), `(${chosen + 2})`); // two of the visitor's own with the chosen
  const own = root.querySelector("#itl-own");
  assert.ok(!own.hidden);
  assert.deepEqual(own.querySelectorAll("li").map((li) => li.dataset.key), ["k2", "k1"]);
  assert.match(own.textContent, /^Yours \(2 of at most 2 kept for this session\)/);
  document.dispatchEvent(new CustomEvent("itl:own", { detail: { key: "k3" } })); // over the limit
  await settle();
  assert.deepEqual(server.calls.tokenize.at(-1).own, ["k3", "k2"]);
  assert.match(root.querySelector("#itl-status").textContent, /At most 2 of your own tokenizers are kept: the oldest, “uploaded: k1\.json”, was dropped\./);
  assert.match(own.textContent, /uploaded: k3\.json Remove/);
  byText(own, "BUTTON", "Remove").dispatch("click"); // the newest, k3
  await settle();
  assert.deepEqual(server.calls.tokenize.at(-1).own, ["k2"]);
  assert.equal(count(), `(${chosen + 1})`);
});
