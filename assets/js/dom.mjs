// Building elements. User text reaches the DOM only through textContent, never as markup.
import { CUT_LIMIT, fmt, heavyCount, markRuns, needsMarks, pieces } from "./text.mjs";

// h("a", {href, text, onclick}, ...children): an element; `text` sets its textContent,
// on* attributes add listeners, false/null/undefined attributes are left out.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null) el.append(child);
  return el;
}

// Put `text` into `el`, characters that need a mark as dimmed mark spans (text.markRuns).
export function fillText(el, text, ws) {
  if (!needsMarks(text, ws)) { el.textContent = text; return; }
  const runs = markRuns(text, ws);
  if (!el.firstChild && runs.length === 1 && runs[0].mark) { // marks only: no inner span
    el.textContent = runs[0].text;
    el.classList.add("itl-ws");
    return;
  }
  for (const run of runs) el.append(run.mark ? h("span", { class: "itl-ws", text: run.text }) : run.text);
}

// Put `text` into `el` in isolated pieces (text.pieces); returns how many.
export function fillPieces(el, text, ws) {
  const frag = document.createDocumentFragment();
  const ranges = pieces(text);
  for (const [start, end] of ranges) {
    const piece = document.createElement("span");
    piece.className = "itl-piece";
    fillText(piece, text.slice(start, end), ws);
    frag.append(piece);
  }
  el.append(frag);
  return ranges.length;
}

// fillText, or fillPieces for a unit too heavy to lay out whole (said in el.dataset.cut).
export function fillUnit(el, text, ws) {
  const heavy = heavyCount(text, ws);
  if (heavy <= CUT_LIMIT) return fillText(el, text, ws);
  const n = fillPieces(el, text, ws);
  el.dataset.cut = `cut into ${fmt(n)} isolated pieces: it holds ${fmt(heavy)} combining marks, joiners, controls or whitespace marks, which a browser lays out very slowly in one piece`;
}
