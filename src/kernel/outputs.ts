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

/** Options for {@link OutputCollector}. */
export interface OutputLimitOptions {
  /**
   * Most characters of output one request keeps (0 or absent: no limit): the first half as it
   * comes, then the last half in a ring; what falls out in between is replaced by one note, and a
   * single rich output larger than half the limit (a 50 MB image) by a note naming its size.
   */
  limit?: number;
}

/**
 * Accumulates one execute request's outputs: consecutive streams of the same name merge,
 * `clear_output` (also with `wait`) and `update_display_data` (by display id) are applied.
 * Pass one `displays` registry to the collectors of a kernel's successive requests and an update
 * also reaches a display shown by an earlier request, in place, as in Jupyter (`display(...,
 * display_id=True)` in one cell, `handle.update(...)` in a later one). With a `limit`, memory stays
 * bounded whatever the task prints (see {@link OutputLimitOptions}).
 */
export class OutputCollector {
  #head: NbOutput[] = [];
  #headSize = 0;
  /** After the head is full: the latest outputs, at most half the limit; older ones fall out. */
  #tail: NbOutput[] = [];
  #tailSize = 0;
  /** The text of a tail stream output as chunks: trimming its start then never copies the rest. */
  #chunks = new Map<NbOutput, string[]>();
  #dropped = 0;
  #clearOnNext = false;
  readonly #displays: Map<string, NbOutput[]>;
  readonly #half: number;

  constructor(displays: Map<string, NbOutput[]> = new Map(), options: OutputLimitOptions = {}) {
    this.#displays = displays;
    this.#half = options.limit ? Math.max(1, Math.floor(options.limit / 2)) : Infinity;
  }

