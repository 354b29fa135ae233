import { type Pipeline, pipeline, resolvePipeline, type Task } from "../graph/mod.ts";
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { runSchedule } from "./schedule.ts";
import { selectPartial } from "./select.ts";
import type { BuildEvent, Decider, Runner } from "./types.ts";

/** Builds an in-memory pipeline from `name: upstream...` lines (TypeScript tasks, no files). */
async function graph(edges: Record<string, string[]>): Promise<Pipeline> {
  let b = pipeline() as ReturnType<typeof pipeline> & { task: (n: string, o: object) => unknown };
  for (const [name, upstream] of Object.entries(edges)) {
    // deno-lint-ignore no-explicit-any
    b = (b as any).task(name, { run: () => {}, product: `out/${name}`, upstream });
  }
  // deno-lint-ignore no-explicit-any
  return await resolvePipeline(b as any, { root: "/nonexistent", file: "test" });
}

class FakeRunner implements Runner {
  running = 0;
  maxRunning = 0;
  ran: string[] = [];
  gates = new Map<string, PromiseWithResolvers<void>>();
  constructor(readonly fail: Set<string> = new Set(), readonly gated = false) {}
  gate(name: string) {
    if (!this.gates.has(name)) this.gates.set(name, Promise.withResolvers());
    return this.gates.get(name)!;
  }
  async run(task: Task, ctx: { signal: AbortSignal }) {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.ran.push(task.name);
    if (this.gated) {
      const aborted = new Promise<void>((r) =>
        ctx.signal.addEventListener("abort", () => r(), { once: true })
      );
      await Promise.race([this.gate(task.name).promise, aborted]);
    } else await Promise.resolve();
    this.running--;
    if (ctx.signal.aborted) return { ok: false as const, failure: { message: "interrupted" } };
    return this.fail.has(task.name)
      ? { ok: false as const, failure: { message: `${task.name} broke` } }
      : { ok: true as const };
  }
}

class FakeDecider implements Decider {
  succeededNames: string[] = [];
  failedNames: string[] = [];
  constructor(readonly upToDate: Set<string> = new Set()) {}
  decide(task: Task) {
    return Promise.resolve(
      this.upToDate.has(task.name) ? { run: false, reasons: [] } : { run: true, reasons: ["never run"] },
    );
  }
  succeeded(task: Task) {
    this.succeededNames.push(task.name);
    return Promise.resolve();
  }
  failed(task: Task) {
    this.failedNames.push(task.name);
    return Promise.resolve();
  }
}

const outcomes = (s: { tasks: { name: string; outcome: string }[] }) =>
  Object.fromEntries(s.tasks.map((t) => [t.name, t.outcome]));

//   load -> clean -> fit
//               \-> plot
Deno.test("runSchedule() runs a chain in dependency order", async () => {
  const p = await graph({ load: [], clean: ["load"], fit: ["clean"], plot: ["clean"] });
  const runner = new FakeRunner();
  const s = await runSchedule(p, { jobs: 1, runner, decider: new FakeDecider() });
  assertEquals(runner.ran, ["load", "clean", "fit", "plot"]);
  assertEquals(s.ok, true);
});

//   a -> b -> c      x -> y
Deno.test("runSchedule() skips a failed task's descendants and goes on with independent branches", async () => {
  const p = await graph({ a: [], b: ["a"], c: ["b"], x: [], y: ["x"] });
  const decider = new FakeDecider();
  const s = await runSchedule(p, { jobs: 2, runner: new FakeRunner(new Set(["b"])), decider });
  assertEquals(outcomes(s), { a: "ran", b: "failed", c: "skipped", x: "ran", y: "ran" });
  assertEquals(s.tasks.find((t) => t.name === "c")!.reasons, ['upstream "b" failed']);
  assertEquals(decider.failedNames, ["b"]);
  assertEquals(s.ok, false);
});

//   a, b, c, d, e (independent)
Deno.test("runSchedule() never runs more than `jobs` tasks at once", async () => {
  const p = await graph({ a: [], b: [], c: [], d: [], e: [] });
  for (const jobs of [1, 2, 3]) {
    const runner = new FakeRunner();
    await runSchedule(p, { jobs, runner, decider: new FakeDecider() });
    assertEquals(runner.maxRunning, jobs, `jobs=${jobs}`);
  }
});

