import type { Pipeline, Product, Task } from "../graph/mod.ts";
import type { RunContext, TaskDisplay } from "../scheduler/mod.ts";

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
  } else if (DISPLAYS.has(m.msgType) && ctx.onDisplay) {
    const display = imageOf(m.content.data);
    if (display) ctx.onDisplay(display);
  }
}

const DISPLAYS = new Set(["display_data", "execute_result", "update_display_data"]);
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/svg+xml"] as const;
/** Images larger than this are left to the executed notebook (live views get small plots). */
const LIVE_IMAGE_LIMIT = 512 * 1024;

/** The first image of a display's mime bundle, if it is small enough to send live. */
function imageOf(data: unknown): TaskDisplay | undefined {
  if (!data || typeof data !== "object") return undefined;
  const bundle = data as Record<string, unknown>;
  for (const mime of IMAGE_TYPES) {
    const v = bundle[mime];
    const text = Array.isArray(v) ? v.join("") : v;
    if (typeof text === "string" && text.length <= LIVE_IMAGE_LIMIT) {
      return { mime, data: mime === "image/svg+xml" ? text : text.replace(/\s+/g, "") };
    }
  }
  return undefined;
}
