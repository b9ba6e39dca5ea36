// The workbench: text box, controls and token cards, wired together. Gradio runs the page's
// script (this module and those it imports, joined by indictok/app/page_script.py) as the
// js_on_load of one gr.HTML: `root` is its element, `server` holds the server functions of
// indictok/app/workbench.py (tokenize, permalink), `config` is contract.page_config().
// With config.engine, the tokenizers the browser runs (engine.mjs) never reach the server:
// it is asked only for the others (and the visitor's own). The static site (indictok/
// static.py) gives a `server` whose tokenize is null: it has only browser tokenizers.
// The parts: controls.mjs (elements), asking.mjs (who is asked), drawing.mjs (cards),
// status.mjs, hover.mjs, page_tabs.mjs (the other tabs); this module keeps the state.
import { keepRepaired } from "./a11y.mjs";
import { makeAsk } from "./asking.mjs";
import { buildControls, layout, syncControls, textInfoLine } from "./controls.mjs";
import { makeDetails } from "./details.mjs";
import { fillPieces, h } from "./dom.mjs";
import { CardDrawer, cardMaxHeight, summaryButtons } from "./drawing.mjs";
import { makeBrowserEngine } from "./engine.mjs";
import { Highlighter } from "./hover.mjs";
import { drawMetrics } from "./metrics.mjs";
import { GraderFollow, openLookup } from "./page_tabs.mjs";
import { readLink } from "./permalink.mjs";
import { buildPicker } from "./picker.mjs";
import { initialState, linkRequest, ownList, tabState, withAnswer, withLink, withOwn, withoutOwn, withPick } from "./state.mjs";
import { StatusLine } from "./status.mjs";
import { CUT_LIMIT, HEAVY_RUN, codePoints, fmt } from "./text.mjs";

export function mountWorkbench(root, server, config) {
  const workbench = new Workbench(root, server, config);
  workbench.start();
  return workbench;
}

class Workbench {
  constructor(root, server, config) {
    Object.assign(this, { root, server, config, lastAnswer: null, cardsTop: null, edited: 0 });
    this.state = initialState(config);
    this.timing = window.itlTiming = {}; // for scripts/page_benchmark.py and the tests
    // A tokenizer that was loading can answer: draw again (the browser's work only)
    // (no name: the language identifier arrived, and the language may change)
    this.browser = config.engine ? makeBrowserEngine(config, (name) => { if (this.waiting() || !name) this.refresh(true); }) : null;
    const c = (this.c = buildControls(config, this.state.view, {
      language: (code) => this.change({ language: code }, true),
      view: (view) => this.change({ view }),
      ws: (ws) => this.change({ ws }),
      example: () => this.onExample(),
      copyLink: () => this.copyLink(),
    }));
    this.details = makeDetails(c.cardsEl, { parentsOf: (name, id) => this.browser?.parents(name, id) ?? null,
      lookup: () => openLookup() });
    this.picker = buildPicker(config.tokenizers, (name, checked) => this.onPick(name, checked),
      (key) => this.changed(withoutOwn(this.state, key)), config.limits.max_own);
    root.append(layout(c, this.picker));
    this.status = new StatusLine(c.status);
    this.drawer = new CardDrawer(c.cardsEl, config, this.timing);
    this.highlight = new Highlighter();
    this.grader = new GraderFollow(config);
    this.ask = makeAsk(server, this.browser, config, () => [this.state, c.metrics.open], this.timing);
    this.listen();
  }

  waiting() { return !this.lastAnswer || this.lastAnswer.cards.some((card) => card.loading); }

  listen() {
    const { c, config } = this;
    // A paste of many lines comes as one input event per line (Chromium's insertText): the
    // text is read and the cards drawn once, after the last of them.
    c.textarea.addEventListener("input", () => {
      if (this.edited) return;
      this.edited = setTimeout(() => {
        this.edited = 0;
        this.state = { ...this.state, text: c.textarea.value };
        if (HEAVY_RUN.test(this.state.text)) this.showText();
        this.refresh();
      }, 0);
    });
    c.english.addEventListener("change", () => this.change({ english: c.english.value }, true));
    c.metrics.addEventListener("toggle", () => { if (c.metrics.open) { if (this.state.english) this.refresh(); else this.showMetrics(); } });
    c.cardsEl.addEventListener("mouseover", (event) => this.highlight.over(event, this.drawer.cards));
    c.cardsEl.addEventListener("mouseleave", () => this.highlight.clear());
    window.addEventListener("resize", (event) => this.fitCards(event));
    // The other parts of the page talk to the workbench through these events (config.events).
    document.addEventListener(config.events.own, (e) => this.onOwn(e.detail?.key, e.detail?.drop));
    document.addEventListener(config.events.state, (e) => { if (e.detail) Object.assign(e.detail, tabState(this.state)); });
    document.addEventListener(config.events.graded, (e) => this.grader.onGraded(e.detail?.language));
  }

  // A control changed the state: ask again (`ask`), or only draw again.
  change(fields, ask = false) {
    this.state = { ...this.state, ...fields };
    if (ask) this.refresh(); else this.redraw();
  }

  // The state changed by a pick or the visitor's own tokenizers: the controls, then ask.
  changed(state) {
    this.state = state;
    syncControls(this.c, this.picker, this.state, ownList(this.state));
    this.refresh();
  }

  onPick(name, checked) {
    const picked = withPick(this.state, name, checked, this.config);
    if (picked.said) this.status.keep(picked.said);
    this.changed(picked.state);
  }

