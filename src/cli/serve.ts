import { resolveKernelSpec } from "../kernel/mod.ts";
import { describeReason, StateStore, taskStatus } from "../cache/mod.ts";
import { interpreterIdentity } from "../engine/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import {
  type PlaitServer,
  type ServeGraph,
  type ServeProject,
  type ServeTask,
  startServer,
} from "../serve/mod.ts";
import { basename, relative } from "../util/path.ts";
import { type CliContext, load, out } from "./common.ts";
import { nodeStatus } from "./plot_graph.ts";
import { taskDocs } from "./status.ts";

/** Flags of `serve` (and `build --serve`). */
export interface ServeFlags {
  entry?: string;
  host?: string;
  port?: number;
}

/** The graph at rest: tasks, statuses and reasons from the recorded state. */
export async function serveGraphOf(pipeline: Pipeline): Promise<ServeGraph> {
  const store = await StateStore.open(pipeline.root);
  const statuses = await taskStatus(pipeline, store, { interpreter: await interpreterIdentity(pipeline) });
  const docs = await taskDocs(pipeline);
  const tasks = new Map<string, ServeTask>();
  const nodes = statuses.map((s) => {
    const t = pipeline.tasks.get(s.name)!;
    const sourceLabel = t.dottedPath ?? (t.sourcePath ? relative(pipeline.root, t.sourcePath) : "TypeScript");
    const products = typeof t.product === "string"
      ? [{ key: "product", path: t.product }]
      : Object.keys(t.product).sort().map((key) => ({
        key,
        path: (t.product as Record<string, string>)[key],
      }));
    tasks.set(s.name, {
      name: s.name,
      sourcePath: t.sourcePath,
      sourceLabel,
      params: t.params,
      products,
      upstream: t.upstream,
      doc: docs.get(s.name),
      reasons: s.reasons.map(describeReason),
    });
    const why = s.outdated ? `outdated: ${s.reasons.map(describeReason).join("; ")}` : undefined;
    const tooltip = [docs.get(s.name), why].filter(Boolean).join("\n") || undefined;
    return { id: s.name, sublabel: sourceLabel, status: nodeStatus(s), tooltip };
  });
  const edges = pipeline.order.flatMap((n) =>
    pipeline.tasks.get(n)!.upstream.map((u) => [u, n] as [string, string])
  );
  return { plot: { nodes, edges }, tasks };
}

/** Deno permission flags this process has, for a build it starts (no broader than its own). */
function permissionFlags(): string[] {
  const flags: string[] = [];
  const names = ["read", "write", "run", "env", "sys", "ffi", "import"] as const;
  for (const name of names) {
    if (Deno.permissions.querySync({ name }).state === "granted") flags.push(`--allow-${name}`);
  }
  const net = Deno.permissions.querySync({ name: "net" }).state === "granted";
  flags.push(net ? "--allow-net" : "--allow-net=127.0.0.1");
  return flags;
}

/** Starts builds for the page in child processes, one at a time from this server. */
class BuildStarter {
  #child: Deno.ChildProcess | undefined;
  #exited: Promise<void> | undefined;

  constructor(readonly ctx: CliContext, readonly file: string, readonly tell: (text: string) => void) {}

  start(force: boolean): Promise<{ ok: boolean; message: string }> {
    if (this.#child) {
      return Promise.resolve({ ok: false, message: "A build started from this page is still running." });
    }
    const args = ["run", ...permissionFlags(), Deno.mainModule, "build"];
    if (!this.ctx.builder) args.push("-e", this.file);
    if (force) args.push("--force");
    for (const [k, v] of Object.entries(this.ctx.envOverrides)) {
      args.push(`--env--${k.replaceAll(".", "--")}`, v);
    }
    const child = new Deno.Command(Deno.execPath(), {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    this.#child = child;
    this.#exited = (async () => {
      const [status, err] = await Promise.all([child.status, new Response(child.stderr).text()]);
      this.#child = undefined;
      if (status.code === 2 || status.code === 3) this.tell(`The build could not run: ${err.trim()}`);
    })();
    return Promise.resolve({
      ok: true,
      message: `Build started${force ? " (forced)" : ""} (pid ${child.pid}).`,
    });
  }

  /** Interrupts a build still running (as Ctrl-C would) and waits for it. */
  async close(): Promise<void> {
    try {
      this.#child?.kill("SIGINT");
    } catch { /* gone */ }
    await this.#exited;
  }
}

/** Starts the server for a loaded pipeline; reloads the pipeline for each later graph. */
export async function serveProject(
  ctx: CliContext,
  pipeline: Pipeline,
  flags: ServeFlags,
): Promise<{ server: PlaitServer; close(): Promise<void> }> {
  let first: Pipeline | undefined = pipeline;
  const holder: { server?: PlaitServer } = {};
  const starter = new BuildStarter(
    ctx,
    pipeline.file,
    (text) => holder.server?.hub.tell([{ kind: "notice", text }]),
  );
  const project: ServeProject = {
    root: pipeline.root,
    title: basename(pipeline.root) || "pipeline",
    graph: async () => {
      const p = first ?? (await load(ctx, flags.entry ?? pipeline.file)).pipeline;
      first = undefined;
      return await serveGraphOf(p);
    },
    startBuild: ({ force }) => starter.start(force),
    renderNotebook: (file) => nbconvertHtml(pipeline, file),
  };
  const host = flags.host ?? "127.0.0.1";
  if (flags.host !== undefined && !/^(127\.|::1$|localhost$)/.test(host)) {
    out.error(
      `warning: serving on ${host}: anyone who can reach this address and has the token can see the ` +
        `pipeline's sources and products and start builds`,
    );
  }
  const server = holder.server = await startServer(project, { host, port: flags.port });
  return {
    server,
    close: async () => {
      await starter.close();
      await server.close();
    },
  };
}

/** Waits for Ctrl-C (SIGINT) or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
    const stop = () => {
      for (const s of signals) Deno.removeSignalListener(s, stop);
      resolve();
    };
    for (const s of signals) Deno.addSignalListener(s, stop);
  });
}

/** `serve`: the live page of this project's builds (any started here, from the page or elsewhere). */
export async function runServe(ctx: CliContext, flags: ServeFlags): Promise<number> {
  const { pipeline } = await load(ctx, flags.entry);
  const serving = await serveProject(ctx, pipeline, flags);
  out.line(`plait serve: ${serving.server.url}`);
  out.line("Builds started here, from the page or from another terminal show up live. Ctrl-C to stop.");
  await untilStopped();
  await serving.close();
  return 0;
}

/** An executed notebook as nbconvert's HTML, run with the kernel's Python (as notebook products are). */
async function nbconvertHtml(pipeline: Pipeline, file: string): Promise<string | undefined> {
  const spec = await resolveKernelSpec({ kernelName: pipeline.options.kernel ?? "python3" }).catch(() =>
    undefined
  );
  if (!spec) return undefined;
  const out = await new Deno.Command(spec.argv[0], {
    args: ["-m", "nbconvert", "--to", "html", "--stdout", "--log-level=ERROR", file],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => undefined);
  return out?.success ? new TextDecoder().decode(out.stdout) : undefined;
}
