/**
 * Live progress in a real pseudo-terminal: tmux (100 columns) runs `plait build` on two 2-second
 * script tasks with real kernels; the screen is captured while it runs. The clock and the cell
 * counter advance, and at the end nothing but the summary is left on screen.
 *
 *   a (parameters, injected, then 3 code cells: 1 s, 1 s, print)      b (the same)
 */
import { assert, assertMatch } from "../build/_assert.ts";
import { projectOf, REPO } from "../build/_helpers.ts";

const SLOW = [
  '# %% tags=["parameters"]',
  "upstream = None",
  "product = None",
  "# %%",
  "import time",
  "time.sleep(1)",
  "# %%",
  "time.sleep(1)",
  "# %%",
  "print('done')",
].join("\n");

const FILES = {
  "pipeline.yaml":
    "tasks:\n  - source: tasks/a.py\n    product: out/a.ipynb\n  - source: tasks/b.py\n    product: out/b.ipynb\n",
  "tasks/a.py": SLOW,
  "tasks/b.py": SLOW,
};

async function tmux(socket: string, args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", {
    args: ["-L", socket, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return new TextDecoder().decode(out.stdout);
}

/** Runs `cmd` in a fresh tmux session (100 x 30) and returns every screen seen until it printed its exit code. */
async function screensOf(cmd: string): Promise<string[]> {
  const socket = `plait_pty_${crypto.randomUUID().slice(0, 8)}`;
  await tmux(socket, ["new-session", "-d", "-x", "100", "-y", "30", `${cmd}; echo __EXIT_$?__; sleep 120`]);
  const screens: string[] = [];
  try {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const screen = (await tmux(socket, ["capture-pane", "-p"])).replace(/\s+$/, "");
      screens.push(screen);
      if (/__EXIT_\d+__/.test(screen)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await tmux(socket, ["kill-server"]);
  }
  return screens;
}

const hasTmux = await new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" }).output()
  .then((o) => o.success, () => false);

Deno.test({
  name: "build on a terminal shows a ticking clock and cell i/n per task, then leaves only the summary",
  ignore: !hasTmux,
  async fn() {
    await using p = await projectOf(FILES);
    const deno = `'${Deno.execPath()}'`;
    const screens = await screensOf(
      `${deno} run -A '${REPO}/cli.ts' build -j 1 --python /usr/bin/python3 -e '${p.dir}'`,
    );
    const last = screens.at(-1)!;
    assertMatch(last, /__EXIT_0__/, last);
    // The clock of each task took at least two values, and so did its cell counter.
    for (const task of ["a", "b"]) {
      const rows = screens.flatMap((s) => s.split("\n").filter((l) => l.startsWith(`  ${task}  `)));
      const clocks = new Set(rows.map((r) => /\d+:\d\d/.exec(r)?.[0]));
      const cells = new Set(rows.flatMap((r) => /cell \d+\/\d+/.exec(r) ?? []));
      assert(clocks.size >= 2, `${task}: the clock did not advance:\n${rows.join("\n")}`);
      assert(cells.size >= 2, `${task}: the cell counter did not advance:\n${rows.join("\n")}`);
    }
    assert(screens.some((s) => /^\[1\/2\]/m.test(s)), "done/total never showed 1/2");
    // Only the summary is left: the table, the totals line, our exit marker.
    const left = last.split("\n").filter((l) => l.trim());
    assertMatch(left[0], /^task\s+ran\?\s+seconds/);
    assertMatch(left.at(-2)!, /^build ok: 2 ran, 0 up to date in [\d.]+ s$/);
    assert(left.length === 6, `more than the summary is left on screen:\n${last}`);

    // status with the README's permissions (no --allow-write) on a terminal: it must not prompt,
    // though an edited source gives its analysis cache something new; the table fits 100 columns.
    await Deno.writeTextFile(`${p.dir}/tasks/a.py`, SLOW.replace("print('done')", "print('edited')"));
    const status = await screensOf(
      `${deno} run --allow-read --allow-env --allow-run '${REPO}/cli.ts' status --why -e '${p.dir}'`,
    );
    const shown = status.at(-1)!;
    assertMatch(shown, /__EXIT_0__/, shown);
    assert(!/Deno requests|Allow\?/.test(shown), shown);
    assertMatch(shown, /^a +.* yes +source changed/m);
    for (const line of shown.split("\n")) assert(line.length < 100, `wider than the terminal: ${line}`);
  },
});
