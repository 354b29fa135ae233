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
} from "../source/mod.ts";
import { atomicWrite } from "../util/mod.ts";
import { extname, join } from "../util/path.ts";
import { computedParamLines, splitParams } from "./python_code.ts";
import { forwardOutput, notebookProduct, upstreamValues } from "./task_values.ts";

/**
 * Most characters of output a cell keeps in its notebook (and in memory) unless `outputLimit` says
 * otherwise: the first and the last 5 MB, with a note saying how much was left out between.
 */
export const DEFAULT_OUTPUT_LIMIT = 10_000_000;

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
  options: { outputLimit?: number } = {},
): Promise<RunResult> {
  const cells = await executionCells(pipeline, task);
  const executed: ExecutedCell[] = [];
  let failure: TaskFailure | undefined;
  for (const cell of cells) {
    if (cell.cellType !== "code" || failure || !cell.source.trim()) {
      executed.push(cell);
      continue;
    }
    const index = executed.length + 1;
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
        outputLimit: options.outputLimit ?? DEFAULT_OUTPUT_LIMIT,
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
    if (reply.status !== "ok") failure = cellFailure(reply, index);
  }
  await writeNotebook(pipeline, task, executed, kernel);
  if (!failure) return { ok: true };
  return { ok: false, failure: { ...failure, notebook: notebookProduct(task) } };
}

async function executionCells(pipeline: Pipeline, task: Task) {
  const source = await readTaskSource(task.sourcePath!);
  const { literal, computed } = splitParams(task.params);
  const values = { upstream: upstreamValues(pipeline, task), product: task.product, ...literal };
  return buildExecutionCells(source, values, computedParamLines(computed));
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
