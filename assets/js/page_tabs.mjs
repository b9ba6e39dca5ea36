// The workbench and the page's other tabs: the Token lookup tab opened on a token, and the
// grader's panel kept on the language the cards show.

// The Token lookup tab opened; it looks up the token the details' button holds (its tokenizer
// and id), so nothing is filled in here.
export function openLookup() {
  const label = "Token lookup";
  const tab = [...document.querySelectorAll('[role="tab"], .overflow-dropdown button')].find((b) => b.textContent.trim() === label);
  if (!tab) return;
  if (tab.closest(".overflow-dropdown")) tab.closest(".overflow-menu")?.querySelector("button")?.click();
  tab.click();
}

// The grader's panel (config.grade_panel) grades the page's language: when the cards' language
// changes its button is pressed (the Grader tab also grades when it is opened), and after an
// edit a panel that graded the text before is marked outdated.
export class GraderFollow {
  constructor(config) {
    this.config = config;
    this.graded = false;
    this.language = config.grade_language; // the language the panel shows
  }

  panel() { return document.getElementById(this.config.grade_panel); }

  // The panel graded (config.events.graded), on `language` if given.
  onGraded(language) {
    this.graded = true;
    this.language = language || this.language;
    this.panel()?.classList.remove("itl-outdated");
  }

  edited() {
    if (this.graded) this.panel()?.classList.add("itl-outdated"); // it graded the text before this edit
  }

  // The cards now show `language` ("" before any answer).
  follow(language) {
    if (!language || language === this.language) return;
    const button = document.getElementById(this.config.grade_button);
    if (!button) return;
    this.language = language;
    button.click();
  }
}
