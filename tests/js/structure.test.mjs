// The page's modules stay small enough to read: no function over 60 lines (read from the
// source by a brace count that skips strings, comments and escaped braces).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const JS = new URL("../../assets/js/", import.meta.url);
const MAX_LINES = 60;
const KEYWORDS = new Set(["if", "for", "while", "switch", "catch", "with"]);
// Modules split by other work in progress; each must still have a long function (once it has
// none, its line here fails the test: remove it).
const SPLIT_ELSEWHERE = {};

// Does the code before a "{" open a function's body (function f(…), method(…), … =>)?
function opensFunction(before) {
  if (/(\bfunction\b[^{]*\)|=>)\s*$/.test(before)) return true;
  const method = before.match(/^\s*(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?([\w$]+)\s*\([^()]*\)\s*$/);
  return Boolean(method) && !KEYWORDS.has(method[1]);
}

// Every function of `source` as {line, lines}: where it starts and how many lines it spans.
export function functionLengths(source) {
  const found = [];
  // open strings ("'`), template expressions ("${") and braces ({start}: a function's line)
  const frames = [];
  let line = 1, lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i], top = frames.at(-1);
    if (ch === "\n") { line += 1; lineStart = i + 1; }
    if (typeof top === "string" && top !== "${") { // in a string
      if (ch === "\\") i += 1;
      else if (ch === top) frames.pop();
      else if (top === "`" && ch === "$" && source[i + 1] === "{") { frames.push("${"); i += 1; }
      continue;
    }
    if (ch === "/" && source[i + 1] === "/") { i = source.indexOf("\n", i) - 1; if (i < 0) break; continue; }
    if (ch === "/" && source[i + 1] === "*") { const end = source.indexOf("*/", i); line += source.slice(i, end).split("\n").length - 1; i = end + 1; continue; }
    if (`"'\``.includes(ch)) frames.push(ch);
    else if (source[i - 1] === "\\") continue; // an escaped brace in a regular expression
    else if (ch === "{") frames.push({ start: opensFunction(source.slice(lineStart, i)) ? line : 0 });
    else if (ch === "}") {
      const closed = frames.pop();
      if (closed?.start) found.push({ line: closed.start, lines: line - closed.start + 1 });
    }
  }
  return found;
}

test("the reader finds functions, methods and arrows, and skips braces in strings", () => {
  const body = Array.from({ length: 3 }, (_, i) => `  const x${i} = "{";`).join("\n");
  const source = `function f(a) {\n${body}\n}\nclass C {\n  m(b) {\n    if (b) { return \`\${b}}\`; }\n  }\n}\nconst g = (x) => {\n  return /\\{/;\n};\n`;
  assert.deepEqual(functionLengths(source), [{ line: 1, lines: 5 }, { line: 7, lines: 3 }, { line: 11, lines: 3 }]);
});

test("no function of the page's modules passes 60 lines", () => {
  const long = [];
  for (const name of readdirSync(JS).filter((n) => n.endsWith(".mjs"))) {
    for (const f of functionLengths(readFileSync(new URL(name, JS), "utf-8"))) {
      if (f.lines > MAX_LINES) long.push(`${name}:${f.line} (${f.lines} lines)`);
    }
  }
  const waiting = Object.keys(SPLIT_ELSEWHERE);
  assert.deepEqual(long.filter((f) => !waiting.includes(f.split(":")[0])), []);
  for (const name of waiting) assert.ok(long.some((f) => f.startsWith(`${name}:`)), `${name} is short now: remove it from SPLIT_ELSEWHERE`);
});
