import { PlaitError } from "../errors/mod.ts";
import type { Pipeline, Task } from "../graph/mod.ts";
import type { ExecuteReply, Kernel } from "../kernel/mod.ts";
import type { RunContext, RunResult, TaskFailure } from "../scheduler/mod.ts";
import {
  buildExecutionCells,
  buildNotebook,
  type ExecutedCell,
  readTaskSource,
  serializeNotebook,
  type SourceCell,
  type TaskSource,
} from "../source/mod.ts";
import { atomicWrite } from "../util/mod.ts";
import { join } from "../util/path.ts";
import { locateFailure } from "./failure_location.ts";
import { checkConversion, type Conversion, conversionOf, convertNotebook } from "./nbconvert.ts";
import { executeWithin } from "./time_limit.ts";
import { computedParamLines, splitParams } from "./python_code.ts";
import { forwardOutput, notebookProduct, upstreamValues } from "./task_values.ts";

/**
 * Most characters of output a cell keeps in its notebook (and in memory) unless `outputLimit` says
 * otherwise: the first and the last 5 MB, with a note saying how much was left out between.
 */
export const DEFAULT_OUTPUT_LIMIT = 10_000_000;

/**
 * Runs a script or notebook cell by cell in `kernel`, after an injected-parameters cell, each cell
 * within the task's `timeout`, and writes the executed notebook (partial on failure, interruption
 * or kernel death) atomically to the task's `nb` product: as `.ipynb`, or converted by nbconvert
 * in the kernel's Python (`.html`, `.md`, `.pdf`, ...), whose readiness is checked before any cell runs.
 * A script run without a notebook (`notebook: false`) writes none.
 */
export async function runNotebookTask(
  pipeline: Pipeline,
  task: Task,
  kernel: Kernel,
  ctx: RunContext,
  options: { outputLimit?: number } = {},
): Promise<RunResult> {
  const nbPath = notebookProduct(task);
  const conversion = nbPath ? conversionOf(task, nbPath) : undefined;
  if (conversion && "failure" in conversion) return { ok: false, failure: conversion.failure };
  if (conversion?.kind === "nbconvert") {
    const failure = await checkConversion(kernel.info.python, conversion, nbPath!);
    if (failure) return { ok: false, failure };
  }
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
    if (ctx.signal.aborted) {
      failure = { message: `interrupted before cell ${index}`, cell: index };
      executed.push(cell);
      continue;
    }
    progress();
    const ran = await runCell(kernel, cell, index, task, ctx, options.outputLimit);
    executed.push(ran.cell);
    failure = ran.failure && locate(ran.failure, pipeline.root, source, cell);
  }
  if (nbPath && conversion) {
    const target = { path: nbPath, conversion, ctx };
    const unconverted = await writeNotebook(pipeline, task, executed, kernel, target);
    if (unconverted) {
      return { ok: false, failure: { ...(failure ?? unconverted), notebook: unconverted.notebook } };
    }
  }
  if (!failure) return { ok: true };
  return { ok: false, failure: { ...failure, notebook: nbPath } };
}

/**
 * Runs one cell within the task's `timeout` (see {@link executeWithin}): the executed cell, and the
 * failure it caused, if any.
 */
async function runCell(
  kernel: Kernel,
  cell: SourceCell,
  index: number,
  task: Task,
  ctx: RunContext,
  outputLimit = DEFAULT_OUTPUT_LIMIT,
): Promise<{ cell: ExecutedCell; failure?: TaskFailure }> {
  const { reply, error, timedOut } = await executeWithin(kernel, cell.source, {
    signal: ctx.signal,
    onOutput: (m) => forwardOutput(m, ctx),
    seconds: task.timeout,
    outputLimit,
  });
  const ran: ExecutedCell = reply
    ? {
      ...cell,
      outputs: reply.outputs,
      executionCount: reply.executionCount,
      startedAt: reply.startedAt,
      endedAt: reply.endedAt,
    }
    : cell;
  if (timedOut) {
    return { cell: ran, failure: { message: timeLimitMessage(`cell ${index}`, task), cell: index } };
  }
  if (!reply) return { cell: ran, failure: kernelFailure(error, index) };
  return { cell: ran, failure: reply.status === "ok" ? undefined : cellFailure(reply, index) };
}

/** Why a task failed that ran out of time. */
export function timeLimitMessage(what: string, task: Task): string {
  return `${what} exceeded the task's time limit of ${task.timeout} s (timeout / papermill execution_timeout)`;
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

interface NotebookTarget {
  path: string;
  conversion: Conversion;
  ctx: RunContext;
}

/**
 * Writes the executed notebook to its product: `.ipynb` JSON, or nbconvert's output. When the
 * conversion fails, the notebook is kept as `<product>.ipynb` (named in the failure) for debugging.
 */
async function writeNotebook(
  pipeline: Pipeline,
  task: Task,
  cells: ExecutedCell[],
  kernel: Kernel,
  target: NotebookTarget,
): Promise<TaskFailure | undefined> {
  const nb = buildNotebook(cells, {
    kernelName: task.kernel,
    language: "python",
    languageVersion: kernel.info.languageVersion,
    taskName: task.name,
    params: task.params as Record<string, unknown>,
  });
  const dst = join(pipeline.root, target.path);
  if (target.conversion.kind === "ipynb") {
    await atomicWrite(dst, serializeNotebook(nb));
    return undefined;
  }
  // A dead kernel refuses the request at once, and the conversion runs in a process of its own.
  const json = serializeNotebook(nb);
  const failure = await convertNotebook(json, dst, target.conversion, {
    kernel: target.ctx.signal.aborted ? undefined : kernel,
    python: kernel.info.python,
  });
  if (!failure) return undefined;
  await atomicWrite(`${dst}.ipynb`, json);
  return { ...failure, notebook: `${target.path}.ipynb` };
}
