import { deepStrictEqual } from "node:assert/strict";
import { isSelfConnected, readyProperty } from "./zmtp.ts";

const addr = (port: number) => ({ transport: "tcp" as const, hostname: "127.0.0.1", port });

Deno.test("isSelfConnected() spots a loopback connection whose two ends are one port", () => {
  const conn = (local: number, remote: number) =>
    ({ localAddr: addr(local), remoteAddr: addr(remote) }) as unknown as Deno.TcpConn;
  deepStrictEqual([isSelfConnected(conn(40001, 40001)), isSelfConnected(conn(51234, 40001))], [true, false]);
});

Deno.test("readyProperty() reads a READY command's Socket-Type, whatever the case of the name", () => {
  const enc = new TextEncoder();
  const prop = (name: string, value: string) => {
    const n = enc.encode(name), v = enc.encode(value);
    const out = new Uint8Array(1 + n.length + 4 + v.length);
    out[0] = n.length;
    out.set(n, 1);
    new DataView(out.buffer).setUint32(1 + n.length, v.length);
    out.set(v, 5 + n.length);
    return out;
  };
  const parts = [
    new Uint8Array([5]),
    enc.encode("READY"),
    prop("Identity", ""),
    prop("socket-type", "ROUTER"),
  ];
  const body = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) body.set(p, (at += p.length) - p.length);
  deepStrictEqual([readyProperty(body, "Socket-Type"), readyProperty(body, "Resource")], [
    "ROUTER",
    undefined,
  ]);
});
