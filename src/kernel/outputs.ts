/** Builds nbformat v4 outputs from iopub messages, the way a notebook front end shows them. */
import type { NbOutput } from "./types.ts";

/** The iopub message types that are outputs (or change outputs). */
export const OUTPUT_TYPES: ReadonlySet<string> = new Set([
  "stream",
  "display_data",
  "execute_result",
  "error",
  "clear_output",
  "update_display_data",
]);

/**
 * Accumulates one execute request's outputs: consecutive streams of the same name merge,
 * `clear_output` (also with `wait`) and `update_display_data` (by display id) are applied.
 * Pass one `displays` registry to the collectors of a kernel's successive requests and an update
 * also reaches a display shown by an earlier request, in place, as in Jupyter (`display(...,
 * display_id=True)` in one cell, `handle.update(...)` in a later one).
 */
export class OutputCollector {
  #outputs: NbOutput[] = [];
  #clearOnNext = false;
  readonly #displays: Map<string, NbOutput[]>;

  constructor(displays: Map<string, NbOutput[]> = new Map()) {
    this.#displays = displays;
  }

  /** The outputs so far. */
  get outputs(): NbOutput[] {
    return this.#outputs;
  }

  /** Applies one iopub message; other message types are ignored. */
  add(msgType: string, content: Record<string, unknown>): void {
    if (msgType === "clear_output") {
      if (content.wait) this.#clearOnNext = true;
      else this.#clear();
      return;
    }
    if (msgType === "update_display_data") {
      for (const out of this.#displays.get(displayId(content) ?? "") ?? []) {
        out.data = content.data ?? {};
        out.metadata = content.metadata ?? {};
      }
      return;
    }
    const output = toOutput(msgType, content);
    if (!output) return;
    if (this.#clearOnNext) this.#clear();
    const last = this.#outputs[this.#outputs.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      last.text = String(last.text) + String(output.text);
      return;
    }
    this.#outputs.push(output);
    const id = displayId(content);
    if (id && (msgType === "display_data" || msgType === "execute_result")) {
      this.#displays.set(id, [...(this.#displays.get(id) ?? []), output]);
    }
  }

  #clear(): void {
    this.#outputs = [];
    this.#clearOnNext = false;
  }
}

function displayId(content: Record<string, unknown>): string | undefined {
  const transient = content.transient as Record<string, unknown> | undefined;
  return typeof transient?.display_id === "string" ? transient.display_id : undefined;
}

function toOutput(msgType: string, c: Record<string, unknown>): NbOutput | undefined {
  switch (msgType) {
    case "stream":
      return { output_type: "stream", name: c.name, text: c.text ?? "" };
    case "display_data":
      return { output_type: "display_data", data: c.data ?? {}, metadata: c.metadata ?? {} };
    case "execute_result":
      return {
        output_type: "execute_result",
        execution_count: c.execution_count ?? null,
        data: c.data ?? {},
        metadata: c.metadata ?? {},
      };
    case "error":
      return { output_type: "error", ename: c.ename, evalue: c.evalue, traceback: c.traceback ?? [] };
    default:
      return undefined;
  }
}
