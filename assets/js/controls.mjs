// The workbench's elements: the text box, the controls above the cards, the metrics section,
// and the layout that holds them (workbench.mjs wires them to the state and the server).
import { h } from "./dom.mjs";
import { codePoints, fmt } from "./text.mjs";

// Every element of the workbench, without listeners but those `on` gives:
// on.language(code), on.view(name), on.ws(checked), on.example(), on.copyLink().
export function buildControls(config, view, on) {
  const ws = h("input", { type: "checkbox", id: "itl-ws", onchange: () => on.ws(ws.checked) });
  const language = h("select", { id: "itl-language", "aria-label": "Language of our tokenizer",
    onchange: () => on.language(language.value) },
    ...config.languages.map((l) => h("option", { value: l.code, text: l.name })));
  const english = h("textarea", { id: "itl-english", rows: "2", "aria-label": "English original",
    placeholder: "English original (optional), for the token premium" });
  return {
    textarea: h("textarea", { "aria-label": "Text to tokenize", spellcheck: "false", rows: "8",
      placeholder: "यहाँ कोई भी पाठ लिखें या चिपकाएँ… / type or paste any text" }),
    textInfo: h("div", { class: "itl-textinfo", "aria-live": "polite" }),
    status: h("div", { id: "itl-status", role: "status" }),
    langNote: h("span", { id: "itl-lang-note" }),
    cardsEl: h("div", { class: "itl-cards", id: "itl-cards", "data-view": view }),
    // on a phone: every card's name, count and bytes/token on the first screen; a tap scrolls
    summary: h("nav", { class: "itl-sums", "aria-label": "Token counts of every card" }),
    language,
    viewRadios: config.views.map((v) => h("input", { type: "radio", name: "itl-view", value: v,
      onchange: () => on.view(v) })),
    ws,
    examples: h("select", { id: "itl-examples", "aria-label": "Examples", onchange: on.example },
      h("option", { value: "", text: "Examples…" }),
      ...config.examples.map((e, i) => h("option", { value: String(i), text: e.label }))),
    linkBox: h("input", { id: "itl-permalink", readonly: true, "aria-label": "Link to this view", placeholder: "link appears here" }),
    linkButton: h("button", { type: "button", class: "itl-button", onclick: on.copyLink }, "Copy link"),
    english,
    metrics: metricsSection(english),
    // The text box, or for text a browser lays out very slowly, a read-only view in pieces.
    preview: h("div", { class: "itl-preview", id: "itl-preview", hidden: true }),
  };
}

function metricsSection(english) {
  return h("details", { class: "itl-more", id: "itl-metrics" },
    h("summary", { text: "Every metric, the token premium vs English, and bars" }),
    english, h("div", { class: "itl-table-wrap" }),
    h("p", { class: "itl-note", text: "token premium = tokens ÷ tokens of the English original, same tokenizer. Ours are trained on Indian text only, so they spend many tokens on English: their premium is low for that reason." }),
    h("div", { class: "itl-bars" }));
}

// The workbench as the page shows it: the bar of controls, the summary, text and cards.
export function layout(c, picker) {
  return h("div", { class: "itl-wb" },
    h("div", { class: "itl-bar" },
      picker.el,
      h("label", { class: "itl-field" }, "Language ", c.language),
      h("span", { class: "itl-toggle", role: "radiogroup", "aria-label": "View" },
        ...c.viewRadios.map((r) => h("label", {}, r, ` ${r.value}`))),
      h("label", { class: "itl-field" }, c.ws, " whitespace"),
      c.langNote),
    c.summary,
    h("div", { class: "itl-main" },
      h("div", { class: "itl-left" },
        h("div", { id: "itl-input" }, c.textarea, c.preview),
        h("div", { class: "itl-under" }, c.examples, c.textInfo),
        h("div", { class: "itl-linkrow" }, c.linkButton, c.linkBox),
        c.status),
      h("div", { class: "itl-right" }, c.cardsEl)),
    c.metrics);
}

// The controls showing `state` (the picker with the visitor's own tokenizers too).
export function syncControls(c, picker, state, own) {
  picker.sync(state.tokenizers, own);
  c.language.value = state.language;
  for (const r of c.viewRadios) r.checked = r.value === state.view;
  c.ws.checked = state.ws;
}

// The line under the text box: its size, and the limit.
export function textInfoLine(text, maxChars) {
  const bytes = new TextEncoder().encode(text).length;
  const words = text.split(/\s+/).filter(Boolean).length;
  return `${fmt(codePoints(text))} characters · ${fmt(bytes)} UTF-8 bytes · ${fmt(words)} words (limit ${fmt(maxChars)} characters)`;
}
