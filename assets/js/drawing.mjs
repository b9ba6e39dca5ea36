// Drawing the cards: the first screen at once, the rest in steps, far tails on scroll; the
// summary of every card's count; each card's height so all of them fit beside the text.
import { CardView, loadingCard, unavailableCard } from "./card.mjs";
import { h } from "./dom.mjs";
import { fmt, textIndex } from "./text.mjs";

const FIRST_CHUNK = 700; // units drawn before the first paint
const CHUNK = 6000; // units drawn per later step (over all cards)
const SLOW_STEP = 2000; // units drawn per step on scroll, for text drawn in isolated pieces

export class CardDrawer {
  // `timing` gets when the first screen and every unit were drawn (scripts/page_benchmark.py).
  constructor(cardsEl, config, timing) {
    Object.assign(this, { cardsEl, config, timing, cards: [], generation: 0, observer: null });
  }

  // Draw the answer's cards for `state` (its text, view and whitespace); the drawn CardViews.
  draw(answer, state) {
    const gen = ++this.generation;
    this.cardsEl.classList.remove("itl-stale");
    this.cardsEl.dataset.view = state.view;
    const indexes = new Map();
    const indexOf = (text) => {
      if (!indexes.has(text)) indexes.set(text, textIndex(text));
      return indexes.get(text);
    };
    const views = answer.cards.map((d) => (d.error || d.loading ? null
      : new CardView(d, indexOf(d.text ?? state.text), { view: state.view, ws: state.ws }, this.config)));
    this.cardsEl.replaceChildren(...answer.cards.map((d, i) => views[i]?.el ?? (d.loading ? loadingCard(d) : unavailableCard(d))));
    this.cards = views.filter(Boolean);
    for (const card of this.cards) card.draw(FIRST_CHUNK);
    return gen;
  }

  // After the first screen: the rest in steps, and far tails when scrolled to.
  follow(gen) {
    this.timing.firstDrawn = performance.now();
    this.watchTails(gen);
    this.timing.generation = gen; // first screen painted, all drawn
    requestAnimationFrame(() => setTimeout(() => {
      if (gen === this.generation) this.timing.firstScreen = performance.now();
      this.pump(gen);
    }, 0));
  }

  pump(gen) {
    if (gen !== this.generation) return;
    let budget = CHUNK;
    for (const card of this.cards) {
      const target = Math.min(card.count, card.eager, card.drawn + budget);
      budget -= Math.max(0, target - card.drawn);
      card.draw(target);
      if (budget <= 0) break;
    }
    if (this.cards.some((c) => c.drawn < Math.min(c.count, c.eager))) setTimeout(() => this.pump(gen), 0);
    else this.timing.allDrawn = performance.now(); // every eager unit is in the page
  }

  watchTails(gen) {
    if (this.observer) this.observer.disconnect();
    this.observer = new IntersectionObserver((entries) => {
      if (gen !== this.generation) return;
      for (const e of entries) {
        const card = e.target.closest(".itl-card")?._card;
        if (e.isIntersecting && card && card.drawn >= card.eager && !card.done()) card.draw(card.drawn + (card.cutAll ? SLOW_STEP : CHUNK));
      }
    }, { rootMargin: "600px" });
    for (const card of this.cards) this.observer.observe(card.sentinel);
  }
}

// Each card's most height in px: on a wide screen the `n` cards share the room below `top`
// (a card's head is ~52 px), on a narrow one each takes 42% of the window.
export function cardMaxHeight(wide, n, top, innerHeight) {
  const room = innerHeight - top - n * 52 - 12;
  return wide ? Math.max(64, Math.floor(room / n)) : Math.max(120, Math.floor(innerHeight * 0.42));
}

// One button per card: its name, token count and bytes/token; a tap scrolls to the card.
export function summaryButtons(cards, cardsEl) {
  return cards.map((d) => {
    const go = () => {
      const el = cardsEl.querySelector(`.itl-card[data-tokenizer="${CSS.escape(d.name)}"]`);
      el?.scrollIntoView({ block: "start", behavior: "smooth" });
      el?.querySelector('.itl-text [tabindex="0"]')?.focus({ preventScroll: true });
    };
    const count = d.stats ? fmt(d.stats.tokens) : d.loading ? "…" : "–";
    return h("button", { type: "button", class: "itl-sum", onclick: go },
      h("span", { class: "itl-sum-name", text: d.label ?? d.name }), " ",
      h("b", { "data-summary-for": d.name, text: count }),
      d.stats ? h("span", { class: "itl-sum-bpt", text: ` ${fmt(d.stats.bytes_per_token, 2)} B/tok` }) : null);
  });
}
