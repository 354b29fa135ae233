import {
  describeReason,
  readRunningBuild,
  type RunningBuild,
  StateStore,
  type TaskState,
  type TaskStatus,
  taskStatus,
} from "../cache/mod.ts";
import { evaluateComputedParams, interpreterIdentity } from "../engine/mod.ts";
import { formatLocation } from "../errors/mod.ts";
import { type Pipeline, productPaths, type Task } from "../graph/mod.ts";
import { type ColumnFit, fitTable, makeStyle } from "../report/mod.ts";
import {
  docSummary,
  functionDocstring,
  loadPythonGrammar,
  parseTaskSourceText,
  readSourceText,
  sourceDoc,
} from "../source/mod.ts";
import { isAbsolute, relative } from "../util/path.ts";
import { type CliContext, load, out } from "./common.ts";

/** Flags of `status`. */
export interface StatusFlags {
  entry?: string;
  why?: boolean;
  json?: boolean;
  /** Full width even on a terminal. */
  wide?: boolean;
}

/** One task's status as `status` shows it (and `--json` prints it: these keys are stable). */
export interface StatusRow {
  name: string;
  /** ISO time the last run ended (successful or not), or null when it never ran. */
  lastRun: string | null;
  /** How the last run ended. */
  lastResult: "ok" | "failed" | "interrupted" | "unreadable" | "never" | "running";
  /** Seconds the last successful run took. */
  durationS: number | null;
  /** True when a build would run it. */
  outdated: boolean;
  /** Why it is outdated, in words (`source changed`, `upstream "load" outdated`). */
  reasons: string[];
  /** When up to date thanks to an earlier run than the last (a configuration switched back to): when that run finished. */
  matchesRun: string | null;
  /** Product paths, relative to the pipeline folder. */
  products: string[];
  /** The first line of the task's doc. */
  doc: string | null;
  /** Where the task's code is: a path relative to the pipeline folder, a dotted path, or the TypeScript definition. */
  source: string;
}

function lastRunOf(state: TaskState | undefined): Pick<StatusRow, "lastRun" | "lastResult" | "durationS"> {
  if (!state) return { lastRun: null, lastResult: "never", durationS: null };
  if (state.status === "ok") {
    return { lastRun: state.record.finishedAt, lastResult: "ok", durationS: state.record.durationS };
  }
  if (state.status === "failed") {
    return { lastRun: state.at, lastResult: state.interrupted ? "interrupted" : "failed", durationS: null };
  }
  return { lastRun: null, lastResult: "unreadable", durationS: null };
}

/** Where a task's code is, for people: `tasks/clean.py`, `tasks.features.sepal`, `TypeScript (pipeline.ts:12)`. */
export function sourceLabel(pipeline: Pipeline, task: Task): string {
  if (task.dottedPath) return task.dottedPath;
  if (task.sourcePath) return relative(pipeline.root, task.sourcePath);
  const file = task.location.file && isAbsolute(task.location.file)
    ? relative(pipeline.root, task.location.file)
    : task.location.file;
  const where = formatLocation({ file, line: task.location.line });
  return where ? `TypeScript (${where})` : "TypeScript";
}

/**
 * Every task's doc: its `doc` option, else, as Ploomber does, its script's or notebook's first cell
 * when that is markdown or a docstring, or its Python function's docstring. A source that cannot be
 * read has none here (the build reports it). The Python grammar is loaded only for functions.
 */
export async function taskDocs(pipeline: Pipeline): Promise<Map<string, string | undefined>> {
  const docs = new Map<string, string | undefined>();
  const functions: Task[] = [];
  for (const task of pipeline.tasks.values()) {
    if (task.doc !== undefined) docs.set(task.name, task.doc);
    else if (task.dottedPath) functions.push(task);
    else if (task.kind === "notebook" && task.sourcePath) docs.set(task.name, scriptDoc(task.sourcePath));
  }
  if (functions.length) await loadPythonGrammar();
  for (const task of functions) docs.set(task.name, functionDoc(task));
  return docs;
}

function scriptDoc(sourcePath: string): string | undefined {
  try {
    return sourceDoc(parseTaskSourceText(readSourceText(sourcePath), sourcePath));
  } catch {
    return undefined;
  }
}

/** The docstring of a function task's function, in the module file graph's classify already found. */
function functionDoc(task: Task): string | undefined {
  try {
    return functionDocstring(readSourceText(task.sourcePath!), task.dottedPath!.split(".").pop()!);
  } catch {
    return undefined;
  }
}

/** A status row from a task's status. */
export function statusRow(pipeline: Pipeline, status: TaskStatus, doc?: string): StatusRow {
  const task = pipeline.tasks.get(status.name)!;
  return {
    name: status.name,
    ...lastRunOf(status.state),
    outdated: status.outdated,
    reasons: status.reasons.map(describeReason),
    matchesRun: status.matchesRun ?? null,
    products: productPaths(task.product),
    doc: docSummary(doc) ?? null,
    source: sourceLabel(pipeline, task),
  };
}

/** Every task's status and row, in the pipeline's order, plus warnings about unreadable state. */
export interface CollectedStatus {
  statuses: TaskStatus[];
  rows: StatusRow[];
  warnings: readonly string[];
  /** The build holding the project's lock now, if any (its running tasks show as `running`). */
  build?: RunningBuild;
}

