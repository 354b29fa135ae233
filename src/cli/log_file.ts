import { UsageError } from "../errors/mod.ts";
import type { BuildEvent } from "../scheduler/mod.ts";
import { stripAnsi } from "../util/ansi.ts";
import type { LogLevel } from "./common.ts";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

/**
 * `--log-file PATH`: the build's events as timestamped lines (`2026-12-02T13:05:01Z INFO run clean`),
 * kept at `level` and above: DEBUG adds why each task runs, INFO task starts, ends and output, WARNING
 * skipped and interrupted tasks, ERROR failures with their traceback. Each line is appended as it
 * happens, so a build that is killed leaves its log up to that point.
 */
export class BuildLogFile implements Disposable {
  readonly #file: Deno.FsFile;
  readonly #min: number;
  readonly #partial = new Map<string, string>();
  readonly #enc = new TextEncoder();

  private constructor(file: Deno.FsFile, level: LogLevel) {
    this.#file = file;
    this.#min = RANK[level];
  }

  /** Opens (appends to) `path`; a path that cannot be written is a usage error. */
  static open(path: string, level: LogLevel = "info"): BuildLogFile {
    try {
      return new BuildLogFile(Deno.openSync(path, { append: true, create: true }), level);
    } catch (e) {
      throw new UsageError({
        message: `Cannot write the log file "${path}": ${(e as Error).message}`,
        hint: "pass --log-file a path in a folder that exists and you can write to",
      });
    }
  }

  #write(level: LogLevel, text: string): void {
    if (RANK[level] < this.#min) return;
    const at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const lines = text.split("\n").map((l) => `${at} ${level.toUpperCase()} ${l}\n`).join("");
    this.#file.writeSync(this.#enc.encode(lines));
  }

  /** Logs one build event. */
  handle(e: BuildEvent): void {
    switch (e.type) {
      case "build-start":
        return this.#write("info", `build: ${e.tasks.length} tasks, ${e.jobs} at once`);
      case "task-start":
        this.#write("info", `run ${e.name}`);
        if (e.reasons.length) this.#write("debug", `${e.name}: because ${e.reasons.join("; ")}`);
        return;
      case "task-output":
        return this.#output(e.name, e.output.text);
      case "task-end":
        return this.#end(e);
      case "build-end":
        return this.#write(
          e.summary.ok ? "info" : "error",
          `build ${e.summary.ok ? "ok" : e.summary.interrupted ? "interrupted" : "failed"} in ${
            e.summary.seconds.toFixed(2)
          } s`,
        );
    }
  }

  #output(name: string, text: string): void {
    const lines = ((this.#partial.get(name) ?? "") + text).split("\n");
    this.#partial.set(name, lines.pop()!);
    for (const l of lines) this.#write("info", `[${name}] ${l}`);
  }

  #end(e: Extract<BuildEvent, { type: "task-end" }>): void {
    const rest = this.#partial.get(e.name);
    if (rest) this.#write("info", `[${e.name}] ${rest}`);
    this.#partial.delete(e.name);
    if (e.outcome === "ran") this.#write("info", `done ${e.name} (${e.seconds.toFixed(2)} s)`);
    else if (e.outcome === "failed") {
      const tb = e.failure?.traceback && stripAnsi(e.failure.traceback.join("\n"));
      this.#write("error", `FAIL ${e.name}: ${e.failure?.message ?? ""}${tb ? `\n${tb}` : ""}`);
    } else if (e.outcome === "interrupted") this.#write("warning", `interrupted ${e.name}`);
    else if (e.outcome === "skipped") this.#write("warning", `skip ${e.name} (${e.reasons?.join("; ")})`);
    else this.#write("debug", `${e.name} is up to date`);
  }

  /** Closes the file. */
  [Symbol.dispose](): void {
    this.#file.close();
  }
}

/** Whether the terminal streams task output at this `--log` value (`true` or a level up to info). */
export function streamsOutput(log: boolean | LogLevel | undefined): boolean {
  return log === true || (typeof log === "string" && RANK[log] <= RANK.info);
}
