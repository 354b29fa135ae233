import { EventTail } from "./tail.ts";
import { Hub } from "./hub.ts";
import { graphSvg, renderPage } from "./page.ts";
import { notebookPage, snapshotOf, taskDetail } from "./api.ts";
import { contentType, insideRoot } from "./files.ts";
import type { ServeGraph, ServeProject } from "./types.ts";
import type { Change } from "./live_state.ts";

/** Options of {@link startServer}. */
export interface ServeOptions {
  /** Address to bind (default `127.0.0.1`; anything else is the caller's explicit choice). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** The access token (default: 24 random bytes, hex). */
  token?: string;
  /** Milliseconds between two looks at the event files (default 40). */
  interval?: number;
}

/** A running server. */
export interface PlaitServer extends AsyncDisposable {
  /** `http://127.0.0.1:PORT/?token=...` */
  url: string;
  token: string;
  port: number;
  hub: Hub;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
const PAGE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
  "img-src data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'";
/** Products and notebooks run in an opaque origin: their scripts cannot read the page or the token. */
const FILE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** A random token as Jupyter makes one. */
export function newToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sameToken(a: string | null, b: string): boolean {
  if (a === null || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function tokenOf(req: Request, url: URL): string | null {
  const auth = req.headers.get("authorization");
  if (auth?.startsWith("token ")) return auth.slice(6);
  return url.searchParams.get("token");
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", ...headers },
  });
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { ...SECURITY_HEADERS, "content-type": "application/json" },
  });

/**
 * Serves the live page of a project: follows `.plait/events/` (builds from any process), pushes
 * each change to every open page over Server-Sent Events, and answers only requests that carry the
 * token. Files are served only as products named by the pipeline, inside the pipeline folder.
 */
