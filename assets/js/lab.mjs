// The Train tab's "watch BPE learn" panel (indictok/app/lab_tab.py). After a training the
// tab dispatches config.events.lab with indictok.lab.sample_steps' answer (JSON): the sample
// sentence's chunks, each as its history [[rank, ids], ...] of the merges BPE applies to it,
// every id's text, and the merges (drawn as the merges table, which follows the slider when
// it is let go). The slider redraws from that alone. It starts at the first learned merge: the
// `seeded` merges before it made each letter of the script one token (the alphabet), and are
// labelled so, not replayed. Pieces come with their whitespace as marks (indictok/text.py).
import { h } from "./dom.mjs";
import { fmt } from "./text.mjs";

const TABLE_HEIGHT = 320; // px, .itl-lab-table in style.css

// The panel's parts (hidden until a run ends), in `root`.
function buildPanel(root) {
  const parts = {
    title: h("p", { class: "itl-lab-run", id: "itl-lab-run" }), // the run's name, as its card's
    slider: h("input", { type: "range", min: "0", max: "0", value: "0", step: "1",
      id: "itl-lab-slider", "aria-label": "merges applied" }),
    caption: h("p", { class: "itl-lab-caption", id: "itl-lab-caption" }),
    merge: h("p", { class: "itl-lab-merge", id: "itl-lab-merge" }),
    tokens: h("div", { class: "itl-lab-tokens", id: "itl-lab-tokens" }),
    tableBox: h("div", { class: "itl-lab-table", id: "itl-lab-merges", tabindex: "0",
      "aria-label": "the merges in rank order" }),
  };
  const panel = h("div", { class: "itl-lab-panel" });
  panel.append(parts.title, parts.slider, parts.caption, parts.merge, parts.tokens, parts.tableBox);
  panel.hidden = true;
  root.replaceChildren(panel);
  return { panel, ...parts };
}

// The merges table: the alphabet's one row (when `seeded`), then a row per learned merge.
function mergesTable(merges, seeded) {
  const head = h("tr");
  for (const title of ["rank", "left", "right", "result", "count"]) {
    head.append(h("th", title === "count" ? { title: "the pair's count when it was merged" } : {}, title));
  }
  const thead = h("thead");
  thead.append(head);
  const rows = merges.map((cells, i) => {
    const row = h("tr");
    row.append(h("td", {}, fmt(seeded + i + 1)), ...cells.map((cell) => h("td", {}, cell)));
    return row;
  });
  const body = h("tbody");
  if (seeded) {
    body.append(h("tr", { class: "itl-lab-seeded" }, h("td", {}, `1–${fmt(seeded)}`),
      h("td", { colspan: "4" }, `the alphabet: ${fmt(seeded)} letters seeded as tokens, not learned`)));
  }
  body.append(...rows);
  const table = h("table");
  table.append(thead, body);
  return { table, rows };
}

// After merge k (merges of rank < k applied): the state before the first step of rank >= k.
// BPE applies the lowest rank present each time, so that is exactly the chunk's encoding
// with the first k merges (indictok.lab.chunk_history).
function stateAt(history, k) {
  let ids = history[0][1];
  for (let i = 1; i < history.length && history[i][0] < k; i++) ids = history[i][1];
  return ids;
}

// The sample's tokens after merge k, coloured as the cards colour ids.
function tokensAt(data, k, palette) {
  const frag = document.createDocumentFragment();
  let count = 0;
  for (const history of data.chunks) {
    for (const id of stateAt(history, k)) {
      frag.append(h("span", { class: `itl-tok c${id % palette}`, title: `id ${id}` }, data.pieces[id]));
      count++;
    }
  }
  return { frag, count };
}

// What merge k did, in words.
function mergeText(data, seeded, k) {
  if (k === 0) return "Before any merge: one token per UTF-8 byte.";
  if (k === seeded) return `The seeded alphabet: merges 1–${fmt(seeded)} made each letter of the script one token before training; the learned merges start at ${fmt(seeded + 1)}.`;
  const [left, right, result, seen] = data.merges[k - seeded - 1];
  return `Merge ${fmt(k)}: “${left}” + “${right}” → “${result}” (count ${seen})`;
}

export function mountLab(root, config) {
  const ui = buildPanel(root);
  let data = null, rows = [], marked = null, seeded = 0, cardKey = "";
  let rowHeight = 0; // every row has one line (white-space: pre), so row k is at (k - 1) × this

  function markRow(k) { // the merge the slider stopped at, scrolled into the table's view
    if (marked) marked.classList.remove("itl-lab-current");
    marked = k > seeded ? rows[k - seeded - 1] : null;
    if (!marked) { ui.tableBox.scrollTop = 0; return; }
    marked.classList.add("itl-lab-current");
    const row = k - seeded + (seeded ? 1 : 0); // below the alphabet's row
    ui.tableBox.scrollTop = (row - 0.5) * rowHeight - TABLE_HEIGHT / 2; // no layout read here
  }
  function draw(k) {
    if (!data) return;
    const { frag, count } = tokensAt(data, k, config.palette_size);
    ui.tokens.replaceChildren(frag);
    ui.caption.textContent = `After merge ${fmt(k)} of ${fmt(data.total)}: ${fmt(count)} tokens`;
    ui.merge.textContent = mergeText(data, seeded, k);
  }
  function show(json, key) { // a run ended: its data, drawn at its last merge
    data = JSON.parse(json);
    cardKey = key || "";
    seeded = data.seeded ?? 0;
    Object.assign(ui.slider, { min: String(seeded), max: String(data.total), value: String(data.total) });
    ui.title.textContent = data.label ?? "";
    ui.panel.hidden = false;
    const table = mergesTable(data.merges, seeded);
    ui.tableBox.replaceChildren(table.table);
    rows = table.rows;
    marked = null;
    rowHeight = rows.length ? rows[0].getBoundingClientRect().height : 0;
    draw(data.total);
    markRow(data.total);
  }
  function clear() { // a training starts: the previous run's slider and card go (lab_tab.py)
    ui.panel.hidden = true;
    data = null;
    if (cardKey) document.dispatchEvent(new CustomEvent(config.events.own, { detail: { drop: cardKey } }));
    cardKey = "";
  }
  // the tokens follow the slider as it moves; the table (thousands of rows, costly to repaint)
  // follows when it is let go, or at each arrow-key step
  ui.slider.addEventListener("input", () => draw(Number(ui.slider.value)));
  ui.slider.addEventListener("change", () => markRow(Number(ui.slider.value)));
  // A training starts (json ""): clear, so the Lab never shows parts of two runs; else show.
  document.addEventListener(config.events.lab, (e) => (e.detail?.json ? show(e.detail.json, e.detail.key) : clear()));
}
