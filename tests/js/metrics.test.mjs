import assert from "node:assert/strict";
import { test } from "node:test";
import { barRows, drawMetrics, metricRow } from "../../assets/js/metrics.mjs";
import { h } from "../../assets/js/dom.mjs";
import { install } from "./fake_dom.mjs";
import { pageConfig } from "./page_config.mjs";

const CONFIG = pageConfig();

const STATS = { tokens: 36846, bytes: 337433, chars: 131174, words: 25643, graphemes: 85950,
  partial_tokens: 37, split_graphemes: 4555, bytes_per_token: 9.158, chars_per_token: 3.5600,
  tokens_per_word: 1.4369, partial_share: 0.001, split_share: 0.053 };

test("a row formats the server's ratios; none is computed here", () => {
  const row = metricRow({ name: "indic-bpe-hi", vocab: 4999, stats: STATS, premium: null });
  assert.equal(row.length, CONFIG.metric_columns.length);
  assert.deepEqual(row, ["indic-bpe-hi", "4,999", "36,846", "9.16", "3.56", "1.437", "85,950", "0.1%", "5.3%", "—"]);
  assert.equal(metricRow({ name: "x", vocab: 1, stats: STATS, premium: 1.5 }).at(-1), "1.50");
});

test("bars start at 0 and the largest fills the track", () => {
  const rows = barRows([{ name: "a", v: 2 }, { name: "b", v: 4 }], (c) => c.v);
  assert.deepEqual(rows, [{ label: "a", value: 2, width: 50 }, { label: "b", value: 4, width: 100 }]);
  assert.deepEqual(barRows([{ name: "z", v: 0 }], (c) => c.v), [{ label: "z", value: 0, width: 0 }]);
});

test("the table's headings are the config's metric columns (the CSV export's header)", () => {
  install();
  const section = h("details", {}, h("div", { class: "itl-table-wrap" }), h("div", { class: "itl-bars" }));
  const card = { name: "indic-bpe-hi", vocab: 4999, stats: STATS, premium: null };
  drawMetrics(section, [card, { ...card, name: "gpt2" }], CONFIG.metric_columns);
  assert.deepEqual(section.querySelectorAll("th").map((th) => th.textContent), CONFIG.metric_columns);
  assert.equal(section.querySelectorAll("tr").length, 3);
  assert.equal(section.querySelectorAll("figure").length, 2); // tokens, bytes per token
});
