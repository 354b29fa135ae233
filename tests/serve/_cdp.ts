/**
 * A small Chrome DevTools Protocol client for tests and benchmarks: starts Debian's headless
 * `chromium` with `--remote-debugging-port=0`, talks to it over its WebSocket, and gives pages
 * with evaluate / waitFor / screenshot. No browser download, no npm package.
 *
 * @module
 */

export const CHROMIUM = "/usr/bin/chromium";

/**
 * Headless Chromium on a machine with no network: without the background-networking flags its
 * connections are refused many at a time by this closed network.
 */
export const HEADLESS_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Is Debian's chromium installed (scripts/setup.sh --browser)? */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** A headless Chromium, closed (process and profile folder) on dispose. */
export class Browser implements AsyncDisposable {
  #ws!: WebSocket;
  #next = 1;
  #pending = new Map<number, Pending>();
  #drain: Promise<void> | undefined;

  private constructor(readonly child: Deno.ChildProcess, readonly profile: string) {}

  /** Starts chromium and connects to it. */
  static async launch(opts: { width?: number; height?: number } = {}): Promise<Browser> {
    const profile = await Deno.makeTempDir({ prefix: "plait_cdp_" });
    const child = new Deno.Command(CHROMIUM, {
      args: [
        ...HEADLESS_FLAGS,
        "--disable-features=Translate,MediaRouter",
        "--remote-debugging-port=0",
        `--window-size=${opts.width ?? 1280},${opts.height ?? 800}`,
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const browser = new Browser(child, profile);
    const url = await browser.#readEndpoint();
    browser.#ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      browser.#ws.onopen = resolve;
      browser.#ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
    browser.#ws.onmessage = (m) => browser.#receive(JSON.parse(m.data));
    return browser;
  }

  /** Reads chromium's stderr until it says where DevTools listen; keeps draining it after. */
  async #readEndpoint(): Promise<string> {
    const reader = this.child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (m) {
        this.#drain = (async () => {
          while (!(await reader.read()).done) { /* drain */ }
        })();
        return m[1];
      }
    }
    throw new Error(`chromium did not start:\n${seen}`);
  }

  #receive(msg: { id?: number; result?: unknown; error?: { message: string } }): void {
    if (msg.id === undefined) return;
    const p = this.#pending.get(msg.id);
    if (!p) return;
    this.#pending.delete(msg.id);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  }

  /** Sends one CDP command (to a page when `session` is given). */
  send<T = Record<string, unknown>>(method: string, params: unknown = {}, session?: string): Promise<T> {
    const id = this.#next++;
    this.#ws.send(JSON.stringify({ id, method, params, sessionId: session }));
    return new Promise<T>((resolve, reject) =>
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
    );
  }

  /** Opens a tab at `url`. */
  async open(url: string): Promise<Page> {
    const { targetId } = await this.send<{ targetId: string }>("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send<{ sessionId: string }>("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    const page = new Page(this, sessionId, targetId);
    await this.send("Page.enable", {}, sessionId);
    await this.send("Page.navigate", { url }, sessionId);
    return page;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#ws.close();
    } catch { /* closed */ }
    try {
      this.child.kill("SIGKILL");
    } catch { /* gone */ }
    await this.child.status;
    await this.#drain;
    await Deno.remove(this.profile, { recursive: true }).catch(() => {});
  }
}

/** One tab. */
export class Page {
  constructor(readonly browser: Browser, readonly session: string, readonly target: string) {}

  /** Closes the tab. */
  async close(): Promise<void> {
    await this.browser.send("Target.closeTarget", { targetId: this.target });
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.browser.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      "Runtime.evaluate",
      { expression, awaitPromise: true, returnByValue: true },
      this.session,
    );
    if (r.exceptionDetails) throw new Error(`in the page: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }

  /** Polls `expression` until it is truthy; returns its value, or throws after `timeoutMs`. */
  async waitFor<T = unknown>(expression: string, timeoutMs = 30_000, what = expression): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        last = await this.evaluate<T>(expression);
        if (last) return last as T;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Uint8Array> {
    const { data } = await this.browser.send<{ data: string }>(
      "Page.captureScreenshot",
      { format: "png" },
      this.session,
    );
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }
}
