// The workbench's state and the changes a visitor makes to it, without the DOM.
//
// asked: the visitor's own choice of tokenizers; tokenizers: what the cards show, after the
// server swapped ours for the text's language (asked is kept, so a later text in the first
// language gets the first choice back). own: keys of the visitor's own tokenizers, newest first.

export function initialState(config) {
  return { text: "", asked: [...config.defaults], tokenizers: [...config.defaults],
    language: "auto", shownLanguage: "", view: config.views[0], ws: false, english: "", own: [], embed: false };
}

// The state after following a link (permalink.readLink's state).
export function withLink(state, link) {
  const next = { ...state, ws: link.whitespace, embed: link.embed };
  if (link.tokenizers) next.asked = next.tokenizers = link.tokenizers;
  if (link.view) next.view = link.view;
  if (link.language) next.language = link.language;
  return next;
}

// The state after ticking (or unticking) tokenizer `name` in the picker, and what to tell
// the visitor: picking a tokenizer of another language shows that language. The cards keep
// their order (a new one goes last), ours (those with a language) always first.
export function withPick(state, name, checked, config) {
  const kept = state.tokenizers.filter((n) => n !== name);
  const chosen = checked ? [...kept, name] : kept;
  const ours = new Set(config.tokenizers.filter((t) => t.lang).map((t) => t.name));
  const names = [...chosen.filter((n) => ours.has(n)), ...chosen.filter((n) => !ours.has(n))];
  const next = { ...state, asked: names, tokenizers: names };
  const picked = config.tokenizers.find((t) => t.name === name);
  if (!checked || !picked?.lang || picked.lang === state.shownLanguage) return { state: next, said: "" };
  next.language = picked.lang;
  const language = config.languages.find((l) => l.code === picked.lang).name;
  return { state: next, said: `Language set to ${language}, the language of the tokenizer you picked.` };
}

// The state after a tab made a tokenizer of the visitor's (kept under `key` on the server),
// and the name of the oldest one it pushed out (at most `max` are kept), or "".
export function withOwn(state, key, max) {
  if (typeof key !== "string" || !key) return { state, dropped: "" };
  const own = [key, ...state.own.filter((k) => k !== key)];
  const dropped = own.slice(max);
  const names = { ...state.ownNames };
  for (const k of dropped) delete names[k];
  const said = dropped.map((k) => state.ownNames[k] || "your oldest tokenizer").join(", ");
  return { state: { ...state, own: own.slice(0, max), ownNames: names }, dropped: said };
}

// The state without the visitor's own tokenizer `key` (removed from the picker).
export function withoutOwn(state, key) {
  const { [key]: _, ...names } = state.ownNames;
  return { ...state, own: state.own.filter((k) => k !== key), ownNames: names };
}

// The visitor's own tokenizers as the picker lists them, newest first.
export function ownList(state) {
  return state.own.map((key) => ({ key, name: state.ownNames[key] || "your tokenizer" }));
}

// The state after the server's answer: the tokenizers and language the cards show, and the
// names of the visitor's own (their cards carry their keys).
export function withAnswer(state, answer) {
  const names = { ...state.ownNames };
  for (const card of answer.cards ?? []) {
    if (card.own && !card.error && state.own.includes(card.own)) names[card.own] = card.label || card.name;
  }
  return { ...state, tokenizers: answer.tokenizers, shownLanguage: answer.language, ownNames: names };
}

// What the page asks the server for (workbench.tokenize); the English only while shown.
export function pageRequest(state, withEnglish) {
  return { text: state.text, tokenizers: state.asked, language: state.language,
    english: withEnglish ? state.english : "", own: state.own };
}

// What the page asks a link for (workbench.permalink).
export function linkRequest(state) {
  return { text: state.text, tokenizers: state.tokenizers, view: state.view,
    language: state.language, whitespace: state.ws, embed: state.embed };
}

// What the tabs read (config.events.state): the text and the cards' tokenizers and language.
export function tabState(state) {
  return { text: state.text, tokenizers: [...state.tokenizers],
    language: state.shownLanguage || state.language, english: state.english };
}
