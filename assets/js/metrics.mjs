// The metrics table and bars under the cards (drawn only while that section is open).
// Every ratio comes from the server (contract.CardStats): here they are only formatted.
import { h } from "./dom.mjs";
import { fmt } from "./text.mjs";

// One row of the table, as text, for a card: a cell under each of config.metric_columns
// (tables.METRIC_COLUMNS, the CSV export's header).
export function metricRow(card) {
  const s = card.stats;
  return [card.name, fmt(card.vocab), fmt(s.tokens), fmt(s.bytes_per_token, 2), fmt(s.chars_per_token, 2),
    fmt(s.tokens_per_word, 3), fmt(s.graphemes), `${fmt(100 * s.partial_share, 1)}%`,
    `${fmt(100 * s.split_share, 1)}%`, card.premium == null ? "—" : fmt(card.premium, 2)];
}

// Bars from 0 for one value of every card: [{label, value, width%}].
export function barRows(cards, value) {
  const max = Math.max(...cards.map(value), 1e-9);
  return cards.map((c) => ({ label: c.name, value: value(c), width: (100 * value(c)) / max }));
}

function barChart(title, rows, digits) {
  return h("figure", { class: "itl-barchart" }, h("figcaption", { text: title }),
    ...rows.map((r) => h("div", { class: "itl-barrow" }, h("span", { class: "itl-barlabel", text: r.label }),
      h("span", { class: "itl-bartrack" }, h("span", { class: "itl-barfill", style: `width:${r.width}%` })),
      h("span", { class: "itl-barvalue", text: fmt(r.value, digits) }))));
}

// Fill the section `el` (its .itl-table-wrap and .itl-bars) for the cards that answered,
// the table under `headings` (config.metric_columns).
export function drawMetrics(el, cards, headings) {
  const table = h("table", { class: "itl-table" },
    h("thead", {}, h("tr", {}, ...headings.map((x) => h("th", { text: x })))),
    h("tbody", {}, ...cards.map((c) => h("tr", {}, ...metricRow(c).map((x) => h("td", { text: x }))))));
  el.querySelector(".itl-table-wrap").replaceChildren(table);
  el.querySelector(".itl-bars").replaceChildren(
    barChart("Tokens (fewer is better; bars start at 0)", barRows(cards, (c) => c.stats.tokens), 0),
    barChart("Bytes per token (the compression ratio; more is better)", barRows(cards, (c) => c.stats.bytes_per_token), 2));
}
