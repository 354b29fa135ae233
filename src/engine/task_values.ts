import type { Pipeline, Product, Task } from "../graph/mod.ts";
import type { RunContext } from "../scheduler/mod.ts";

/** The `upstream` mapping a task sees: key -> product, or key -> {task: product} for globs and grid groups. */
export function upstreamValues(
  pipeline: Pipeline,
  task: Task,
): Record<string, Product | Record<string, Product>> {
  const out: Record<string, Product | Record<string, Product>> = {};
  for (const ref of task.upstreamRefs) {
    out[ref.key] = ref.multi
      ? Object.fromEntries(ref.tasks.map((n) => [n, pipeline.tasks.get(n)!.product]))
      : pipeline.tasks.get(ref.tasks[0])!.product;
  }
  return out;
}

/**
 * The notebook product of a script task (`nb` of a named product, or the product itself); none for
 * a script run without a notebook (`notebook: false`, Ploomber's `ScriptRunner`).
 */
export function notebookProduct(task: Task): string | undefined {
  if (task.kind !== "notebook" || task.notebook === false) return undefined;
  return typeof task.product === "string" ? task.product : task.product.nb;
}

/** Sends a kernel's stream output to the build's listeners. */
export function forwardOutput(
  m: { msgType: string; content: Record<string, unknown> },
  ctx: RunContext,
): void {
  if (m.msgType === "stream") {
    ctx.onOutput({
      stream: m.content.name === "stderr" ? "stderr" : "stdout",
      text: String(m.content.text ?? ""),
    });
  }
}
