// The browser engine's files read from this checkout (for node tests): engines.mjs's `io`
// and the vendored libraries' paths.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const nodeIO = {
  bytes: async (path) => new Uint8Array(readFileSync(path)),
  text: async (path) => readFileSync(path, "utf8"),
  module: (path) => import(pathToFileURL(path).href),
};
export const VENDOR = {
  tiktoken_glue: join(ROOT, "assets/vendor/tiktoken/tiktoken_bg.mjs"),
  tiktoken_wasm: join(ROOT, "assets/vendor/tiktoken/tiktoken_bg.wasm"),
  tokenizers: join(ROOT, "assets/vendor/tokenizers/tokenizers.min.mjs"),
};
