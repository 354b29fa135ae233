/**
 * One conformance suite, run against each transport, with a pyzmq peer on the other side:
 * DEALER/ROUTER, SUB/PUB and REQ/REP, frames over 255 bytes, multi-frame and empty frames.
 */
import { deepStrictEqual } from "node:assert/strict";
import { getTransport, type Socket, type Transport, type TransportName } from "../../src/kernel/mod.ts";
import { withPeer } from "./_peer.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const b = (s: string) => enc.encode(s);
const texts = (frames: Uint8Array[] | undefined) => frames?.map((f) => dec.decode(f));
const local = (port: number) => ({ host: "127.0.0.1", port });

/** Cases known to fail on a transport, with the reason (shown by `deno test` as ignored). */
const KNOWN_FAILURES: Partial<Record<TransportName, Record<string, string>>> = {};

type Case = (t: Transport, ports: { router: number; pub: number; rep: number }) => Promise<void>;

const CASES: Record<string, Case> = {
  "DEALER round-trips a multi-frame message with an empty frame": async (t, ports) => {
    await using s = closing(await t.connect("dealer", local(ports.router)));
    await s.send([b("echo"), b("a"), new Uint8Array(0), b("c")]);
    deepStrictEqual(texts(await s.receive()), ["echo", "a", "", "c"]);
  },
  "DEALER carries frames over 255 bytes (long frames) in both directions": async (t, ports) => {
    await using s = closing(await t.connect("dealer", local(ports.router)));
    const sizes = [255, 256, 70_000, 3_000_000];
    const frames = sizes.map((n, i) => new Uint8Array(n).fill(i + 1));
    await s.send([b("echo"), ...frames]);
    const got = await s.receive();
    deepStrictEqual(got?.slice(1).map((f) => f.length), sizes);
    deepStrictEqual(got?.slice(1).map((f) => f[f.length - 1]), [1, 2, 3, 4]);
  },
  "DEALER keeps 600 multi-frame round trips in order": async (t, ports) => {
    await using s = closing(await t.connect("dealer", local(ports.router)));
    for (let i = 0; i < 600; i++) {
      await s.send([b("echo"), b(String(i)), b("tail")]);
      deepStrictEqual(texts(await s.receive()), ["echo", String(i), "tail"]);
    }
  },
  "DEALER pipelines many sends before reading replies": async (t, ports) => {
    await using s = closing(await t.connect("dealer", local(ports.router)));
    await Promise.all(Array.from({ length: 200 }, (_, i) => s.send([b("echo"), b(String(i))])));
    for (let i = 0; i < 200; i++) deepStrictEqual(texts(await s.receive()), ["echo", String(i)]);
  },
  "SUB receives only its topic, multi-frame, long frames": async (t, ports) => {
    await using sub = closing(await t.connect("sub", local(ports.pub), { subscribe: ["a"] }));
    await using ctl = closing(await t.connect("dealer", local(ports.router)));
    await awaitSubscription(sub, ctl, "a");
    await ctl.send([b("publish"), b("b-other"), b("3"), b("10")]);
    await ctl.send([b("publish"), b("a"), b("3"), b("300")]);
    deepStrictEqual(texts(await ctl.receive()), ["published"]);
    for (let i = 0; i < 3; i++) {
      let msg = await sub.receive();
      while (msg && dec.decode(msg[1]) === "sync") msg = await sub.receive(); // late sync echoes
      deepStrictEqual(texts(msg?.slice(0, 2)), ["a", String(i)]);
      deepStrictEqual(msg?.[2].length, 300);
    }
  },
  "REQ adds and strips the empty delimiter across alternating round trips": async (t, ports) => {
    await using s = closing(await t.connect("req", local(ports.rep)));
    for (let i = 0; i < 50; i++) {
      await s.send([b("ping"), b(String(i)), new Uint8Array(400)]);
      const got = await s.receive();
      deepStrictEqual(texts(got?.slice(0, 3)), ["rep", "ping", String(i)]);
      deepStrictEqual(got?.[3].length, 400);
    }
  },
  "receive() gives undefined after close()": async (t, ports) => {
    const s = await t.connect("dealer", local(ports.router));
    const pending = s.receive();
    await s.close();
    deepStrictEqual(await pending, undefined);
    deepStrictEqual(await s.receive(), undefined);
  },
};

/** Repeats `sync` until the SUB socket sees it: PUB drops messages until the subscription arrives. */
async function awaitSubscription(sub: Socket, ctl: Socket, topic: string): Promise<void> {
  const first = sub.receive(); // one pending receive, kept across attempts so no message is lost
  for (let attempt = 0; attempt < 200; attempt++) {
    await ctl.send([b("sync"), b(topic)]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = new Promise((r) => timer = setTimeout(r, 25, "timeout"));
    const got = await Promise.race([first, tick]);
    clearTimeout(timer);
    if (got !== "timeout") {
      deepStrictEqual(texts(got as Uint8Array[]), [topic, "sync"]);
      return;
    }
  }
  throw new Error("the SUB socket never saw its subscription take effect");
}

function closing(s: Socket): Socket & AsyncDisposable {
  return Object.assign(s, { [Symbol.asyncDispose]: () => s.close() });
}

for (const name of ["zmtp", "zeromq"] as const) {
  for (const [title, run] of Object.entries(CASES)) {
    const reason = KNOWN_FAILURES[name]?.[title];
    Deno.test({
      name: `${name} transport: ${title}${reason ? ` (ignored: ${reason})` : ""}`,
      ignore: reason !== undefined,
      sanitizeResources: name !== "zeromq", // libzmq's I/O thread outlives a test by design
      sanitizeOps: name !== "zeromq",
      fn: async () => {
        const transport = await getTransport(name);
        await withPeer((ports) => run(transport, ports));
      },
    });
  }
}
