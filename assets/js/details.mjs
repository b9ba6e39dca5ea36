// Token details for every visitor: the tokens of a card are one tab stop (roving tabindex:
// the arrow keys, Home and End move within the card); Enter, Space, a click or a tap opens
// a panel ([data-token-details]) with each token's id, bytes in hex, text, position and,
// where the browser holds the tokenizer's merges, the merge that made it; Escape closes it
// and gives the focus back to the token. The hover tooltip stays for mouse users.
import { h } from "./dom.mjs";
import { fmt, hex, sliceText, visibleText } from "./text.mjs";

const MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

// What the panel says of token t of `card` (a CardView): plain data, tested in node.
export function tokenFacts(card, t, parents) {
  const d = card.data, start = d.starts[t], end = d.ends[t];
  const bytes = card.index.bytes.subarray(start, end);
  const text = sliceText(card.index, start, end);
  return {
    index: t, count: d.ids.length, id: d.ids[t], hex: hex(bytes) || "none",
    text: text === null ? "(part of a character: bytes only)" : visibleText(text || (d.empty_pieces[String(t)] ?? "∅")),
    start, end, merge: parents,
  };
}

export function makeDetails(cardsEl, { parentsOf, lookup }) {
  const panel = h("div", { "data-token-details": "", class: "itl-details", role: "dialog", "aria-label": "Token details", hidden: true });
  let opener = null;

  function unitEl(target) {
    const el = target.closest ? target.closest(".itl-block > span") : null;
    return el && el._unit !== undefined && el.hasAttribute("data-index") ? el : null;
  }
  // Card `card` gets its tab stop on unit element `el` (its first, when drawn anew).
  function stop(card, el) {
    const old = card.el.querySelector('.itl-text [tabindex="0"]');
    if (old && old !== el) { old.removeAttribute("tabindex"); old.removeAttribute("role"); }
    if (!el) return;
    el.tabIndex = 0;
    el.setAttribute("role", "button");
  }
  // Focus the first token unit from unit `k` on, going by `step` (+1 or -1).
  function move(card, k, step) {
    while (k >= 0 && k < card.count) {
      if (k >= card.drawn) card.draw(k + 1);
      const next = card.els[k];
      if (next?.hasAttribute("data-index")) { stop(card, next); next.focus(); next.scrollIntoView({ block: "nearest" }); return; }
      k += step;
    }
  }
  function open(el) {
    const card = el.closest(".itl-card")._card;
    stop(card, el);
    opener = el;
    const first = Number(el.dataset.index), k = el._unit;
    const last = card.tokens ? first + 1 : card.data.groups.firsts[k + 1];
    const rows = [];
    for (let t = first; t < last; t++) {
      const f = tokenFacts(card, t, parentsOf(card.data.name, card.data.ids[t]));
      const merge = f.merge ? `merge of ids ${fmt(f.merge.left)} + ${fmt(f.merge.right)} (rank ${fmt(f.merge.rank)})`
        : card.data.engine === "browser" ? "no merge: a single byte, or merges not held by this tokenizer's files" : "merges: see Token lookup";
      rows.push(h("li", {},
        h("span", { text: `token ${fmt(f.index + 1)} of ${fmt(f.count)} · ` }), h("b", { class: "itl-details-id", text: `id ${f.id}` }),
        h("span", { text: ` · bytes ${f.hex} · at bytes ${fmt(f.start)}–${fmt(f.end)} of the text · ` }),
        h("span", { class: "itl-details-text", text: f.text }), h("span", { text: ` · ${merge}` })));
    }
    // the Token lookup tab, when it opens, takes the ask from the button (indictok/app/layout.py)
    const asked = { name: card.data.name, id: card.data.ids[first] };
    const look = h("button", { type: "button", class: "itl-mini", "data-lookup-tokenizer": asked.name, "data-lookup-id": String(asked.id),
      onclick: () => { look.setAttribute("data-lookup-asked", ""); lookup(asked.name, asked.id); } }, "Token lookup");
    const close = h("button", { type: "button", class: "itl-mini", "aria-label": "Close token details", onclick: shut }, "×");
    panel.replaceChildren(h("div", { class: "itl-details-head" }, h("b", { text: `${card.data.label}: ${rows.length === 1 ? "token" : `${rows.length} tokens`}` }), look, close),
      h("ul", {}, ...rows));
    card.el.insertBefore(panel, card.body);
    panel.hidden = false;
  }
  function shut() {
    if (panel.hidden) return;
    panel.hidden = true;
    opener?.focus();
  }
  cardsEl.addEventListener("click", (e) => { const el = unitEl(e.target); if (el) open(el); });
  cardsEl.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { shut(); return; }
    const el = unitEl(e.target);
    if (!el) return;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(el); }
    else if (e.key in MOVES) { e.preventDefault(); move(el.closest(".itl-card")._card, el._unit + MOVES[e.key], MOVES[e.key]); }
    else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      const card = el.closest(".itl-card")._card;
      if (e.key === "Home") move(card, 0, 1); else move(card, card.drawn - 1, -1);
    }
  });
  // after each drawing: every card's first unit is its tab stop; the panel closes
  function drawn(cards) {
    panel.hidden = true;
    opener = null;
    for (const card of cards) {
      let k = 0;
      while (k < card.drawn && !card.els[k].hasAttribute("data-index")) k++;
      stop(card, card.els[k] ?? null);
    }
  }
  return { panel, drawn, shut };
}
