import type { BuildEvent } from "../scheduler/mod.ts";
import { makeStyle, type Style } from "./style.ts";

/** Options for {@link ProgressView}. */
export interface ProgressOptions {
  /** Writes text to the terminal (no newline added). */
  write: (text: string) => void;
  /** A terminal: keep one live status line; otherwise print plain lines. */
  live: boolean;
  color: boolean;
  /** Stream each task's output, prefixed by its name. */
  log: boolean;
  now?: () => number;
}

/** Turns build events into progress on a terminal or plain log lines. */
export class ProgressView {
  readonly #o: ProgressOptions;
  readonly #s: Style;
  readonly #running = new Map<string, number>();
  #total = 0;
  #settled = 0;
  #statusShown = false;
  readonly #partial = new Map<string, string>();

  constructor(options: ProgressOptions) {
    this.#o = options;
    this.#s = makeStyle(options.color);
  }

  /** Handles one event. */
  handle(e: BuildEvent): void {
    const s = this.#s;
    const now = this.#o.now ?? (() => performance.now());
    switch (e.type) {
      case "build-start":
        this.#total = e.tasks.length;
        break;
      case "task-start":
        this.#running.set(e.name, now());
        this.#line(
          `${s.cyan("run")}  ${e.name}${e.reasons.length ? s.dim(` (${e.reasons.join("; ")})`) : ""}`,
        );
        break;
      case "task-output":
        if (this.#o.log) this.#output(e.name, e.output.text);
        break;
      case "task-end":
        this.#settled++;
        this.#running.delete(e.name);
        if (e.outcome === "ran") {
          this.#line(`${s.green("done")} ${e.name} ${s.dim(`${e.seconds.toFixed(2)} s`)}`);
        } else if (e.outcome === "failed" || e.outcome === "interrupted") {
          this.#line(
            `${s.red(e.outcome === "failed" ? "FAIL" : "INT ")} ${e.name}: ${e.failure?.message ?? ""}`,
          );
        } else if (e.outcome === "skipped") {
          this.#line(`${s.yellow("skip")} ${e.name} ${s.dim(`(${e.reasons?.join("; ")})`)}`);
        }
        break;
      case "build-end":
        this.#clearStatus();
        return;
    }
    this.#status();
  }

  #output(name: string, text: string): void {
    const buf = (this.#partial.get(name) ?? "") + text;
    const lines = buf.split("\n");
    this.#partial.set(name, lines.pop()!);
    for (const l of lines) this.#line(`${this.#s.dim(`[${name}]`)} ${l}`);
  }

  #clearStatus(): void {
    if (this.#statusShown) this.#o.write("\r\x1b[2K");
    this.#statusShown = false;
  }

  #line(text: string): void {
    this.#clearStatus();
    this.#o.write(`${text}\n`);
  }

  #status(): void {
    if (!this.#o.live) return;
    this.#clearStatus();
    const names = [...this.#running.keys()];
    const shown = names.slice(0, 3).join(", ") + (names.length > 3 ? ` +${names.length - 3}` : "");
    this.#o.write(this.#s.dim(`[${this.#settled}/${this.#total}] ${names.length ? `running ${shown}` : ""}`));
    this.#statusShown = true;
  }
}
