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
  get className() { return this.getAttribute("class") || ""; }
  set className(value) { this.setAttribute("class", value); }
  get hidden() { return this.attributes.has("hidden"); }
  set hidden(value) { if (value) this.attributes.set("hidden", ""); else this.attributes.delete("hidden"); }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  dispatch(type, event = {}) { for (const fn of this.listeners[type] ?? []) fn({ target: this, ...event }); }
  // every descendant element matching `test`
  findAll(test) {
    const found = [];
    const walk = (node) => { for (const c of node.children) { if (test(c)) found.push(c); walk(c); } };
    walk(this);
    return found;
  }
}

export function install() {
  globalThis.document = {
    createElement: (tag) => new Element(tag),
    createDocumentFragment: () => new Fragment(),
  };
}