  /** The outputs so far (with a note where some were left out). */
  get outputs(): NbOutput[] {
    if (!this.#dropped && !this.#tail.length) return this.#head;
    const note = this.#dropped ? [truncationNote(this.#dropped, this.#half * 2)] : [];
    for (const [out, chunks] of this.#chunks) out.text = chunks.join("");
    return [...this.#head, ...note, ...this.#tail];
  }

  /** Applies one iopub message; other message types are ignored. */
  add(msgType: string, content: Record<string, unknown>): void {
    if (msgType === "clear_output") {
      if (content.wait) this.#clearOnNext = true;
      else this.#clear();
      return;
    }
    if (msgType === "update_display_data") {
      const data = this.#capped(content.data ?? {});
      for (const out of this.#displays.get(displayId(content) ?? "") ?? []) {
        out.data = data;
        out.metadata = content.metadata ?? {};
      }
      return;
    }
    const output = toOutput(msgType, content);
    if (!output) return;
    if (this.#clearOnNext) this.#clear();
    if (output.output_type === "stream" && typeof content.plait_left_out === "number") {
      // One huge message the wire layer already cut (see `cutStreamContent`): start, gap, end.
      this.#addStream(output);
      this.#headSize = Math.max(this.#headSize, this.#half);
      this.#dropped += content.plait_left_out;
      return this.#addStream({ ...output, text: String(content.plait_tail ?? "") });
    }
    if (output.output_type === "stream") return this.#addStream(output);
    if (output.data) output.data = this.#capped(output.data);
    this.#push(output, sizeOf(output));
    const id = displayId(content);
    if (id && (msgType === "display_data" || msgType === "execute_result")) {
      this.#displays.set(id, [...(this.#displays.get(id) ?? []), output]);
    }
  }

  #addStream(output: NbOutput): void {
    const text = String(output.text);
    const list = this.#tail.length || this.#headSize >= this.#half ? this.#tail : this.#head;
    const last = list[list.length - 1];
    if (last?.output_type === "stream" && last.name === output.name) {
      if (list === this.#head) {
        const room = this.#half - this.#headSize;
        last.text = String(last.text) + text.slice(0, room);
        this.#headSize += Math.min(room, text.length);
        if (text.length > room) this.#addStream({ ...output, text: text.slice(room) });
        return;
      }
      this.#chunks.get(last)!.push(text);
      this.#tailSize += text.length;
      return this.#trimTail();
    }
    this.#push(output, text.length);
  }

  #push(output: NbOutput, size: number): void {
    if (!this.#tail.length && this.#headSize + size <= this.#half) {
      this.#head.push(output);
      this.#headSize += size;
      return;
    }
    if (output.output_type === "stream" && !this.#tail.length && this.#headSize < this.#half) {
      const room = this.#half - this.#headSize;
      this.#head.push({ ...output, text: String(output.text).slice(0, room) });
      this.#headSize = this.#half;
      output = { ...output, text: String(output.text).slice(room) };
      size -= room;
    }
    this.#headSize = Math.max(this.#headSize, this.#half); // the head is closed from now on
    if (output.output_type === "stream") this.#chunks.set(output, [String(output.text)]);
    this.#tail.push(output);
    this.#tailSize += size;
    this.#trimTail();
  }

  /** Drops the oldest tail outputs (or the start of the oldest stream's text) beyond half the limit. */
  #trimTail(): void {
    while (this.#tailSize > this.#half && this.#tail.length) {
      const first = this.#tail[0];
      const chunks = this.#chunks.get(first);
      const excess = this.#tailSize - this.#half;
      if (chunks && chunks[0].length > excess) {
        chunks[0] = chunks[0].slice(excess);
        this.#tailSize -= excess;
        this.#dropped += excess;
        return;
      }
      if (chunks && chunks.length > 1) {
        const gone = chunks.shift()!.length;
        this.#tailSize -= gone;
        this.#dropped += gone;
        continue;
      }
      const size = chunks ? chunks[0].length : sizeOf(first);
      this.#chunks.delete(first);
      this.#tail.shift();
      this.#tailSize -= size;
      this.#dropped += size;
    }
  }

  /** Rich output data, or a note in its place when it alone is larger than half the limit. */
  #capped(data: unknown): Record<string, unknown> {
    const size = sizeOf({ data });
    if (size <= this.#half) return (data ?? {}) as Record<string, unknown>;
    const kinds = Object.keys(data as Record<string, unknown>).join(", ");
    return {
      "text/plain": `[plait left out an output of ${formatSize(size)} (${kinds}): larger than half ` +
        `the output limit of ${formatSize(this.#half * 2)} a cell; raise it with --output-limit]`,
    };
  }

  #clear(): void {
    this.#head = [];
    this.#tail = [];
    this.#chunks.clear();
    this.#headSize = this.#tailSize = this.#dropped = 0;
    this.#clearOnNext = false;
  }
}

/** Characters an output holds: stream text, or the sum of its data values. */
function sizeOf(output: NbOutput): number {
  if (output.output_type === "stream") return String(output.text).length;
  let n = 0;
  for (const v of Object.values((output.data ?? {}) as Record<string, unknown>)) {
    n += typeof v === "string" ? v.length : Array.isArray(v) ? v.join("").length : JSON.stringify(v).length;
  }
  if (output.output_type === "error") n += JSON.stringify(output.traceback ?? []).length;
  return n;
}

/** `12.3 MB` (decimal units, as `--output-limit` takes them). */
export function formatSize(chars: number): string {
  if (chars >= 1e6) return `${(chars / 1e6).toFixed(1)} MB`;
  if (chars >= 1e3) return `${(chars / 1e3).toFixed(1)} kB`;
  return `${chars} B`;
}

function truncationNote(dropped: number, limit: number): NbOutput {
  return {
    output_type: "stream",
    name: "stderr",
    text: `\n[plait left out ${formatSize(dropped)} of output here: the notebook keeps the first and the ` +
      `last ${formatSize(limit / 2)} of a cell's output; raise the limit with --output-limit]\n`,
  };
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