/**
 * Reads `.plait/` state and judges every task, as a build would. Starts no kernel (computed params
 * are called, in one Python process, as a build calls them).
 */
export async function collectStatus(loaded: Pipeline): Promise<CollectedStatus> {
  const [store, interpreter, pipeline] = await Promise.all([
    StateStore.open(loaded.root),
    interpreterIdentity(loaded),
    evaluateComputedParams(loaded),
  ]);
  const [statuses, docs, build] = await Promise.all([
    taskStatus(pipeline, store, { interpreter }),
    taskDocs(pipeline),
    readRunningBuild(loaded.root),
  ]);
  const rows = statuses.map((s) => statusRow(pipeline, s, docs.get(s.name)));
  for (const row of rows) {
    const since = build?.running[row.name];
    if (since) Object.assign(row, { lastResult: "running", lastRun: since, durationS: null });
  }
  return { statuses, rows, warnings: store.warnings, build };
}

/** `3 s ago`, `5 min ago`, `2 h ago`, `4 d ago`; `never` for null. */
export function relativeTime(iso: string | null, now: number): string {
  if (iso === null) return "never";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(s)) return "unknown";
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** Options for {@link formatStatusTable}. */
export interface StatusTableOptions {
  /** Every reason in full, instead of a short summary. */
  why?: boolean;
  color?: boolean;
  /** Current time in ms (for `3 min ago`). */
  now: number;
  /** Terminal width to fit (the doc column goes first, paths are cut in the middle); undefined: full width. */
  width?: number;
}

function lastRunText(row: StatusRow, now: number): string {
  const when = relativeTime(row.lastRun, now);
  if (row.lastResult === "failed" || row.lastResult === "interrupted") return `${row.lastResult} ${when}`;
  if (row.lastResult === "running") return `running (started ${when})`;
  return row.lastResult === "unreadable" ? "unreadable" : when;
}

/** `2026-12-02 13:05 UTC` from an ISO time. */
function runDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Reasons in a few words: `source changed, 3 upstream outdated`. */
export function shortWhy(reasons: readonly string[]): string {
  const upstream = new Map<string, number>();
  const other: string[] = [];
  for (const r of reasons) {
    const m = /^upstream "[^"]*" (.+)$/.exec(r);
    if (m) upstream.set(m[1], (upstream.get(m[1]) ?? 0) + 1);
    else other.push(r.replace(/ \(.*\)$/, ""));
  }
  return [...other, ...[...upstream].map(([change, n]) => `${n} upstream ${change}`)].join(", ");
}

/** The `status` table, then a one-line verdict. */
export function formatStatusTable(rows: readonly StatusRow[], opts: StatusTableOptions): string {
  const s = makeStyle(!!opts.color);
  const header = ["task", "last run", "outdated", "why", "products", "doc", "source"];
  const full = opts.why && opts.width === undefined;
  const body = rows.map((r) => [
    r.name,
    r.lastResult === "failed" || r.lastResult === "interrupted"
      ? s.red(lastRunText(r, opts.now))
      : lastRunText(r, opts.now),
    r.outdated ? s.yellow("yes") : s.green("no"),
    full
      ? r.reasons.join("; ") || (r.matchesRun ? `matches the run of ${runDate(r.matchesRun)}` : "")
      : shortWhy(r.reasons),
    opts.width === undefined || r.products.length < 2
      ? r.products.join(", ")
      : `${r.products[0]} +${r.products.length - 1}`,
    r.doc ?? "",
    s.dim(r.source),
  ]);
  const outdated = rows.filter((r) => r.outdated).length;
  const n = rows.length;
  const verdict = outdated === 0
    ? n === 1 ? "The task is up to date." : `All ${n} tasks are up to date.`
    : `${outdated} of ${n} task${n === 1 ? "" : "s"} outdated: \`plait build\` runs ${
      outdated === 1 ? "it" : "them"
    }${opts.why ? "" : " (add --why for every reason)"}.`;
  const fit: ColumnFit[] = ["keep", "keep", "keep", "end", "middle", "drop", "middle"];
  return `${fitTable(header, body, { width: opts.width, fit })}\n\n${verdict}`;
}

/** `status`: a table of every task (or a JSON array with `--json`). Reads `.plait/` state; starts no kernel. */
export async function runStatus(ctx: CliContext, flags: StatusFlags): Promise<number> {
  const { pipeline } = await load(ctx, flags.entry);
  const { rows, warnings, build } = await collectStatus(pipeline);
  for (const w of warnings) out.error(`warning: ${w}`);
  if (build && !flags.json) out.line(`${runningBuildLine(build)}\n`);
  if (flags.json) out.line(JSON.stringify(rows, null, 2));
  else {
    const width = flags.wide || !out.isTerminal ? undefined : out.columns();
    out.line(formatStatusTable(rows, { why: flags.why, color: out.color, now: Date.now(), width }));
  }
  return 0;
}

/** `A build is running (pid 123, started 4 s ago): 1 task running now.` */
export function runningBuildLine(build: RunningBuild, now = Date.now()): string {
  const n = Object.keys(build.running).length;
  const what = build.command.split(" ")[0] === "task" ? "`plait task`" : "build";
  return `A ${what} is running (pid ${build.pid}, started ${relativeTime(build.startedAt, now)}): ` +
    `${n} task${n === 1 ? "" : "s"} running now.`;
}
