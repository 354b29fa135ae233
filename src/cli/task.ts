import { describeReason, type RunningBuild, type TaskStatus } from "../cache/mod.ts";
import { didYouMean, type Issue, UsageError } from "../errors/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import { makeStyle } from "../report/mod.ts";
import { runBuild } from "./build.ts";
import { type CliContext, load, type LogLevel, out } from "./common.ts";
import { collectStatus, relativeTime, runningBuildLine, type StatusRow } from "./status.ts";

/** Flags of `task`. */
export interface TaskFlags {
  entry?: string;
  force?: boolean;
  status?: boolean;
  log?: boolean | LogLevel;
  python?: string;
  verbose?: boolean;
  /** `--no-lock`: an exported step, other steps running at the same time. */
  lock?: boolean;
}

function checkName(pipeline: Pipeline, name: string): void {
  if (pipeline.tasks.has(name)) return;
  const group = pipeline.order.filter((n) => pipeline.tasks.get(n)!.grid?.group === name);
  throw new UsageError({
    message: `Cannot find task "${name}" in the pipeline${
      group.length ? "" : didYouMean(name, pipeline.tasks.keys())
    }`,
    hint: group.length
      ? `"${name}" is a grid of ${group.length} tasks (${
        group[0]
      }, ...): run one of them, or all with \`plait build --partially ${name} --skip-upstream\``
      : "`plait status` lists every task",
  });
}

/** `task NAME` while a build runs: it could not take the lock, and its upstream may be running in it. */
function busyBuild(build: RunningBuild, name: string, upstream: string[]): UsageError {
  const running = upstream.filter((u) => u in build.running);
  const age = relativeTime(build.startedAt, Date.now());
  return new UsageError({
    message: `Cannot run task "${name}": a build is running (pid ${build.pid}, started ${age})` +
      (running.length
        ? `, and its upstream ${running.map((u) => `"${u}"`).join(", ")} is running in it`
        : ""),
    hint: `wait for it to finish (\`plait status\` shows what runs), or stop it (kill ${build.pid})`,
  });
}

/** Why an upstream cannot feed `name` (never built, failed, products gone), or undefined when it can. */
function blocker(up: TaskStatus, name: string): Issue | undefined {
  const hint = `build it first with \`plait build --partially ${name}\` (runs "${name}" and what it needs)`;
  const state = up.state;
  const cannot = `Cannot run task "${name}": its upstream "${up.name}"`;
  if (!state) return { message: `${cannot} was never built`, hint };
  if (state.status === "failed") {
    return { message: `${cannot} ${state.interrupted ? "was interrupted" : "failed"} last time`, hint };
  }
  if (state.status === "unreadable") {
    return { message: `${cannot} has unreadable state (${state.warning})`, hint };
  }
  const missing = up.decision.reasons.flatMap((r) => (r.kind === "product-missing" ? [r.path] : []));
  if (missing.length) return { message: `${cannot} is missing product ${missing.join(", ")}`, hint };
}

function describeOne(row: StatusRow, color: boolean): string {
  const s = makeStyle(color);
  const when = relativeTime(row.lastRun, Date.now());
  const last = row.lastResult === "ok"
    ? `${when} (${row.durationS?.toFixed(2)} s)`
    : row.lastResult === "never"
    ? when
    : row.lastResult === "running"
    ? `running (started ${when})`
    : `${row.lastResult} ${when}`;
  const lines: [string, string][] = [
    ["task", s.bold(row.name)],
    ["last run", last],
    ["outdated", row.outdated ? s.yellow("yes") : s.green("no")],
    ...row.reasons.map((r, i): [string, string] => [i === 0 ? "why" : "", r]),
    ["products", row.products.join(", ")],
    ["doc", row.doc ?? ""],
    ["source", row.source],
  ];
  return lines.map(([k, v]) => `${k.padEnd(8)}  ${v}`.trimEnd()).join("\n");
}

/**
 * `task NAME`: runs one task, as `build --partially NAME --skip-upstream` does; its upstream must
 * have been built. With `--status`, prints that task's status and why instead.
 */
export async function runTask(ctx: CliContext, name: string, flags: TaskFlags): Promise<number> {
  const { pipeline } = await load(ctx, flags.entry);
  checkName(pipeline, name);
  const { statuses, rows, warnings, build } = await collectStatus(pipeline);
  for (const w of warnings) out.error(`warning: ${w}`);
  const byName = new Map(statuses.map((s) => [s.name, s]));
  if (flags.status) {
    if (build) out.line(`${runningBuildLine(build)}\n`);
    out.line(describeOne(rows.find((r) => r.name === name)!, out.color));
    return 0;
  }
  const ups = pipeline.tasks.get(name)!.upstream.map((u) => byName.get(u)!);
  // With --no-lock (an exported step) a build holding the lock is no obstacle, unless it is running
  // this task or one it reads.
  const mine = [name, ...ups.map((u) => u.name)];
  if (build && (flags.lock !== false || mine.some((n) => n in build.running))) {
    throw busyBuild(build, name, ups.map((u) => u.name));
  }
  const issues = ups.map((u) => blocker(u, name)).filter((i): i is Issue => i !== undefined);
  if (issues.length) throw new UsageError(issues);
  const runs = flags.force || byName.get(name)!.decision.reasons.length > 0;
  for (const u of ups.filter((u) => u.outdated)) {
    const why = u.reasons.map(describeReason).join("; ");
    out.error(
      runs
        ? `warning: upstream "${u.name}" is outdated (${why}); "${name}" runs on its current products`
        : `warning: upstream "${u.name}" is outdated (${why}), but "${name}" is up to date with its current ` +
          `products, so it does not run\n  hint: \`plait build --partially ${name}\` updates "${u.name}" first; ` +
          `--force runs "${name}" as things are`,
    );
  }
  return await runBuild(
    ctx,
    {
      entry: flags.entry,
      force: flags.force,
      partially: name,
      skipUpstream: true,
      log: flags.log,
      python: flags.python,
      verbose: flags.verbose,
      lock: flags.lock,
    },
    "task",
    pipeline,
  );
}
