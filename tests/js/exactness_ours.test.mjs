// Our tokenizers in the browser equal Python on every held-out line, and so does the
// detected language (tests/js/exactness.mjs; the fixtures come from scripts/js_fixtures.py).
import { exactnessTests } from "./exactness.mjs";

exactnessTests((name) => name.startsWith("indic-bpe-"), true);
