import { PlaitError } from "../errors/mod.ts";
import type { Pipeline, Task } from "../graph/mod.ts";
import type { ExecuteReply, Kernel } from "../kernel/mod.ts";
import type { RunContext, RunResult, TaskFailure } from "../scheduler/mod.ts";
import {
  buildExecutionCells,
  buildNotebook,
  type ExecutedCell,
  readTaskSource,
  renderNotebookHtml,
  serializeNotebook,
  type SourceCell,
  type TaskSource,
} from "../source/mod.ts";
import { atomicWrite } from "../util/mod.ts";
import { locateFailure } from "./failure_location.ts";
import { extname, join } from "../util/path.ts";
import { computedParamLines, splitParams } from "./python_code.ts";
import { forwardOutput, notebookProduct, upstreamValues } from "./task_values.ts";

/**
 * Runs a script or notebook cell by cell in `kernel`, after an injected-parameters cell, and
 * writes the executed notebook (partial on failure, interruption or kernel death) atomically to
 * the task's `nb` product.
 */
export async function runNotebookTask(
  pipeline: Pipeline,
  task: Task,
  kernel: Kernel,
  ctx: RunContext,
): Promise<RunResult> {
  const { cells, source } = await executionCells(pipeline, task);
  const executed: ExecutedCell[] = [];
  let failure: TaskFailure | undefined;
  const progress = cellProgress(cells, ctx);
  for (const cell of cells) {
    if (!runnable(cell) || failure) {
      executed.push(cell);
      continue;
    }
    const index = executed.length + 1;
    progress();
    if (ctx.signal.aborted) {
      failure = { message: `interrupted before cell ${index}`, cell: index };
      executed.push(cell);
      continue;
    }
    let reply: ExecuteReply;
    try {
      reply = await kernel.execute(cell.source, {
        signal: ctx.signal,
        onOutput: (m) => forwardOutput(m, ctx),
      });
    } catch (e) {
      failure = kernelFailure(e, index);
      executed.push(cell);
      continue;
    }
    executed.push({
      ...cell,
      outputs: reply.outputs,
      executionCount: reply.executionCount,
      startedAt: reply.startedAt,
      endedAt: reply.endedAt,
    });
    if (reply.status !== "ok") failure = locate(cellFailure(reply, index), pipeline.root, source, cell);
  }
  await writeNotebook(pipeline, task, executed, kernel);
  if (!failure) return { ok: true };
  return { ok: false, failure: { ...failure, notebook: notebookProduct(task) } };
}

function runnable(cell: ExecutedCell): boolean {
  return cell.cellType === "code" && cell.source.trim() !== "";
}

/** Tells the build, at each call, that the next code cell (1-based, of those that run) starts. */
function cellProgress(cells: readonly ExecutedCell[], ctx: RunContext): () => void {
  const total = cells.filter(runnable).length;
  let n = 0;
  return () => ctx.onProgress?.({ phase: "cell", cell: ++n, cells: total });
}

async function executionCells(pipeline: Pipeline, task: Task) {
  const source = await readTaskSource(task.sourcePath!);
  const { literal, computed } = splitParams(task.params);
  const values = { upstream: upstreamValues(pipeline, task), product: task.product, ...literal };
  return { cells: buildExecutionCells(source, values, computedParamLines(computed)), source };
}

/** Adds the user's file and line (mapped from the cell) and the user's frames to a cell failure. */
function locate(failure: TaskFailure, root: string, source: TaskSource, cell: SourceCell): TaskFailure {
  if (!failure.traceback) return failure;
  const located = locateFailure(failure.traceback, {
    root,
    cell: {
      sourcePath: source.path,
      format: source.format,
      line: cell.line,
      index: source.cells.indexOf(cell) + 1,
    },
  });
  return { ...failure, ...located };
}

function cellFailure(reply: ExecuteReply, cell: number): TaskFailure {
  if (!reply.error) return { message: `cell ${cell} was aborted`, cell };
  const { ename, evalue, traceback } = reply.error;
  return { message: `${ename}: ${evalue}`, ename, evalue, traceback, cell };
}

/** A kernel that died (or could not be spoken to) while running a cell, as a task failure. */
export function kernelFailure(e: unknown, cell?: number): TaskFailure {
  const issue = e instanceof PlaitError ? e.issues[0] : undefined;
  const text = issue?.message ?? (e instanceof Error ? e.message : String(e));
  return {
    message: text,
    traceback: issue?.hint ? issue.hint.split("\n") : undefined,
    cell,
  };
}

async function writeNotebook(pipeline: Pipeline, task: Task, cells: ExecutedCell[], kernel: Kernel) {
  const nbPath = notebookProduct(task)!;
  const nb = buildNotebook(cells, {
    kernelName: task.kernel,
    language: "python",
    languageVersion: kernel.info.languageVersion,
    taskName: task.name,
    params: task.params as Record<string, unknown>,
  });
  const text = extname(nbPath) === ".html" ? renderNotebookHtml(nb, task.name) : serializeNotebook(nb);
  await atomicWrite(join(pipeline.root, nbPath), text);
}
