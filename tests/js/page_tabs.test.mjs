import assert from "node:assert/strict";
import { test } from "node:test";
import { GraderFollow } from "../../assets/js/page_tabs.mjs";
import { install } from "./fake_dom.mjs";
import { pageConfig } from "./page_config.mjs";

const CONFIG = pageConfig();

test("the grader's panel is pressed when the cards' language changes, and dimmed after an edit", () => {
  const body = install();
  const panel = document.createElement("div");
  panel.setAttribute("id", CONFIG.grade_panel);
  const button = document.createElement("button");
  button.setAttribute("id", CONFIG.grade_button);
  let pressed = 0;
  button.click = () => { pressed += 1; };
  body.append(panel, button);
  const grader = new GraderFollow(CONFIG);
  grader.edited();
  assert.ok(!panel.classList.contains("itl-outdated")); // nothing graded yet
  grader.follow(CONFIG.grade_language);
  grader.follow("");
  assert.equal(pressed, 0);
  grader.follow("ta");
  grader.follow("ta");
  assert.equal(pressed, 1);
  grader.onGraded("hi");
  grader.edited();
  assert.ok(panel.classList.contains("itl-outdated"));
  grader.onGraded(undefined); // graded again, on the language it had
  assert.ok(!panel.classList.contains("itl-outdated"));
  grader.follow("hi");
  assert.equal(pressed, 1);
});
