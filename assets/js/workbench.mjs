// The workbench: text box, controls and token cards, wired together. Gradio runs the page's
// script (this module and those it imports, joined by indictok/app/page_script.py) as the
// js_on_load of one gr.HTML: `root` is its element, `server` holds the server functions of
// indictok/app/workbench.py (tokenize, permalink), `config` is contract.page_config().
// With config.engine, the tokenizers the browser runs (engine.mjs) never reach the server:
// it is asked only for the others (and the visitor's own). The static site (indictok/
// static.py) gives a `server` whose tokenize is null: it has only browser tokenizers.
import { keepRepaired } from "./a11y.mjs";
import { CardView, loadingCard, unavailableCard } from "./card.mjs";
import { makeDetails } from "./details.mjs";
import { fillPieces, h } from "./dom.mjs";
import { makeBrowserEngine } from "./engine.mjs";
import { drawMetrics } from "./metrics.mjs";
import { readLink } from "./permalink.mjs";
import { buildPicker } from "./picker.mjs";
import { oneAtATime } from "./requests.mjs";
import { initialState, linkRequest, ownList, pageRequest, tabState, withAnswer, withLink, withOwn, withoutOwn, withPick } from "./state.mjs";
import { CUT_LIMIT, HEAVY_RUN, codePoints, fillIn, fmt, sentence, textIndex } from "./text.mjs";

const FIRST_CHUNK = 700; // units drawn before the first paint
const CHUNK = 6000; // units drawn per later step (over all cards)
const SLOW_STEP = 2000; // units drawn per step on scroll, for text drawn in isolated pieces