  // The visitor's own tokenizer `key` added; `drop`: one to remove first (the Lab's previous run).
  onOwn(key, drop) {
    const max = this.config.limits.max_own;
    const kept = withOwn(drop ? withoutOwn(this.state, drop) : this.state, key, max);
    if (kept.dropped) {
      this.status.keep(`At most ${max} of your own tokenizers are kept: the oldest, “${kept.dropped}”, was dropped.`);
    }
    this.changed(kept.state);
  }

  onExample() {
    const { c } = this, example = this.config.examples[Number(c.examples.value)];
    c.examples.value = "";
    if (!example) return;
    this.setText(example.text);
    c.english.value = example.english || "";
    this.state = { ...this.state, english: c.english.value };
    if (example.english) c.metrics.open = true;
    this.refresh();
  }

  setText(text) {
    this.c.textarea.value = text;
    this.state = { ...this.state, text };
    this.showText();
  }

  // The text box, or for a text a browser lays out very slowly, the read-only pieces.
  showText() {
    const { c, state } = this, slow = HEAVY_RUN.test(state.text);
    c.preview.hidden = !slow;
    c.textarea.hidden = slow;
    c.preview.replaceChildren();
    if (!slow) return;
    const clear = h("button", { type: "button", class: "itl-button", onclick: () => { this.setText(""); this.refresh(); c.textarea.focus(); } }, "Clear");
    const body = h("div", { class: "itl-preview-text", dir: "auto" });
    const n = fillPieces(body, state.text, state.ws);
    c.preview.append(h("p", { class: "itl-note", text: `This text holds a run of more than ${fmt(CUT_LIMIT)} combining marks, joiners or control characters, which a browser lays out very slowly in a text box; it is shown read-only, cut into ${fmt(n)} isolated pieces. Clear it to type.` }), clear, body);
  }

  // Ask for the current state and draw the answer. `quiet`: a tokenizer finished loading;
  // the status keeps what it says.
  async refresh(quiet = false) {
    const { c } = this;
    c.textInfo.textContent = textInfoLine(this.state.text, this.config.limits.max_chars);
    if (!quiet) this.grader.edited();
    const answer = await this.ask();
    if (!answer) return; // a newer edit's answer comes to the call that is running
    if (answer.error) {
      this.status.refused(answer.error, this.drawer.cards.length > 0);
      c.cardsEl.classList.toggle("itl-stale", this.drawer.cards.length > 0);
      return;
    }
    this.lastAnswer = answer;
    this.state = withAnswer(this.state, answer);
    this.grader.follow(this.state.shownLanguage);
    syncControls(c, this.picker, this.state, ownList(this.state));
    c.langNote.textContent = `Language: ${answer.language_note}`;
    const notes = answer.cards.filter((card) => card.error).map((card) => card.error);
    if (!this.state.text) notes.push("Type or paste some text, or pick an example.");
    this.status.answered(notes, quiet);
    this.redraw();
  }

  redraw() {
    if (!this.lastAnswer) return;
    const gen = this.drawer.draw(this.lastAnswer, this.state);
    this.details.drawn(this.drawer.cards);
    this.c.summary.replaceChildren(...summaryButtons(this.lastAnswer.cards, this.c.cardsEl));
    this.fitCards();
    this.drawer.follow(gen);
    if (this.c.metrics.open) this.showMetrics();
    if (!this.waiting()) this.timing.final = performance.now(); // every card has its tokens
  }

  // Where the cards start on the page is measured once, and on resize.
  fitCards(event) {
    const { cardsEl } = this.c;
    const wide = window.matchMedia(`(min-width: ${this.config.wide_min_px}px)`).matches;
    if (this.cardsTop === null || event) this.cardsTop = cardsEl.getBoundingClientRect().top + window.scrollY;
    const top = Math.max(0, this.cardsTop - window.scrollY);
    const per = cardMaxHeight(wide, Math.max(1, cardsEl.children.length), top, window.innerHeight);
    this.root.style.setProperty("--itl-card-max", `${per}px`);
  }

  showMetrics() {
    if (this.lastAnswer) drawMetrics(this.c.metrics, this.lastAnswer.cards.filter((card) => !card.error && !card.loading), this.config.metric_columns);
  }

  // The link: built by the server (permalink.to_query), read by permalink.mjs.
  async copyLink() {
    const { c, config, state } = this;
    let answer;
    try {
      answer = JSON.parse(await this.server.permalink(linkRequest(state)));
    } catch (e) {
      answer = { error: `The server did not answer (${e}); try again in a moment.` };
    }
    if (answer.error) return this.status.set(`No link was made: ${answer.error}`, "error");
    c.linkBox.value = `${window.location.origin}${window.location.pathname}?${answer.query}`;
    const left = new URLSearchParams(answer.query).get(config.link.params.note) === config.link.too_long_note;
    this.status.set(left
      ? `The text is too long to put in a link (${fmt(codePoints(state.text))} characters). The link keeps the tokenizers, view and language; paste the text again after opening it.`
      : "Link ready: it restores the text, tokenizers, view and language.");
    try { await navigator.clipboard.writeText(c.linkBox.value); } catch (e) { c.linkBox.select(); }
  }

  // The state from the URL, else the first example.
  async start() {
    const { config } = this;
    keepRepaired(document, this.root);
    const link = await readLink(new URLSearchParams(window.location.search), config);
    this.state = withLink(this.state, link.state);
    if (this.state.embed) document.body.classList.add("itl-embed");
    this.setText(link.state.text ?? config.examples[0].text);
    syncControls(this.c, this.picker, this.state, ownList(this.state));
    await this.refresh();
    const said = [...config.notices];
    if (link.problems.length) said.push(`From the link: ${link.problems.join("; ")}.`);
    if (said.length) this.status.set(said.join(" "), config.notices.length ? "error" : "info");
  }
}
