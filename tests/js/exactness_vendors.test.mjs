// The vendors' tokenizers in the browser (tiktoken's WASM, tokenizers.js) equal Python on
// every held-out line (tests/js/exactness.mjs; the fixtures come from scripts/js_fixtures.py).
import { exactnessTests } from "./exactness.mjs";

exactnessTests((name) => !name.startsWith("indic-bpe-"));
