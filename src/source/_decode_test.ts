import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { decodeSource, firstInvalidUtf8 } from "./_decode.ts";

const bytes = (...xs: number[]) => new Uint8Array(xs);

Deno.test("firstInvalidUtf8() finds the first byte outside a valid UTF-8 sequence", () => {
  const cases: [Uint8Array, number][] = [
    [new TextEncoder().encode("caf\u00e9 \u20ac \u{1f600}"), 14],
    [bytes(0x61, 0xff, 0x62), 1], // never valid
    [bytes(0x61, 0xc3), 1], // truncated sequence
    [bytes(0xc0, 0xaf), 0], // overlong "/"
    [bytes(0xed, 0xa0, 0x80), 0], // a surrogate
    [bytes(0x61, 0x80), 1], // a lone continuation byte
    [bytes(0xf4, 0x90, 0x80, 0x80), 0], // above U+10FFFF
  ];
  for (const [input, at] of cases) assertEquals(firstInvalidUtf8(input), at, String(input));
});

Deno.test("decodeSource() rejects non-UTF-8 bytes with their line and column, honours a PEP 263 declaration", () => {
  const bad = new Uint8Array([...new TextEncoder().encode("x = 1\ny = 'caf"), 0xe9, 0x27, 0x0a]);
  throws(() => decodeSource(bad, "/nowhere/t.py"), (e: unknown) => {
    const issue = (e as SpecError).issues[0];
    assertEquals([issue.location?.line, issue.location?.col], [2, 9]);
    return e instanceof SpecError && /byte 0xe9 is not UTF-8/.test(issue.message);
  });
  const declared = new Uint8Array([...new TextEncoder().encode("# coding: latin-1\ny = 'caf"), 0xe9, 0x27]);
  assertEquals(decodeSource(declared, "/nowhere/t.py"), "# coding: latin-1\ny = 'caf\u00e9'");
  // A notebook is JSON: always UTF-8, whatever a cell says.
  throws(() => decodeSource(declared, "/nowhere/t.ipynb"), SpecError);
  throws(
    () => decodeSource(new TextEncoder().encode("# coding: klingon\n"), "/nowhere/t.py"),
    /unknown encoding/,
  );
});
