// One request at a time: while one runs, calls wait as one; when it ends, the task runs
// again once for the newest state, and only that answer is returned.

// `task`: an async function that reads the current state itself. The returned function
// resolves to the answer of the newest run for the caller that started it, and to
// undefined for callers whose request was merged into a running one.
export function oneAtATime(task) {
  let running = false, again = false;
  return async function run() {
    if (running) { again = true; return undefined; }
    running = true;
    let answer;
    try { answer = await task(); } finally { running = false; }
    if (again) { again = false; return run(); }
    return answer;
  };
}
