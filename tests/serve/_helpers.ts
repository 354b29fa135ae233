/** Helpers for serve tests and the serve benchmark: temp projects, CLI processes that print a URL. */

export const REPO = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
export const CLI = `${REPO}/cli.ts`;

/** Copies `tests/serve/fixtures/<name>` into a temp folder, removed on dispose. */
export async function tempFixture(name: string): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "plait_serve_" });
  const from = new URL(`./fixtures/${name}/`, import.meta.url).pathname;
  const copy = async (a: string, b: string) => {
    await Deno.mkdir(b, { recursive: true });
    for await (const e of Deno.readDir(a)) {
      if (e.isDirectory) await copy(`${a}/${e.name}`, `${b}/${e.name}`);
      else await Deno.copyFile(`${a}/${e.name}`, `${b}/${e.name}`);
    }
  };
  await copy(from, dir);
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/** A `plait` process; on dispose it gets SIGINT (as Ctrl-C) and is awaited. */
export interface CliProcess extends AsyncDisposable {
  child: Deno.ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number>;
}

/** Starts `deno run -A cli.ts ...args` with output collected. */
export function spawnCli(args: string[], cwd = REPO): CliProcess {
  const child = new Deno.Command("deno", {
    args: ["run", "-A", CLI, ...args],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let text = "";
  const collect = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) text += chunk;
  };
  const drained = Promise.all([collect(child.stdout), collect(child.stderr)]);
  const exited = drained.then(() => child.status).then((s) => s.code);
  return {
    child,
    output: () => text,
    exited,
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGINT");
      } catch { /* already gone */ }
      await exited;
    },
  };
}

/** Waits until the process prints `http://...?token=...`; returns that URL. */
export async function urlOf(p: CliProcess, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  p.exited.then(() => (done = true));
  while (Date.now() < deadline) {
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(p.output());
    if (m) return m[1];
    if (done) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no URL printed:\n${p.output()}`);
}

/** Sends a raw request line (so `..` reaches the server as typed) and returns the status code. */
export async function rawStatus(port: number, target: string): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      ),
    );
    const buf = new Uint8Array(256);
    const n = await conn.read(buf);
    const head = new TextDecoder().decode(buf.subarray(0, n ?? 0));
    return Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  } finally {
    conn.close();
  }
}
