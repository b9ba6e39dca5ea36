// What the workbench asks and of whom: the browser engine for its tokenizers, the server
// (indictok/app/workbench.py tokenize) for the others and the visitor's own, one request at
// a time; while it runs, only the newest edit waits (requests.mjs).
import { oneAtATime } from "./requests.mjs";
import { pageRequest } from "./state.mjs";
import { HEAVY_RUN, codePoints, fillIn, fmt, sentence } from "./text.mjs";

const NO_ANSWER = "The server did not answer; try again in a moment.";

// Why the page refuses `state` before asking anyone (the server's words), or "".
export function refusal(state, config) {
  const chars = codePoints(state.text), limit = config.limits.max_chars;
  if (chars > limit) return sentence(fillIn(config.messages.too_long, { what: "the text", chars: fmt(chars), limit: fmt(limit) }));
  const own = state.own?.length ?? 0; // the visitor's own cards count as tokenizers (request.check)
  if (!state.tokenizers.length && !own) return sentence(config.messages.no_tokenizer) + ".";
  return "";
}

// The browser's cards with the server's in their places (the visitor's own at the end).
export function merged(local, answer) {
  const byName = new Map(answer.cards.map((c) => [c.name, c]));
  const cards = local.cards.map((c) => (c.server ? byName.get(c.name) ?? { name: c.name, label: c.name, error: "the server did not answer for it" } : c));
  const own = answer.cards.filter((c) => !local.tokenizers.includes(c.name));
  return { ...local, cards: [...cards, ...own] };
}

// The browser's cards on a page without a server (the static site).
export function withoutServer(local) {
  const cards = local.cards.map((c) => (c.server ? { name: c.name, label: c.name, error: `${c.name} runs only on the server, which this page does not have.` } : c));
  return { ...local, cards };
}

// The function that answers the current question: `current()` gives [state, withEnglish];
// `browser` is the engine (or null), `timing` gets when the answer was sent and came.
export function makeAsk(server, browser, config, current, timing) {
  let lastAsked = {};
  async function viaServer(request, local) {
    try {
      const asked = local ? { ...request, tokenizers: local.server, language: local.language } : request;
      const key = JSON.stringify(asked); // a tokenizer that finished loading: the same question
      const raw = key === lastAsked.key ? lastAsked.raw : await server.tokenize(asked);
      lastAsked = { key, raw };
      timing.received = performance.now();
      const answer = raw ? JSON.parse(raw) : { error: NO_ANSWER };
      timing.parsed = performance.now();
      return local && !answer.error ? merged(local, answer) : answer;
    } catch (e) {
      return { error: `The server did not answer (${e}); try again in a moment.` };
    }
  }
  return oneAtATime(async () => {
    const [state, withEnglish] = current();
    const refused = refusal(state, config);
    if (refused) return { error: refused };
    timing.sent = performance.now();
    const request = pageRequest(state, withEnglish);
    // Long runs of marks or joiners: the server's cut pieces (the browser's BPE on one
    // 100,000-mark piece takes minutes); everything else is computed here.
    const local = browser && !(server.tokenize && HEAVY_RUN.test(state.text)) ? browser.analyse(request) : null;
    if (local?.error) return { error: sentence(local.error) };
    if (local && !local.server.length && !request.own.length) {
      timing.received = timing.parsed = performance.now();
      return local;
    }
    if (!server.tokenize) return withoutServer(local);
    return viaServer(request, local);
  });
}
