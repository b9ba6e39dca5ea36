import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { toQuery } from "../../assets/js/links.mjs";
import { readLink } from "../../assets/js/permalink.mjs";

const VECTORS = JSON.parse(readFileSync(new URL("../permalink_vectors.json", import.meta.url), "utf8"));
const config = VECTORS.config;

test("a link built in the browser restores the text, tokenizers, view and language", async () => {
  const request = { text: "नमस्ते दुनिया 👩‍💻", tokenizers: ["o200k_base", "gpt2"], view: "tokens", language: "hi", whitespace: true, embed: false };
  const query = await toQuery(request, config, 8192);
  const { state, problems } = await readLink(new URLSearchParams(query), config);
  assert.deepEqual(problems, []);
  assert.equal(state.text, request.text);
  assert.deepEqual(state.tokenizers, request.tokenizers);
  assert.equal(state.view, "tokens");
  assert.equal(state.language, "hi");
  assert.equal(state.whitespace, true);
});

test("a text too long for a link is left out and the link says so", async () => {
  let text = "", seed = 1;
  for (let i = 0; i < 20000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648; // incompressible: a pseudo-random draw
    text += String.fromCharCode(0x900 + (seed >> 16) % 127);
  }
  const query = await toQuery({ text, tokenizers: ["gpt2"], view: "tokens", language: "hi" }, config, 8192);
  assert.equal(query, "k=gpt2&v=tokens&l=hi&note=link-too-long");
});
