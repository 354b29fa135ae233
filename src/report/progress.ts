import type { BuildEvent, TaskProgress } from "../scheduler/mod.ts";
import { clock, fitWidth } from "./_text.ts";
import { makeStyle, type Style } from "./style.ts";

/** Options for {@link ProgressView}. */
export interface ProgressOptions {
  /** Writes text to the terminal (no newline added). */
  write: (text: string) => void;
  /**
   * A terminal: keep a live block (one line per running task with its clock and cell, done/total
   * and an ETA), redrawn about once a second and erased at the end. Otherwise plain lines, no
   * control codes.
   */
  live: boolean;
  color: boolean;
  /** Stream each task's output, prefixed by its name. */
  log: boolean;
  /** Terminal width in columns (live lines are cut to fit). Default: the console's, else 80. */
  columns?: () => number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  /** Redraw interval of the live block in milliseconds (default 1000). */
  tickMs?: number;
}

/** Running tasks shown in the live block, the last row saying how many more run. */
const MAX_ROWS = 12;

interface Running {
  start: number;
  progress?: TaskProgress;
}

/** The console's width, or 80 when there is none. */
function consoleColumns(): number {
  try {
    return Deno.consoleSize().columns || 80;
  } catch {
    return 80;
  }
}

/** Turns build events into progress on a terminal or plain log lines. */
export class ProgressView {
  readonly #o: ProgressOptions;
  readonly #s: Style;
  readonly #now: () => number;
  readonly #running = new Map<string, Running>();
  readonly #partial = new Map<string, string>();
  /** Last recorded run time per task, for the ETA. */
  #estimates: Readonly<Record<string, number>> = {};
  #pending = new Set<string>();
  #jobs = 1;
  #total = 0;
  #settled = 0;
  #shownLines = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ProgressOptions) {
    this.#o = options;
    this.#s = makeStyle(options.color);
    this.#now = options.now ?? (() => performance.now());
  }

  /** Handles one event. */
  handle(e: BuildEvent): void {
    switch (e.type) {
      case "build-start":
        this.#start(e);
        break;
      case "task-start":
        this.#running.set(e.name, { start: this.#now() });
        if (!this.#o.live) this.#line(this.#startLine(e.name, e.reasons));
        break;
      case "task-progress": {
        const r = this.#running.get(e.name);
        if (r) r.progress = e.progress;
        break;
      }
      case "task-output":
        if (this.#o.log) this.#output(e.name, e.output.text);
        return;
      case "task-end":
        this.#settled++;
        this.#running.delete(e.name);
        this.#pending.delete(e.name);
        if (!this.#o.live) this.#endLine(e);
        break;
      case "build-end":
        this.stop();
        return;
    }
    this.#draw();
  }

  /** Stops redrawing and erases the live block (idempotent). */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#erase();
  }

  #start(e: Extract<BuildEvent, { type: "build-start" }>): void {
    this.#total = e.tasks.length;
    this.#jobs = Math.max(1, e.jobs);
    this.#pending = new Set(e.tasks);
    this.#estimates = e.estimates ?? {};
    if (this.#o.live && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#draw(), this.#o.tickMs ?? 1000);
    }
  }

  #startLine(name: string, reasons: readonly string[]): string {
    const s = this.#s;
    return `${s.cyan("run")}  ${name}${reasons.length ? s.dim(` (${reasons.join("; ")})`) : ""}`;
  }

  #endLine(e: Extract<BuildEvent, { type: "task-end" }>): void {
    const s = this.#s;
    if (e.outcome === "ran") {
      const wait = (e.kernelSeconds ?? 0) >= 0.005 ? ` + ${e.kernelSeconds!.toFixed(2)} s kernel` : "";
      this.#line(`${s.green("done")} ${e.name} ${s.dim(`${e.seconds.toFixed(2)} s${wait}`)}`);
    } else if (e.outcome === "failed" || e.outcome === "interrupted") {
      const head = e.outcome === "failed" ? "FAIL" : "INT ";
      this.#line(`${s.red(head)} ${e.name}: ${e.failure?.message.split("\n")[0] ?? ""}`);
    } else if (e.outcome === "skipped") {
      this.#line(`${s.yellow("skip")} ${e.name} ${s.dim(`(${e.reasons?.join("; ")})`)}`);
    }
  }

  #output(name: string, text: string): void {
    const buf = (this.#partial.get(name) ?? "") + text;
    const lines = buf.split("\n");
    this.#partial.set(name, lines.pop()!);
    for (const l of lines) this.#line(`${this.#s.dim(`[${name}]`)} ${l}`);
    this.#draw();
  }

  /** A permanent line, above the live block. */
  #line(text: string): void {
    this.#erase();
    this.#o.write(`${text}\n`);
  }

  #erase(): void {
    if (!this.#shownLines) return;
    // Up to the block's first line, then clear to the end of the screen.
    const up = this.#shownLines - 1;
    this.#o.write(`\r${up ? `\x1b[${up}A` : ""}\x1b[J`);
    this.#shownLines = 0;
  }

  #draw(): void {
    if (!this.#o.live || this.#total === 0) return;
    const lines = this.#block();
    const width = Math.max(20, (this.#o.columns ?? consoleColumns)() - 1);
    this.#erase();
    this.#o.write(lines.map((l) => fitWidth(l, width)).join("\n"));
    this.#shownLines = lines.length;
  }

  #block(): string[] {
    const s = this.#s;
    const now = this.#now();
    const eta = this.#eta(now);
    const head = `[${this.#settled}/${this.#total}]${eta === undefined ? "" : ` ETA ${clock(eta)}`}`;
    const names = [...this.#running.keys()];
    const pad = Math.max(0, ...names.map((n) => n.length));
    const rows = names.map((n) => {
      const r = this.#running.get(n)!;
      const where = r.progress?.phase === "cell"
        ? `cell ${r.progress.cell}/${r.progress.cells}`
        : r.progress?.phase === "kernel"
        ? "starting kernel"
        : "";
      return `  ${s.cyan(n.padEnd(pad))}  ${clock((now - r.start) / 1000)}  ${s.dim(where)}`.trimEnd();
    });
    // A block taller than a screen would scroll and could not be erased: at most MAX_ROWS tasks.
    if (rows.length > MAX_ROWS) {
      rows.splice(MAX_ROWS - 1, rows.length, s.dim(`  +${rows.length - MAX_ROWS + 1} more`));
    }
    return [s.bold(head), ...rows];
  }

  /** Seconds left from the last recorded run times of what is still to run, spread over the jobs. */
  #eta(now: number): number | undefined {
    let left = 0;
    let known = false;
    for (const n of this.#pending) {
      const est = this.#estimates[n];
      if (est === undefined) continue;
      known = true;
      const r = this.#running.get(n);
      left += r ? Math.max(0, est - (now - r.start) / 1000) : est;
    }
    return known ? left / Math.min(this.#jobs, Math.max(1, this.#pending.size)) : undefined;
  }
}
