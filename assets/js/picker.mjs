// The tokenizer picker: a dropdown of checkboxes grouped by vendor, filtered as you type.
import { h } from "./dom.mjs";
import { fmt, vocabShort } from "./text.mjs";

// The words a filter matches for one catalogue entry (name, label, vendor, language, size).
export function searchWords(t) {
  return `${t.name} ${t.label} ${t.group} ${t.language} ${vocabShort(t.vocab)}`.toLowerCase();
}
// Does `words` hold every term of the filter `query`?
export function matches(words, query) {
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((term) => words.includes(term));
}

// The picker's element and its controls; `onPick(name, checked)` when a box changes,
// `onRemove(key)` when the visitor removes one of their own tokenizers (listed first).
export function buildPicker(tokenizers, onPick, onRemove = () => {}, maxOwn = 0) {
  const count = h("span", { class: "itl-picker-count" });
  const el = h("details", { class: "itl-picker", id: "itl-names" }, h("summary", {}, "Tokenizers ", count));
  const search = h("input", { type: "search", class: "itl-picker-search", id: "itl-picker-search",
    placeholder: "Filter: llama, qwen, tamil, 200k…", "aria-label": "Filter tokenizers", oninput: filter });
  const noMatch = h("p", { class: "itl-note", hidden: true, text: "No tokenizer matches." });
  const ownLegend = h("legend", {});
  const ownList = h("ul", { class: "itl-own-list" });
  const ownSet = h("fieldset", { class: "itl-own", id: "itl-own", hidden: true }, ownLegend, ownList);
  const pop = h("div", { class: "itl-pop" }, search, noMatch, ownSet);
  const boxes = new Map();
  for (const group of [...new Set(tokenizers.map((t) => t.group))]) {
    const fieldset = h("fieldset", {}, h("legend", { text: group }));
    for (const t of tokenizers.filter((x) => x.group === group)) {
      const box = h("input", { type: "checkbox", value: t.name, onchange: () => onPick(t.name, box.checked) });
      boxes.set(t.name, box);
      fieldset.append(h("label", { "data-search": searchWords(t), title: `${t.name}: ${t.source}` }, box, ` ${t.label} `,
        h("span", { class: "itl-vocab", text: `vocab ${fmt(t.vocab)}`, title: `${fmt(t.vocab)} token ids` })));
    }
    pop.append(fieldset);
  }
  el.append(pop);

  function filter() {
    let shown = 0;
    for (const fieldset of pop.querySelectorAll("fieldset")) {
      if (fieldset === ownSet) continue; // the visitor's own: always listed
      let inGroup = 0;
      for (const label of fieldset.querySelectorAll("label")) {
        const match = matches(label.dataset.search, search.value);
        label.hidden = !match;
        inGroup += match;
      }
      fieldset.hidden = !inGroup;
      shown += inGroup;
    }
    noMatch.hidden = shown > 0;
  }
  // open: the filter takes the keys (not on a touch screen, where focus opens the keyboard)
  el.addEventListener("toggle", () => { if (el.open && matchMedia("(pointer: fine)").matches) search.focus(); });
  search.addEventListener("keydown", (e) => { // Enter picks the one tokenizer left by the filter
    if (e.key !== "Enter") return;
    e.preventDefault();
    const left = [...pop.querySelectorAll("label:not([hidden]) input")].filter((b) => !b.closest("[hidden]"));
    if (left.length === 1) left[0].click();
  });
  document.addEventListener("click", (e) => { if (el.open && !el.contains(e.target)) el.open = false; });
  el.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && el.open) { el.open = false; el.querySelector("summary").focus(); }
  });
  // Show `chosen` (names) as checked, and list the visitor's `own` ([{key, name}]); the
  // count is every card's: chosen and own.
  function sync(chosen, own = []) {
    for (const [name, box] of boxes) box.checked = chosen.includes(name);
    count.textContent = `(${chosen.length + own.length})`;
    ownSet.hidden = own.length === 0;
    ownLegend.textContent = `Yours (${own.length} of at most ${maxOwn} kept for this session)`;
    ownList.replaceChildren(...own.map((t) => h("li", { "data-key": t.key }, h("span", { text: `${t.name} ` }),
      h("button", { type: "button", class: "itl-button", text: "Remove", "aria-label": `Remove ${t.name}`,
        onclick: () => onRemove(t.key) }))));
  }
  return { el, sync };
}
