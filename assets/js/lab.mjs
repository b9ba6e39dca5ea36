// The Train tab's "watch BPE learn" panel (indictok/app/lab_tab.py). After a training the
// tab dispatches config.events.lab with indictok.lab.sample_steps' answer (JSON): the sample
// sentence's chunks, each as its history [[rank, ids], ...] of the merges BPE applies to it,
// every id's text, and the merges (drawn as the merges table, which follows the slider when
// it is let go). The slider redraws from that alone. It starts at the first learned merge: the
// `seeded` merges before it made each letter of the script one token (the alphabet), and are
// labelled so, not replayed. Pieces come with their whitespace as marks (indictok/text.py).
import { h } from "./dom.mjs";
import { fmt } from "./text.mjs";

export function mountLab(root, config) {
  const TABLE_HEIGHT = 320; // px, .itl-lab-table in style.css
  const palette = config.palette_size; // the cards' colours: same id, same colour

  const slider = h("input", { type: "range", min: "0", max: "0", value: "0", step: "1",
    id: "itl-lab-slider", "aria-label": "merges applied" });
  const title = h("p", { class: "itl-lab-run", id: "itl-lab-run" }); // the run's name, as its card's
  const caption = h("p", { class: "itl-lab-caption", id: "itl-lab-caption" });
  const merge = h("p", { class: "itl-lab-merge", id: "itl-lab-merge" });
  const tokens = h("div", { class: "itl-lab-tokens", id: "itl-lab-tokens" });
  const tableBox = h("div", { class: "itl-lab-table", id: "itl-lab-merges", tabindex: "0",
    "aria-label": "the merges in rank order" });
  const panel = h("div", { class: "itl-lab-panel" });
  panel.append(title, slider, caption, merge, tokens, tableBox);
  panel.hidden = true;
  root.replaceChildren(panel);
  let data = null;
  let rows = [];
  let marked = null;
  let rowHeight = 0; // every row has one line (white-space: pre), so row k is at (k - 1) × this
  let seeded = 0; // the alphabet's merges, before the first learned one

  function drawTable() {
    const table = h("table");
    const head = h("tr");
    const titles = ["rank", "left", "right", "result", "count"];
    for (const title of titles) head.append(h("th", title === "count" ? { title: "the pair's count when it was merged" } : {}, title));
    const thead = h("thead");
    thead.append(head);
    table.append(thead);
    const body = h("tbody");
    rows = data.merges.map((cells, i) => {
      const row = h("tr");
      row.append(h("td", {}, fmt(seeded + i + 1)), ...cells.map((cell) => h("td", {}, cell)));
      return row;
    });
    if (seeded) {
      body.append(h("tr", { class: "itl-lab-seeded" }, h("td", {}, `1–${fmt(seeded)}`),
        h("td", { colspan: "4" }, `the alphabet: ${fmt(seeded)} letters seeded as tokens, not learned`)));
    }
    body.append(...rows);
    table.append(body);
    tableBox.replaceChildren(table);
    marked = null;
    rowHeight = rows.length ? rows[0].getBoundingClientRect().height : 0;
  }

  function markRow(k) { // the merge the slider stopped at, scrolled into the table's view
    if (marked) marked.classList.remove("itl-lab-current");
    marked = k > seeded ? rows[k - seeded - 1] : null;
    if (!marked) { tableBox.scrollTop = 0; return; }
    marked.classList.add("itl-lab-current");
    const row = k - seeded + (seeded ? 1 : 0); // below the alphabet's row
    tableBox.scrollTop = (row - 0.5) * rowHeight - TABLE_HEIGHT / 2; // no layout read here
  }

  // After merge k (merges of rank < k applied): the state before the first step of rank >= k.
  // BPE applies the lowest rank present each time, so that is exactly the chunk's encoding
  // with the first k merges (indictok.lab.chunk_history).
  const stateAt = (history, k) => {
    let ids = history[0][1];
    for (let i = 1; i < history.length && history[i][0] < k; i++) ids = history[i][1];
    return ids;
  };

  function draw(k) {
    if (!data) return;
    const frag = document.createDocumentFragment();
    let count = 0;
    for (const history of data.chunks) {
      for (const id of stateAt(history, k)) {
        const piece = data.pieces[id];
        frag.append(h("span", { class: `itl-tok c${id % palette}`, title: `id ${id}` }, piece));
        count++;
      }
    }
    tokens.replaceChildren(frag);
    caption.textContent = `After merge ${fmt(k)} of ${fmt(data.total)}: ${fmt(count)} tokens`;
    if (k === 0) merge.textContent = "Before any merge: one token per UTF-8 byte.";
    else if (k === seeded) merge.textContent = `The seeded alphabet: merges 1–${fmt(seeded)} made each letter of the script one token before training; the learned merges start at ${fmt(seeded + 1)}.`;
    else {
      const [left, right, result, seen] = data.merges[k - seeded - 1];
      merge.textContent = `Merge ${fmt(k)}: “${left}” + “${right}” → “${result}” (count ${seen})`;
    }
  }

  // the tokens follow the slider as it moves; the table (thousands of rows, costly to repaint)
  // follows when it is let go, or at each arrow-key step
  slider.addEventListener("input", () => draw(Number(slider.value)));
  slider.addEventListener("change", () => markRow(Number(slider.value)));
  // A training starts (json ""): the previous run's slider and card go with its verdict and
  // zip (lab_tab.py), so the Lab never shows parts of two runs. Else a run ended: its data.
  let cardKey = ""; // the "yours" card of the run shown (the workbench drops it on `own`)
  document.addEventListener(config.events.lab, (e) => {
    if (!e.detail?.json) {
      panel.hidden = true;
      data = null;
      if (cardKey) document.dispatchEvent(new CustomEvent(config.events.own, { detail: { drop: cardKey } }));
      cardKey = "";
      return;
    }
    data = JSON.parse(e.detail.json);
    cardKey = e.detail.key || "";
    seeded = data.seeded ?? 0;
    slider.min = String(seeded);
    title.textContent = data.label ?? "";
    slider.max = String(data.total);
    slider.value = String(data.total);
    panel.hidden = false;
    drawTable();
    draw(data.total);
    markRow(data.total);
  });
}
