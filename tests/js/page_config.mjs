// The real page config, contract.page_config(["a notice"]), as pytest wrote it
// (tests/test_contract.py; the README's test command runs pytest before `node --test`).
import { existsSync, readFileSync } from "node:fs";

const PATH = new URL("../../test-artifacts/js/page_config.json", import.meta.url);

export function pageConfig() {
  if (!existsSync(PATH)) {
    throw new Error(`no ${PATH.pathname}: run \`python -m pytest -m fast tests/test_contract.py\` first (the README's test command runs pytest before node)`);
  }
  return JSON.parse(readFileSync(PATH, "utf-8"));
}
