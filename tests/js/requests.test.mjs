import assert from "node:assert/strict";
import { test } from "node:test";
import { oneAtATime } from "../../assets/js/requests.mjs";

test("while a request runs, later calls merge into one more run for the newest state", async () => {
  let state = 1, runs = 0, release;
  const task = async () => {
    runs++;
    const seen = state;
    await new Promise((resolve) => { release = resolve; });
    return `answer for ${seen}`;
  };
  const ask = oneAtATime(task);
  const first = ask();
  state = 2; const second = ask();
  state = 3; const third = ask();
  assert.equal(await second, undefined); // merged into the running call
  assert.equal(await third, undefined);
  release(); // the first run ends; the task runs once more, for state 3
  await new Promise((resolve) => setImmediate(resolve));
  release();
  assert.equal(await first, "answer for 3");
  assert.equal(runs, 2);
});

test("a failing task does not block later requests", async () => {
  let fail = true;
  const ask = oneAtATime(async () => { if (fail) throw new Error("boom"); return "ok"; });
  await assert.rejects(ask(), /boom/);
  fail = false;
  assert.equal(await ask(), "ok");
});