export async function startServer(project: ServeProject, opts: ServeOptions = {}): Promise<PlaitServer> {
  const token = opts.token ?? newToken();
  const hub = new Hub();
  const state = new GraphState(project, hub);
  await state.refresh();
  const tail = new EventTail(project.root, (id, lines) => {
    if (hub.ingest(id, lines)) {
      tail.finish(id);
      void state.refresh();
    }
  }, { interval: opts.interval });
  await tail.poll();
  await tail.start();
  const reaper = setInterval(() => {
    for (const id of hub.reap()) tail.finish(id);
  }, 1000);
  const handler = (req: Request) => route(req, { project, hub, state, token });
  const server = Deno.serve({
    hostname: opts.host ?? "127.0.0.1",
    port: opts.port ?? 0,
    onListen: () => {},
  }, async (req) => {
    try {
      return await handler(req);
    } catch (e) {
      return text(500, `internal error: ${(e as Error).message}`);
    }
  });
  const port = server.addr.port;
  const shownHost = (opts.host ?? "127.0.0.1") === "0.0.0.0" ? "127.0.0.1" : opts.host ?? "127.0.0.1";
  const close = async () => {
    clearInterval(reaper);
    await tail.stop();
    state.closeStreams();
    await server.shutdown();
  };
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}/?token=${token}`,
    token,
    port,
    hub,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The graph at rest, its rendered page parts, and the open event streams. */
class GraphState {
  graph: ServeGraph = { plot: { nodes: [], edges: [] }, tasks: new Map() };
  /** Open event streams: each closes its stream and stops its timer. */
  streams = new Set<() => void>();
  #refreshing: Promise<void> | undefined;

  constructor(readonly project: ServeProject, readonly hub: Hub) {}

  /** Reloads the graph and statuses (after a build); pages get the new statuses. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.project.graph().then((g) => {
      graphSvg(g.plot); // lay it out now, not at the next page load
      this.graph = g;
      this.hub.tell([{ kind: "statuses", statuses: snapshotOf(this.hub, g).rest }]);
    }).catch((e) => {
      this.hub.tell([{ kind: "notice", text: `Cannot load the pipeline: ${(e as Error).message}` }]);
    }).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  closeStreams(): void {
    for (const close of [...this.streams]) close();
    this.streams.clear();
  }
}

interface Ctx {
  project: ServeProject;
  hub: Hub;
  state: GraphState;
  token: string;
}

async function route(req: Request, ctx: Ctx): Promise<Response> {
  const url = new URL(req.url);
  if (!sameToken(tokenOf(req, url), ctx.token)) {
    return text(403, "Forbidden: this server needs its token (open the URL it printed, with ?token=...)");
  }
  const parts = url.pathname.split("/").slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return "\0";
    }
  });
  const [head, a, b] = parts;
  if (req.method === "POST" && head === "api" && a === "build" && parts.length === 2) {
    return startBuild(req, ctx);
  }
  if (req.method !== "GET") return text(405, "Method not allowed");
  if (url.pathname === "/") {
    if (!ctx.hub.latest || ctx.hub.latest.info.state !== "running") void ctx.state.refresh();
    const html = renderPage(ctx.state.graph, snapshotOf(ctx.hub, ctx.state.graph), {
      title: ctx.project.title,
      token: ctx.token,
    });
    return new Response(html, {
      headers: {
        ...SECURITY_HEADERS,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": PAGE_CSP,
      },
    });
  }
  if (url.pathname === "/events") return eventStream(ctx);
  if (url.pathname === "/api/state") return json(snapshotOf(ctx.hub, ctx.state.graph));
  if (head === "api" && a === "task" && parts.length === 3) {
    const detail = await taskDetail(ctx.project.root, ctx.state.graph, ctx.hub, b, ctx.token);
    return detail ? json(detail) : text(404, "Not found");
  }
  if (head === "file" && parts.length === 3) return productFile(ctx, a, b);
  if (head === "nb" && parts.length === 2) {
    const html = await notebookPage(ctx.project.root, ctx.state.graph, a, ctx.project.renderNotebook);
    return html === undefined ? text(404, "Not found") : new Response(html, {
      headers: {
        ...SECURITY_HEADERS,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": FILE_CSP,
      },
    });
  }
  return text(404, "Not found");
}

/** `/file/<task>/<product key>`: a product named by the pipeline, never a path from the client. */
async function productFile(ctx: Ctx, name: string, key: string): Promise<Response> {
  const product = ctx.state.graph.tasks.get(name)?.products.find((p) => p.key === key);
  const real = product && await insideRoot(ctx.project.root, product.path);
  if (!real) return text(404, "Not found");
  const file = await Deno.open(real);
  return new Response(file.readable, {
    headers: { ...SECURITY_HEADERS, "content-type": contentType(real), "content-security-policy": FILE_CSP },
  });
}

async function startBuild(req: Request, ctx: Ctx): Promise<Response> {
  if (!ctx.project.startBuild) return json({ ok: false, message: "This server cannot start builds." }, 501);
  const body = await req.json().catch(() => ({})) as { force?: unknown };
  const started = await ctx.project.startBuild({ force: body.force === true });
  return json(started, started.ok ? 202 : 409);
}

const enc = new TextEncoder();

function eventStream(ctx: Ctx): Response {
  let unsubscribe = () => {};
  let ping: ReturnType<typeof setInterval> | undefined;
  let me: ReadableStreamDefaultController<Uint8Array> | undefined;
  const stop = () => {
    unsubscribe();
    clearInterval(ping);
    ctx.state.streams.delete(close);
  };
  const close = () => {
    stop();
    try {
      me?.close();
    } catch { /* already closed or cancelled */ }
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      me = controller;
      ctx.state.streams.add(close);
      const send = (kind: string, data: unknown) => {
        try {
          controller.enqueue(enc.encode(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          stop();
        }
      };
      send("snapshot", snapshotOf(ctx.hub, ctx.state.graph));
      unsubscribe = ctx.hub.subscribe((changes: Change[]) => send("changes", changes));
      ping = setInterval(() => send("ping", Date.now()), 15_000);
    },
    cancel: stop,
  });
  return new Response(body, {
    headers: { ...SECURITY_HEADERS, "content-type": "text/event-stream", "connection": "keep-alive" },
  });
}
