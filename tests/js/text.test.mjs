import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CUT_LIMIT, PIECE, codePoints, fillIn, fmt, heavyCount, hex, markOf, markRuns, needsMarks, pieces,
  sentence, sliceText, textIndex, vocabShort,
} from "../../assets/js/text.mjs";

test("code points: a surrogate pair is one, a lone surrogate is one", () => {
  assert.equal(codePoints("नमस्ते"), 6);
  assert.equal(codePoints("a😀b"), 3);
  assert.equal(codePoints("\uD800x"), 2);
  assert.equal(codePoints(""), 0);
});

test("text index maps UTF-8 byte offsets to UTF-16 indices", () => {
  const index = textIndex("aक😀");
  assert.deepEqual([...index.bytes].length, 1 + 3 + 4);
  assert.equal(index.at[0], 0);
  assert.equal(index.at[1], 1); // क starts at byte 1
  assert.equal(index.at[2], -1); // inside क
  assert.equal(index.at[4], 2); // 😀 starts at byte 4, index 2
  assert.equal(index.at[8], 4);
  assert.equal(sliceText(index, 1, 4), "क");
  assert.equal(sliceText(index, 2, 4), null); // starts inside a character
  assert.equal(sliceText(index, 4, 8), "😀");
  assert.equal(index.slow, false);
  assert.equal(textIndex("क" + "\u0301".repeat(CUT_LIMIT + 1)).slow, true);
});

test("hex shows bytes as the tooltips do", () => {
  assert.equal(hex(new Uint8Array([0xe0, 0xa4, 0x95])), "E0 A4 95");
  assert.equal(hex(new Uint8Array([])), "");
});

test("controls and bidi overrides are always marked; whitespace only when asked", () => {
  assert.equal(markOf("\u0000", false), "␀");
  assert.equal(markOf("\u007F", false), "␡");
  assert.equal(markOf("\u202E", false), "⟨RLO⟩");
  assert.equal(markOf("\u200F", false), null); // a direction mark: only with whitespace marks
  assert.equal(markOf("\u200F", true), "⟨RLM⟩");
  assert.equal(markOf(" ", false), null);
  assert.equal(markOf(" ", true), "·");
  assert.equal(markOf("\u200D", true), "⟨ZWJ⟩");
  assert.equal(markOf("क", true), null);
  assert.equal(needsMarks("plain text", false), false);
  assert.equal(needsMarks("a b", true), true);
});

test("mark runs: plain text and marks alternate; a repeated mark is written with its count", () => {
  assert.deepEqual(markRuns("a\u202Eb", false), [
    { text: "a", mark: false }, { text: "⟨RLO⟩", mark: true }, { text: "b", mark: false }]);
  assert.deepEqual(markRuns("क" + "\u200D".repeat(48), true), [
    { text: "क", mark: false }, { text: "⟨ZWJ⟩×48", mark: true }]);
  assert.deepEqual(markRuns("  ", true), [{ text: "··", mark: true }]);
  assert.deepEqual(markRuns(" \t", true), [{ text: "·→", mark: true }]);
});

test("pieces hold PIECE code points and never cut a surrogate pair", () => {
  const text = "😀".repeat(PIECE + 1);
  const ranges = pieces(text);
  assert.equal(ranges.length, 2);
  assert.deepEqual(ranges[0], [0, 2 * PIECE]);
  assert.deepEqual(ranges[1], [2 * PIECE, text.length]);
  assert.deepEqual(pieces(""), []);
  assert.deepEqual(pieces("abc"), [[0, 3]]);
});

test("heavy characters are counted only in long text", () => {
  assert.equal(heavyCount("\u0301".repeat(10), false), 0);
  const heavy = "क" + "\u0301".repeat(CUT_LIMIT + 5);
  assert.equal(heavyCount(heavy, false), CUT_LIMIT + 5);
  assert.equal(heavyCount("a ".repeat(CUT_LIMIT), false), 0);
  assert.equal(heavyCount("a ".repeat(CUT_LIMIT), true), CUT_LIMIT);
});

test("numbers, templates and sentences", () => {
  assert.equal(fmt(1234567), "1,234,567");
  assert.equal(fmt(9.155, 2), "9.16");
  assert.equal(vocabShort(4999), "4,999");
  assert.equal(vocabShort(128256), "128k");
  assert.equal(fillIn("{what} has {chars}; {unknown}", { what: "the text", chars: "5" }), "the text has 5; {unknown}");
  assert.equal(sentence("the text"), "The text");
  assert.equal(sentence(""), "");
});