//   a -> b -> c
Deno.test("runSchedule() does not run up-to-date tasks and still runs outdated descendants", async () => {
  const p = await graph({ a: [], b: ["a"], c: ["b"] });
  const runner = new FakeRunner();
  const s = await runSchedule(p, { jobs: 1, runner, decider: new FakeDecider(new Set(["a", "b"])) });
  assertEquals(runner.ran, ["c"]);
  assertEquals(outcomes(s), { a: "up-to-date", b: "up-to-date", c: "ran" });
});

//   a -> b ; c
Deno.test("runSchedule() on abort interrupts running tasks and starts nothing new", async () => {
  const p = await graph({ a: [], b: ["a"], c: [] });
  const runner = new FakeRunner(new Set(), true);
  const ctl = new AbortController();
  const events: BuildEvent[] = [];
  const started = Promise.withResolvers<void>();
  const run = runSchedule(p, {
    jobs: 1,
    runner,
    decider: new FakeDecider(),
    signal: ctl.signal,
    onEvent: (e) => {
      events.push(e);
      if (e.type === "task-start") started.resolve();
    },
  });
  await started.promise;
  ctl.abort();
  const s = await run;
  assertEquals(outcomes(s), { a: "interrupted", b: "skipped", c: "skipped" });
  assertEquals(s.interrupted, true);
  assertEquals(runner.ran, ["a"]);
});

//   a -> b -> c -> d
Deno.test("selectPartial() takes the task and its ancestors unless upstream is skipped", async () => {
  const p = await graph({ a: [], b: ["a"], c: ["b"], d: ["c"] });
  assertEquals([...selectPartial(p, "c")].sort(), ["a", "b", "c"]);
  assertEquals([...selectPartial(p, "c", true)], ["c"]);
  assertEquals([...selectPartial(p, "?")].sort(), ["a", "b", "c", "d"]);
});

//   a
Deno.test("runSchedule() emits task-progress and counts time after a kernel progress as kernel wait", async () => {
  const p = await graph({ a: [] });
  let clock = 0;
  const runner: Runner = {
    run: (_task, ctx) => {
      ctx.onProgress?.({ phase: "kernel" });
      clock += 3000;
      ctx.onProgress?.({ phase: "cell", cell: 1, cells: 2 });
      clock += 1000;
      ctx.onProgress?.({ phase: "cell", cell: 2, cells: 2 });
      clock += 500;
      return Promise.resolve({ ok: true as const });
    },
  };
  const events: BuildEvent[] = [];
  const s = await runSchedule(p, {
    jobs: 1,
    runner,
    decider: new FakeDecider(),
    onEvent: (e) => events.push(e),
    now: () => clock,
  });
  assertEquals(
    events.flatMap((e) => e.type === "task-progress" ? [e.progress] : []),
    [{ phase: "kernel" }, { phase: "cell", cell: 1, cells: 2 }, { phase: "cell", cell: 2, cells: 2 }],
  );
  assertEquals(s.tasks[0].kernelSeconds, 3);
  assertEquals(s.tasks[0].seconds, 1.5);
  const end = events.find((e) => e.type === "task-end");
  assertEquals(end?.type === "task-end" && [end.seconds, end.kernelSeconds], [1.5, 3]);
});

Deno.test("runSchedule() stopped on purpose: running tasks finish, nothing new starts, the build is not a failure", async () => {
  //   a --> b      c (runs beside a)
  const p = await graph({ a: [], b: ["a"], c: [] });
  const stop = new AbortController();
  const cStarted = Promise.withResolvers<void>();
  const aStopped = Promise.withResolvers<void>();
  const runner: Runner = {
    run: async (task) => {
      if (task.name === "c") {
        cStarted.resolve();
        await aStopped.promise; // still running when a stops the build
      } else if (task.name === "a") {
        await cStarted.promise;
        stop.abort('on_finish hook h of task "a"');
        aStopped.resolve();
      }
      return { ok: true };
    },
  };
  const decider = new FakeDecider();
  const summary = await runSchedule(p, { jobs: 2, runner, decider, stop: stop.signal });
  const outcomes = Object.fromEntries(summary.tasks.map((t) => [t.name, [t.outcome, ...t.reasons]]));
  assertEquals(outcomes, {
    a: ["ran", "never run"],
    c: ["ran", "never run"],
    b: ["skipped", 'build stopped early by on_finish hook h of task "a"'],
  });
  assertEquals(summary.ok, true);
  assertEquals(summary.stoppedEarly, 'on_finish hook h of task "a"');
});
