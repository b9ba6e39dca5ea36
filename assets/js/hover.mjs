// Hovering a token lights the same bytes in every card that shows the same text.

export class Highlighter {
  constructor() { this.lit = []; }

  clear() {
    for (const el of this.lit) el.classList.remove("itl-hl");
    this.lit = [];
  }

  light(el) {
    el.classList.add("itl-hl");
    this.lit.push(el);
  }

  // The mouse is over `event.target`; `cards` are the drawn CardViews.
  over(event, cards) {
    const el = event.target.closest ? event.target.closest(".itl-block > span") : null;
    if (!el || el._unit === undefined) return;
    const card = el.closest(".itl-card")._card, k = el._unit;
    if (!el.title) el.title = card.title(k) + (el.dataset.cut ? ` · ${el.dataset.cut}` : "");
    this.clear();
    const b0 = card.startOf(k), b1 = card.endOf(k);
    for (const other of cards) {
      if (other.index !== card.index) continue; // spans point into another (normalised) text
      for (const j of other.overlapping(b0, b1)) if (other.els[j]) this.light(other.els[j]);
    }
    if (!this.lit.includes(el)) this.light(el);
  }
}
