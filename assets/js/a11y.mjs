// Repairs to Gradio 6.31's own markup that axe-core (WCAG 2.2 AA) flags, made in the page
// because Gradio offers no option for them; tests/test_browser_a11y.py checks the result.
// Each repair names what it fixes; none touches the workbench's own elements.
export const REPAIRS = [
  // the upload box says "Drop File Here - or - Click to Upload" but is named "Click to upload
  // or drop files" (label-content-name-mismatch): its visible text becomes its name
  { selector: "button.upload-container[aria-label]", fix: (el) => el.removeAttribute("aria-label") },
  // an empty gr.File is a <div aria-label="Empty value"> with no role (aria-prohibited-attr)
  { selector: "div.empty[aria-label]:not([role])", fix: (el) => el.removeAttribute("aria-label") },
  // the footer's Settings button holds the word and an icon whose alt repeats it
  { selector: "footer button img:not([alt=\"\"])", fix: (el) => { if (el.closest("button").textContent.trim()) el.alt = ""; } },
];

// Apply every repair inside `root` (returns how many elements were changed).
export function repair(root) {
  let changed = 0;
  for (const { selector, fix } of REPAIRS) {
    for (const el of root.querySelectorAll(selector)) { fix(el); changed++; }
  }
  return changed;
}

// Keep repairing as Gradio draws (tabs render their content when first opened); mutations
// inside `skip` (the workbench, which draws many thousands of spans) are not looked at.
export function keepRepaired(doc, skip) {
  repair(doc.body);
  const observer = new MutationObserver((records) => {
    if (records.some((r) => !skip.contains(r.target))) repair(doc.body);
  });
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label", "alt"] });
  return observer;
}