export function mountWorkbench(root, server, config) {
  let state = initialState(config);
  let cards = [], generation = 0, lastAnswer = null, graded = false;
  let gradeLanguage = config.grade_language; // the language the grader's panel shows
  const timing = (window.itlTiming = {}); // for scripts/page_benchmark.py and the tests
  // A tokenizer that was loading can answer: draw again (the browser's work only)
  // (no name: the language identifier arrived, and the language may change)
  const browser = config.engine ? makeBrowserEngine(config, (name) => { if (waiting() || !name) refresh(true); }) : null;
  const waiting = () => !lastAnswer || lastAnswer.cards.some((c) => c.loading);

  // ---- controls ------------------------------------------------------------------------
  const textarea = h("textarea", { "aria-label": "Text to tokenize", spellcheck: "false", rows: "8",
    placeholder: "यहाँ कोई भी पाठ लिखें या चिपकाएँ… / type or paste any text" });
  const textInfo = h("div", { class: "itl-textinfo", "aria-live": "polite" });
  const status = h("div", { id: "itl-status", role: "status" });
  const langNote = h("span", { id: "itl-lang-note" });
  const cardsEl = h("div", { class: "itl-cards", id: "itl-cards", "data-view": state.view });
  // on a phone: every card's name, count and bytes/token on the first screen; a tap scrolls
  const summary = h("nav", { class: "itl-sums", "aria-label": "Token counts of every card" });
  const details = makeDetails(cardsEl, { parentsOf: (name, id) => browser?.parents(name, id) ?? null, lookup: openLookup });
  const picker = buildPicker(config.tokenizers, onPick, onRemoveOwn, config.limits.max_own);
  const language = h("select", { id: "itl-language", "aria-label": "Language of our tokenizer",
    onchange: () => { state = { ...state, language: language.value }; refresh(); } },
    ...config.languages.map((l) => h("option", { value: l.code, text: l.name })));
  const viewRadios = config.views.map((v) => h("input", { type: "radio", name: "itl-view", value: v,
    onchange: () => { state = { ...state, view: v }; redraw(); } }));
  const ws = h("input", { type: "checkbox", id: "itl-ws", onchange: () => { state = { ...state, ws: ws.checked }; redraw(); } });
  const examples = h("select", { id: "itl-examples", "aria-label": "Examples", onchange: onExample },
    h("option", { value: "", text: "Examples…" }),
    ...config.examples.map((e, i) => h("option", { value: String(i), text: e.label })));
  const linkBox = h("input", { id: "itl-permalink", readonly: true, "aria-label": "Link to this view", placeholder: "link appears here" });
  const linkButton = h("button", { type: "button", class: "itl-button", onclick: copyLink }, "Copy link");
  const english = h("textarea", { id: "itl-english", rows: "2", "aria-label": "English original",
    placeholder: "English original (optional), for the token premium" });
  const metrics = h("details", { class: "itl-more", id: "itl-metrics" },
    h("summary", { text: "Every metric, the token premium vs English, and bars" }),
    english, h("div", { class: "itl-table-wrap" }),
    h("p", { class: "itl-note", text: "token premium = tokens ÷ tokens of the English original, same tokenizer. Ours are trained on Indian text only, so they spend many tokens on English: their premium is low for that reason." }),
    h("div", { class: "itl-bars" }));
  // The text box, or for text a browser lays out very slowly, a read-only view in pieces.
  const preview = h("div", { class: "itl-preview", id: "itl-preview", hidden: true });

  root.append(h("div", { class: "itl-wb" },
    h("div", { class: "itl-bar" },
      picker.el,
      h("label", { class: "itl-field" }, "Language ", language),
      h("span", { class: "itl-toggle", role: "radiogroup", "aria-label": "View" },
        ...viewRadios.map((r) => h("label", {}, r, ` ${r.value}`))),
      h("label", { class: "itl-field" }, ws, " whitespace"),
      langNote),
    summary,
    h("div", { class: "itl-main" },
      h("div", { class: "itl-left" },
        h("div", { id: "itl-input" }, textarea, preview),
        h("div", { class: "itl-under" }, examples, textInfo),
        h("div", { class: "itl-linkrow" }, linkButton, linkBox),
        status),
      h("div", { class: "itl-right" }, cardsEl)),
    metrics));

  // ---- events --------------------------------------------------------------------------
  // A paste of many lines comes as one input event per line (Chromium's insertText): the
  // text is read and the cards drawn once, after the last of them.
  let edited = 0;
  textarea.addEventListener("input", () => {
    if (edited) return;
    edited = setTimeout(() => {
      edited = 0;
      state = { ...state, text: textarea.value };
      if (HEAVY_RUN.test(state.text)) showText();
      refresh();
    }, 0);
  });
  english.addEventListener("change", () => { state = { ...state, english: english.value }; refresh(); });
  metrics.addEventListener("toggle", () => { if (metrics.open) { if (state.english) refresh(); else showMetrics(); } });
  cardsEl.addEventListener("mouseover", onHover);
  cardsEl.addEventListener("mouseleave", clearHighlight);
  window.addEventListener("resize", fitCards);
  // The other parts of the page talk to the workbench through these events (config.events).
  document.addEventListener(config.events.own, (e) => {
    if (e.detail?.drop) state = withoutOwn(state, e.detail.drop); // the Lab's previous run
    const kept = withOwn(state, e.detail?.key, config.limits.max_own);
    state = kept.state;
    if (kept.dropped) {
      keepStatus(`At most ${config.limits.max_own} of your own tokenizers are kept: the oldest, “${kept.dropped}”, was dropped.`);
    }
    syncControls();
    refresh();
  });
  document.addEventListener(config.events.state, (e) => { if (e.detail) Object.assign(e.detail, tabState(state)); });
  document.addEventListener(config.events.graded, (e) => {
    graded = true;
    gradeLanguage = e.detail?.language || gradeLanguage;
    gradePanel()?.classList.remove("itl-outdated");
  });
  const gradePanel = () => document.getElementById(config.grade_panel);

  // What an action said stays above the notes of the answers that follow, until an edit.
  function keepStatus(message) {
    setStatus(message);
    status.dataset.keep = message;
  }
  function setStatus(message, kind = "info") {
    status.replaceChildren();
    if (message) status.append(h("div", { class: `itl-status itl-${kind}`, text: message }));
  }
  function syncControls() {
    picker.sync(state.tokenizers, ownList(state));
    language.value = state.language;
    for (const r of viewRadios) r.checked = r.value === state.view;
    ws.checked = state.ws;
  }
  function showTextInfo() {
    const t = state.text, bytes = new TextEncoder().encode(t).length;
    const words = t.split(/\s+/).filter(Boolean).length;
    textInfo.textContent = `${fmt(codePoints(t))} characters · ${fmt(bytes)} UTF-8 bytes · ${fmt(words)} words (limit ${fmt(config.limits.max_chars)} characters)`;
  }
  function showText() {
    const slow = HEAVY_RUN.test(state.text);
    preview.hidden = !slow;
    textarea.hidden = slow;
    preview.replaceChildren();
    if (!slow) return;
    const clear = h("button", { type: "button", class: "itl-button", onclick: () => { setText(""); refresh(); textarea.focus(); } }, "Clear");
    const body = h("div", { class: "itl-preview-text", dir: "auto" });
    const n = fillPieces(body, state.text, state.ws);
    preview.append(h("p", { class: "itl-note", text: `This text holds a run of more than ${fmt(CUT_LIMIT)} combining marks, joiners or control characters, which a browser lays out very slowly in a text box; it is shown read-only, cut into ${fmt(n)} isolated pieces. Clear it to type.` }), clear, body);
  }
  function setText(text) { textarea.value = text; state = { ...state, text }; showText(); }

  function onPick(name, checked) {
    const picked = withPick(state, name, checked, config);
    state = picked.state;
    if (picked.said) keepStatus(picked.said);
    syncControls();
    refresh();
  }
  function onRemoveOwn(key) {
    state = withoutOwn(state, key);
    syncControls();
    refresh();
  }
  function onExample() {
    const example = config.examples[Number(examples.value)];
    examples.value = "";
    if (!example) return;
    setText(example.text);
    english.value = example.english || "";
    state = { ...state, english: english.value };
    if (example.english) metrics.open = true;
    refresh();
  }

  // ---- the server: one request at a time; while it runs, only the newest edit waits -------
  const ask = oneAtATime(async () => {
    const chars = codePoints(state.text);
    if (chars > config.limits.max_chars) {
      return { error: sentence(fillIn(config.messages.too_long, { what: "the text", chars: fmt(chars), limit: fmt(config.limits.max_chars) })) };
    }
    if (!state.tokenizers.length) return { error: "Choose at least one tokenizer." };
    timing.sent = performance.now();
    const request = pageRequest(state, metrics.open);
    // Long runs of marks or joiners: the server's cut pieces (the browser's BPE on one
    // 100,000-mark piece takes minutes); everything else is computed here.
    const local = browser && !(server.tokenize && HEAVY_RUN.test(state.text)) ? browser.analyse(request) : null;
    if (local?.error) return { error: sentence(local.error) };
    if (local && !local.server.length && !request.own.length) {
      timing.received = timing.parsed = performance.now();
      return local;
    }
    if (!server.tokenize) return withoutServer(local);
    try {
      const asked = local ? { ...request, tokenizers: local.server, language: local.language } : request;
      const key = JSON.stringify(asked); // a tokenizer that finished loading: the same question
      const raw = key === lastAsked.key ? lastAsked.raw : await server.tokenize(asked);
      lastAsked = { key, raw };
      timing.received = performance.now();
      const answer = raw ? JSON.parse(raw) : { error: "The server did not answer; try again in a moment." };
      timing.parsed = performance.now();
      return local && !answer.error ? merged(local, answer) : answer;
    } catch (e) {
      return { error: `The server did not answer (${e}); try again in a moment.` };
    }
  });
  let lastAsked = {};
  // The browser's cards with the server's in their places (the visitor's own at the end).
  function merged(local, answer) {
    const byName = new Map(answer.cards.map((c) => [c.name, c]));
    const cards = local.cards.map((c) => (c.server ? byName.get(c.name) ?? { name: c.name, label: c.name, error: "the server did not answer for it" } : c));
    const own = answer.cards.filter((c) => !local.tokenizers.includes(c.name));
    return { ...local, cards: [...cards, ...own] };
  }
  function withoutServer(local) {
    const cards = local.cards.map((c) => (c.server ? { name: c.name, label: c.name, error: `${c.name} runs only on the server, which this page does not have.` } : c));
    return { ...local, cards };
  }
  // `quiet`: a tokenizer finished loading; the status keeps what it says.
  async function refresh(quiet = false) {
    showTextInfo();
    if (graded && !quiet) gradePanel()?.classList.add("itl-outdated"); // it graded the text before this edit
    const answer = await ask();
    if (!answer) return; // a newer edit's answer comes to the call that is running
    if (answer.error) return refused(answer.error);
    lastAnswer = answer;
    state = withAnswer(state, answer);
    followLanguage();
    syncControls();
    langNote.textContent = `Language: ${answer.language_note}`;
    const notes = answer.cards.filter((c) => c.error).map((c) => c.error);
    if (!state.text) notes.push("Type or paste some text, or pick an example.");
    const kept = status.dataset.keep ?? ""; // said by an action (keepStatus)
    if (notes.length || !(kept || quiet)) setStatus([kept, ...notes].join(" ").trim());
    if (!quiet) delete status.dataset.keep;
    redraw();
  }
  // The grader's panel grades the page's language: when that changes, press its button
  // (the Grader tab also grades when it is opened).
  function followLanguage() {
    if (!state.shownLanguage || state.shownLanguage === gradeLanguage) return;
    const button = document.getElementById(config.grade_button);
    if (!button) return;
    gradeLanguage = state.shownLanguage;
    button.click();
  }
  function refused(message) {
    const kept = cards.length ? " The cards still show the previous text (dimmed)." : "";
    setStatus(`Nothing was redrawn: ${message}${kept}`, "error");
    cardsEl.classList.toggle("itl-stale", cards.length > 0);
  }

  // ---- drawing: first screen at once, the rest in steps, far tails on scroll ---------------
  function redraw() {
    if (!lastAnswer) return;
    const gen = ++generation;
    cardsEl.classList.remove("itl-stale");
    cardsEl.dataset.view = state.view;
    const indexes = new Map();
    const indexOf = (text) => {
      if (!indexes.has(text)) indexes.set(text, textIndex(text));
      return indexes.get(text);
    };
    const views = lastAnswer.cards.map((d) => (d.error || d.loading ? null
      : new CardView(d, indexOf(d.text ?? state.text), { view: state.view, ws: state.ws }, config)));
    cardsEl.replaceChildren(...lastAnswer.cards.map((d, i) => views[i]?.el ?? (d.loading ? loadingCard(d) : unavailableCard(d))));
    cards = views.filter(Boolean);
    for (const card of cards) card.draw(FIRST_CHUNK);
    details.drawn(cards);
    showSummary();
    fitCards();
    timing.firstDrawn = performance.now();
    watchTails(gen);
    timing.generation = gen; // first screen painted, all drawn
    requestAnimationFrame(() => setTimeout(() => {
      if (gen === generation) timing.firstScreen = performance.now();
      pump(gen);
    }, 0));
    if (metrics.open) showMetrics();
    if (!waiting()) timing.final = performance.now(); // every card has its tokens
  }
  function pump(gen) {
    if (gen !== generation) return;
    let budget = CHUNK;
    for (const card of cards) {
      const target = Math.min(card.count, card.eager, card.drawn + budget);
      budget -= Math.max(0, target - card.drawn);
      card.draw(target);
      if (budget <= 0) break;
    }
    if (cards.some((c) => c.drawn < Math.min(c.count, c.eager))) setTimeout(() => pump(gen), 0);
    else timing.allDrawn = performance.now(); // every eager unit is in the page
  }
  let observer = null;
  function watchTails(gen) {
    if (observer) observer.disconnect();
    observer = new IntersectionObserver((entries) => {
      if (gen !== generation) return;
      for (const e of entries) {
        const card = e.target.closest(".itl-card")?._card;
        if (e.isIntersecting && card && card.drawn >= card.eager && !card.done()) card.draw(card.drawn + (card.cutAll ? SLOW_STEP : CHUNK));
      }
    }, { rootMargin: "600px" });
    for (const card of cards) observer.observe(card.sentinel);
  }
  let cardsTop = null; // where the cards start on the page: measured once, and on resize
  function fitCards(event) {
    const wide = window.matchMedia("(min-width: 900px)").matches;
    const n = Math.max(1, cardsEl.children.length);
    if (cardsTop === null || event) cardsTop = cardsEl.getBoundingClientRect().top + window.scrollY;
    const top = Math.max(0, cardsTop - window.scrollY);
    const room = window.innerHeight - top - n * 52 - 12;
    const per = wide ? Math.max(64, Math.floor(room / n)) : Math.max(120, Math.floor(window.innerHeight * 0.42));
    root.style.setProperty("--itl-card-max", `${per}px`);
  }
  function showSummary() {
    summary.replaceChildren(...lastAnswer.cards.map((d) => {
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
    }));
  }
  // The Token lookup tab, opened on token `id` of `name` (its query box filled in).
  function openLookup(name, id) {
    const label = "Token lookup";
    const tab = [...document.querySelectorAll('[role="tab"], .overflow-dropdown button')].find((b) => b.textContent.trim() === label);
    if (!tab) return;
    if (tab.closest(".overflow-dropdown")) tab.closest(".overflow-menu")?.querySelector("button")?.click();
    tab.click(); // opened, the tab looks the token up (the details' button holds the ask)
  }
  function showMetrics() {
    if (lastAnswer) drawMetrics(metrics, lastAnswer.cards.filter((c) => !c.error && !c.loading));
  }

  // ---- hover: the same bytes in every card ---------------------------------------------
  let lit = [];
  function clearHighlight() { for (const el of lit) el.classList.remove("itl-hl"); lit = []; }
  function onHover(event) {
    const el = event.target.closest ? event.target.closest(".itl-block > span") : null;
    if (!el || el._unit === undefined) return;
    const card = el.closest(".itl-card")._card, k = el._unit;
    if (!el.title) el.title = card.title(k) + (el.dataset.cut ? ` · ${el.dataset.cut}` : "");
    clearHighlight();
    const b0 = card.startOf(k), b1 = card.endOf(k);
    for (const other of cards) {
      if (other.index !== card.index) continue; // spans point into another (normalised) text
      for (const j of other.overlapping(b0, b1)) {
        const target = other.els[j];
        if (target) { target.classList.add("itl-hl"); lit.push(target); }
      }
    }
    if (!lit.includes(el)) { el.classList.add("itl-hl"); lit.push(el); }
  }

  // ---- links: built by the server (permalink.to_query), read here ----------------------------
  async function copyLink() {
    let answer;
    try {
      answer = JSON.parse(await server.permalink(linkRequest(state)));
    } catch (e) {
      answer = { error: `The server did not answer (${e}); try again in a moment.` };
    }
    if (answer.error) return setStatus(`No link was made: ${answer.error}`, "error");
    linkBox.value = `${window.location.origin}${window.location.pathname}?${answer.query}`;
    const left = new URLSearchParams(answer.query).get(config.link.params.note) === config.link.too_long_note;
    setStatus(left
      ? `The text is too long to put in a link (${fmt(codePoints(state.text))} characters). The link keeps the tokenizers, view and language; paste the text again after opening it.`
      : "Link ready: it restores the text, tokenizers, view and language.");
    try { await navigator.clipboard.writeText(linkBox.value); } catch (e) { linkBox.select(); }
  }

  // ---- start: the state from the URL, else the first example ---------------------------------
  async function start() {
    keepRepaired(document, root);
    const link = await readLink(new URLSearchParams(window.location.search), config);
    state = withLink(state, link.state);
    if (state.embed) document.body.classList.add("itl-embed");
    setText(link.state.text ?? config.examples[0].text);
    syncControls();
    await refresh();
    const said = [...config.notices];
    if (link.problems.length) said.push(`From the link: ${link.problems.join("; ")}.`);
    if (said.length) setStatus(said.join(" "), config.notices.length ? "error" : "info");
  }
  start();
}
