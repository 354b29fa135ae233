import { deepStrictEqual, ok } from "node:assert/strict";
import { createHmac } from "node:crypto";
import { cutStreamContent, Session } from "./wire.ts";

const dec = new TextDecoder();

Deno.test("Session.encode() signs header, parent, metadata and content with HMAC-SHA256", () => {
  const s = new Session("secret");
  const frames = s.encode(s.message("kernel_info_request", {}));
  deepStrictEqual(dec.decode(frames[0]), "<IDS|MSG>");
  const hmac = createHmac("sha256", "secret");
  for (const f of frames.slice(2, 6)) hmac.update(f);
  deepStrictEqual(dec.decode(frames[1]), hmac.digest("hex"));
  deepStrictEqual(JSON.parse(dec.decode(frames[2])).version, "5.3");
});

Deno.test("Session.encode() signs like createHmac with keys of every length", () => {
  for (const key of ["k", "0123456789abcdef".repeat(4), "é".repeat(40), "x".repeat(200)]) {
    const s = new Session(key);
    const frames = s.encode(s.message("execute_request", { code: "print('é')" }));
    const hmac = createHmac("sha256", key);
    for (const f of frames.slice(2, 6)) hmac.update(f);
    deepStrictEqual(dec.decode(frames[1]), hmac.digest("hex"), `key of ${key.length} characters`);
    ok(new Session(key).decode(frames) !== undefined);
  }
});

Deno.test("Session.decode() accepts routing identities and buffers, and rejects a bad signature", () => {
  const s = new Session("secret");
  const msg = s.message("stream", { name: "stdout", text: "hi" });
  const frames = [new TextEncoder().encode("ident"), ...s.encode(msg), new Uint8Array([1, 2])];
  const got = s.decode(frames);
  deepStrictEqual(got?.content, { name: "stdout", text: "hi" });
  deepStrictEqual(got?.buffers, [new Uint8Array([1, 2])]);
  deepStrictEqual(new Session("other").decode(frames), undefined);
  const tampered = frames.slice();
  tampered[6] = new TextEncoder().encode('{"name":"stdout","text":"forged"}');
  deepStrictEqual(s.decode(tampered), undefined);
  ok(s.decode(frames.slice(0, 4)) === undefined); // too short
});

Deno.test("cutStreamContent() keeps the start and end of a huge stream text, never splitting an escape", () => {
  const enc = (v: unknown) =>
    new TextEncoder().encode(JSON.stringify(v).replace('","text":"', '", "text": "'));
  const text = "line \u00e9\n".repeat(50) + 'quote " and \\ back\n' + "\u20ac\ttab\n".repeat(50);
  const bytes = enc({ name: "stdout", text }).map((b) => b); // as ipykernel sends it
  for (let half = 3; half < 200; half += 7) {
    const cut = cutStreamContent(bytes, half)!;
    const head = cut.text as string;
    const tail = cut.plait_tail as string;
    if (cut.name !== "stdout" || !text.startsWith(head) || !text.endsWith(tail)) {
      throw new Error(`half ${half}: ${JSON.stringify(head)} / ${JSON.stringify(tail)}`);
    }
    if (head.length + tail.length + 20 < Math.min(2 * half, text.length) / 2) {
      throw new Error(`half ${half}: too short`);
    }
  }
  // Not ipykernel's layout: left to the ordinary parse.
  const other = new TextEncoder().encode(JSON.stringify({ text: "x".repeat(100), name: "stdout" }));
  if (cutStreamContent(other, 10) !== undefined) throw new Error("cut an unexpected layout");
});
