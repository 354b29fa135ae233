/** A kernel template started before its pipeline is known, for a {@link KernelPool} to adopt. */
import * as path from "../util/path.ts";
import { makeRuntimeDir } from "./connection.ts";
import { ForkServer } from "./fork_server.ts";
import { type KernelSpec, resolveKernelSpec } from "./kernelspec.ts";
import { IPYKERNEL_ARGS, isPlainIpykernel, kernelEnv, type PathFallback } from "./kernel_env.ts";

/** Options for {@link KernelTemplate.start}: the kernel a pool must ask for to adopt the template. */
export interface KernelTemplateOptions {
  /** As `KernelLaunchOptions.python`. */
  python?: string;
  /** As `KernelLaunchOptions.kernelName`; default `python3`. */
  kernelName?: string;
  /** As `KernelPoolOptions.interactive`. */
  interactive?: boolean;
}

/** What a pool asks of the template it adopts. */
export interface TemplateRequest extends KernelTemplateOptions {
  cwd: string;
  env?: Record<string, string>;
  preload?: string[];
  pathFallbacks?: PathFallback[];
  forkServer?: boolean;
}

type Started = { spec: KernelSpec; server: ForkServer; dir: string };

/**
 * Starts the fork server's slow part (importing ipykernel) at once, before the pipeline that needs
 * it is loaded; a {@link KernelPool} given it as `template` adopts it when it asks for the same
 * kernel, and then tells it the rest (PYTHONPATH, preloads, path fallbacks). Close it when done:
 * closing an adopted template does nothing (its pool owns it), an unused one is ended.
 */
export class KernelTemplate implements AsyncDisposable {
  readonly #opts: KernelTemplateOptions;
  readonly #started: Promise<Started | undefined>;
  #taken = false;
  #closed = false;

  private constructor(opts: KernelTemplateOptions) {
    this.#opts = opts;
    // a template that cannot start is not adopted: the pool then starts (and reports) its own
    this.#started = start(opts).catch(() => undefined);
  }

  /** Starts a template for the kernel `opts` name. */
  static start(opts: KernelTemplateOptions = {}): KernelTemplate {
    return new KernelTemplate(opts);
  }

  /**
   * Resolves once the template's process is started (or could not be): awaiting it before loading
   * the rest of a build lets Python import ipykernel while Deno loads modules, instead of the spawn
   * waiting behind that loading on the event loop.
   */
  async spawned(): Promise<void> {
    await this.#started;
  }

  /** For a pool: the template, configured for `req`, when it serves the same kernel (once). */
  async take(req: TemplateRequest): Promise<Started | undefined> {
    if (this.#taken || this.#closed || req.forkServer === false) return undefined;
    if ((req.kernelName ?? "python3") !== (this.#opts.kernelName ?? "python3")) return undefined;
    if (req.python !== this.#opts.python) return undefined;
    if (!req.interactive !== !this.#opts.interactive) return undefined;
    if (Object.keys(req.env ?? {}).some((k) => k !== "PYTHONPATH")) return undefined;
    this.#taken = true;
    const started = await this.#started;
    if (!started) return undefined;
    const pythonPath = kernelEnv(started.spec, req.env).PYTHONPATH ?? "";
    try {
      await started.server.configure({
        path: pythonPath.split(":").filter(Boolean).map((p) => path.resolve(p)),
        preload: req.preload ?? [],
        fallbacks: { cwd: req.cwd, fallbacks: req.pathFallbacks ?? [] },
        kernel_args: IPYKERNEL_ARGS,
      });
    } catch {
      await end(started);
      return undefined;
    }
    return started;
  }

  /** Ends the template unless a pool adopted it. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#taken) return;
    const started = await this.#started;
    if (started) await end(started);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

async function start(opts: KernelTemplateOptions): Promise<Started | undefined> {
  const spec = await resolveKernelSpec(opts);
  if (!isPlainIpykernel(spec.argv)) return undefined;
  const dir = await makeRuntimeDir();
  const env = {
    ...kernelEnv(spec, undefined),
    PLAIT_CLEANUP_DIR: dir,
    ...(opts.interactive ? { PLAIT_INTERACTIVE: "1" } : {}),
  };
  try {
    const server = await ForkServer.startDeferred({ python: spec.argv[0], env, runtimeDir: dir });
    return { spec, server, dir };
  } catch (e) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw e;
  }
}

async function end({ server, dir }: Started): Promise<void> {
  await server.close();
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
