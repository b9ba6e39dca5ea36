// A small stand-in for the browser's DOM, enough for the page modules' drawing code under
// node: elements with attributes, classes, dataset, children and text; fragments; listeners.
// Installed as globalThis.document by install().

class Node {
  constructor() { this.childNodes = []; this.parentNode = null; }
  get firstChild() { return this.childNodes[0] ?? null; }
  get children() { return this.childNodes.filter((n) => n instanceof Element); }
  append(...nodes) {
    for (const node of nodes) {
      if (node instanceof Fragment) { for (const n of [...node.childNodes]) this.append(n); node.childNodes = []; continue; }
      const child = typeof node === "string" || typeof node === "number" ? new Text(String(node)) : node;
      child.parentNode = this;
      this.childNodes.push(child);
    }
  }
  insertBefore(node, ref) {
    const at = this.childNodes.indexOf(ref);
    this.append(node);
    const added = this.childNodes.pop();
    this.childNodes.splice(at < 0 ? this.childNodes.length : at, 0, added);
  }
  replaceChildren(...nodes) { this.childNodes = []; this.append(...nodes); }
  get textContent() { return this.childNodes.map((n) => n.textContent).join(""); }
  set textContent(value) { this.childNodes = []; if (value !== "") this.append(String(value)); }
}
class Text extends Node {
  constructor(data) { super(); this.data = data; }
  get textContent() { return this.data; }
}
class Fragment extends Node {}

class ClassList {
  constructor(el) { this.el = el; }
  get names() { return (this.el.getAttribute("class") || "").split(/\s+/).filter(Boolean); }
  set names(list) { this.el.setAttribute("class", list.join(" ")); }
  add(...names) { this.names = [...new Set([...this.names, ...names])]; }
  remove(...names) { this.names = this.names.filter((n) => !names.includes(n)); }
  contains(name) { return this.names.includes(name); }
  toggle(name, force) {
    const on = force ?? !this.contains(name);
    if (on) this.add(name); else this.remove(name);
    return on;
  }
}

export class Element extends Node {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.dataset = {};
    this.listeners = {};
    this.classList = new ClassList(this);
    this.style = { props: {}, setProperty(k, v) { this.props[k] = v; } };
  }
  setAttribute(name, value) {
    if (name.startsWith("data-")) this.dataset[name.slice(5).replace(/-(\w)/g, (m, c) => c.toUpperCase())] = String(value);
    else this.attributes.set(name, String(value));
  }
  getAttribute(name) {
    if (name.startsWith("data-")) return this.dataset[name.slice(5).replace(/-(\w)/g, (m, c) => c.toUpperCase())] ?? null;
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name) { return this.getAttribute(name) !== null; }
  removeAttribute(name) {
    if (name.startsWith("data-")) delete this.dataset[name.slice(5).replace(/-(\w)/g, (m, c) => c.toUpperCase())];
    else this.attributes.delete(name);
  }
  set tabIndex(n) { this.setAttribute("tabindex", n); }
  get className() { return this.getAttribute("class") || ""; }
  set className(value) { this.setAttribute("class", value); }
  get hidden() { return this.attributes.has("hidden"); }
  set hidden(value) { if (value) this.attributes.set("hidden", ""); else this.attributes.delete("hidden"); }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  dispatch(type, event = {}) { for (const fn of this.listeners[type] ?? []) fn({ target: this, ...event }); }
  get id() { return this.getAttribute("id") || ""; }
  get value() { return this._value ?? this.getAttribute("value") ?? ""; }
  set value(v) { this._value = String(v); }
  get open() { return this.attributes.has("open"); }
  set open(v) { if (v) this.attributes.set("open", ""); else this.attributes.delete("open"); this.dispatch("toggle"); }
  focus() {}
  select() {}
  contains(node) { for (let n = node; n; n = n.parentNode) if (n === this) return true; return false; }
  closest(selector) { for (let n = this; n instanceof Element; n = n.parentNode) if (matches(n, selector)) return n; return null; }
  getBoundingClientRect() { return { top: 0, height: 0 }; }
  // a selector of one tag name, #id or .class (what the modules' queries use)
  querySelectorAll(selector) { return this.findAll((el) => matches(el, selector)); }
  querySelector(selector) { return this.querySelectorAll(selector)[0] ?? null; }
  // every descendant element matching `test`
  findAll(test) {
    const found = [];
    const walk = (node) => { for (const c of node.children) { if (test(c)) found.push(c); walk(c); } };
    walk(this);
    return found;
  }
}

function matches(el, selector) {
  if (selector.startsWith("#")) return el.id === selector.slice(1);
  if (selector.startsWith(".")) return el.classList.contains(selector.slice(1));
  return el.tagName === selector.toUpperCase();
}

// document, and for the workbench a window with a location, timers and observers that do nothing.
export function install(search = "") {
  const root = new Element("html");
  const body = new Element("body");
  root.append(body);
  const listeners = {};
  globalThis.document = {
    body,
    createElement: (tag) => new Element(tag),
    createDocumentFragment: () => new Fragment(),
    getElementById: (id) => root.querySelector(`#${id}`),
    addEventListener: (type, fn) => { (listeners[type] ??= []).push(fn); },
    dispatchEvent: (event) => { for (const fn of listeners[event.type] ?? []) fn(event); return true; },
  };
  const matchMedia = () => ({ matches: false });
  globalThis.window = { location: { search, origin: "https://example.org", pathname: "/" },
    addEventListener() {}, matchMedia, innerHeight: 800, scrollY: 0 };
  globalThis.matchMedia = matchMedia;
  globalThis.requestAnimationFrame = (fn) => setTimeout(fn, 0);
  globalThis.IntersectionObserver = class { observe() {} disconnect() {} };
  globalThis.MutationObserver = class { observe() {} disconnect() {} };
  globalThis.CustomEvent ??= class extends Event {
    constructor(type, options = {}) { super(type); this.detail = options.detail; }
  };
  return body;
}
