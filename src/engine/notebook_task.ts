import type { Pipeline, Task } from "../graph/mod.ts";
import type { Kernel } from "../kernel/mod.ts";
import type { RunContext, RunResult } from "../scheduler/mod.ts";
import {
  buildExecutionCells,
  buildNotebook,
  type ExecutedCell,
  INJECTED_TAG,
  readTaskSource,
  renderNotebookHtml,
  serializeNotebook,
} from "../source/mod.ts";
import { atomicWrite } from "../util/mod.ts";
import { extname, join } from "../util/path.ts";
import { computedParamLines, splitParams } from "./python_code.ts";
import { forwardOutput, notebookProduct, upstreamValues } from "./task_values.ts";

/**
 * Runs a script or notebook cell by cell in `kernel`, after an injected-parameters cell, and
 * writes the executed notebook (partial on failure) atomically to the task's `nb` product.
 */
export async function runNotebookTask(pipeline: Pipeline, task: Task, kernel: Kernel, ctx: RunContext): Promise<RunResult> {
  const source = await readTaskSource(task.sourcePath!);
  const { literal, computed } = splitParams(task.params);
  const cells = buildExecutionCells(source, { upstream: upstreamValues(pipeline, task), product: task.product, ...literal });
  if (computed.length) {
    const inj = cells.find((c) => c.tags.includes(INJECTED_TAG))!;
    inj.source += `\n${computedParamLines(computed)}`;
  }
  const executed: ExecutedCell[] = [];
  let result: RunResult = { ok: true };
  for (const cell of cells) {
    if (cell.cellType !== "code" || !result.ok || !cell.source.trim()) {
      executed.push(cell);
      continue;
    }
    const reply = await kernel.execute(cell.source, { signal: ctx.signal, onOutput: (m) => forwardOutput(m, ctx) });
    executed.push({ ...cell, outputs: reply.outputs, executionCount: reply.executionCount, startedAt: reply.startedAt, endedAt: reply.endedAt });
    if (reply.status !== "ok") {
      const nb = notebookProduct(task);
      result = {
        ok: false,
        failure: {
          message: reply.error ? `${reply.error.ename}: ${reply.error.evalue}` : `cell ${executed.length} was aborted`,
          ...reply.error,
          notebook: nb,
          cell: executed.length,
        },
      };
    }
  }
  await writeNotebook(pipeline, task, executed, kernel);
  return result;
}

async function writeNotebook(pipeline: Pipeline, task: Task, cells: ExecutedCell[], kernel: Kernel): Promise<void> {
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
