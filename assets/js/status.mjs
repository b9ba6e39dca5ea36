// The status line under the text: what an action said stays above the notes of the answers
// that follow, until an edit.
import { h } from "./dom.mjs";

export class StatusLine {
  constructor(el) { this.el = el; }

  set(message, kind = "info") {
    this.el.replaceChildren();
    if (message) this.el.append(h("div", { class: `itl-status itl-${kind}`, text: message }));
  }

  // Said by an action (a pick, a dropped tokenizer, a lookup): kept over the next answer.
  keep(message) {
    this.set(message);
    this.el.dataset.keep = message;
  }

  // After an answer: what an action said, then the answer's notes. `quiet`: a tokenizer
  // finished loading, and what the line says stays (an edit clears what an action said).
  answered(notes, quiet) {
    const kept = this.el.dataset.keep ?? "";
    if (notes.length || !(kept || quiet)) this.set([kept, ...notes].join(" ").trim());
    if (!quiet) delete this.el.dataset.keep;
  }

  refused(message, stale) {
    const kept = stale ? " The cards still show the previous text (dimmed)." : "";
    this.set(`Nothing was redrawn: ${message}${kept}`, "error");
  }
}
