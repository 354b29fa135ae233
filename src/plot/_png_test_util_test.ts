import assert from "node:assert/strict";
import { countColor, decodePng } from "./_png_test_util.ts";

/** CRC-32 as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Encodes pixels, filtering row y with filter type y % 5 so that every filter is exercised. */
async function encodePng(w: number, h: number, channels: 3 | 4, px: Uint8Array): Promise<Uint8Array> {
  const stride = w * channels;
  const raw = new Uint8Array((stride + 1) * h);
  for (let y = 0; y < h; y++) {
    const f = y % 5;
    raw[y * (stride + 1)] = f;
    for (let x = 0; x < stride; x++) {
      const at = y * stride + x;
      const a = x >= channels ? px[at - channels] : 0;
      const b = y > 0 ? px[at - stride] : 0;
      const c = x >= channels && y > 0 ? px[at - stride - channels] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][f];
      raw[y * (stride + 1) + 1 + x] = (px[at] - pred) & 0xff;
    }
  }
  const zipped = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer(),
  );
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, w);
  new DataView(ihdr.buffer).setUint32(4, h);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zipped.subarray(0, 10)),
    chunk("IDAT", zipped.subarray(10)),
    chunk("IEND", new Uint8Array()),
  ];
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed = (seed * 1103515245 + 12345) % 2147483648) >> 16;
  return out;
}

Deno.test("decodePng() reverses every PNG filter for RGBA and RGB images split over IDAT chunks", async () => {
  const rgba = noise(13 * 11 * 4, 7);
  const decoded = await decodePng(await encodePng(13, 11, 4, rgba));
  assert.deepEqual([decoded.width, decoded.height], [13, 11]);
  assert.deepEqual(decoded.data, rgba);
  const rgb = noise(9 * 10 * 3, 3);
  const asRgba = (await decodePng(await encodePng(9, 10, 3, rgb))).data;
  assert.equal(asRgba.length, 9 * 10 * 4);
  for (let i = 0; i < 90; i++) {
    assert.deepEqual([...asRgba.subarray(i * 4, i * 4 + 4)], [...rgb.subarray(i * 3, i * 3 + 3), 255]);
  }
});

Deno.test("decodePng() rejects files that are not 8-bit RGB(A) PNGs", async () => {
  await assert.rejects(decodePng(new TextEncoder().encode("<svg/>")), /not a PNG/);
  const png = await encodePng(2, 2, 3, new Uint8Array(12));
  png[8 + 8 + 8] = 16; // IHDR bit depth
  await assert.rejects(decodePng(png), /bit depth 16/);
});

Deno.test("countColor() counts pixels within the tolerance of a colour", () => {
  const data = new Uint8Array([220, 38, 38, 255, 222, 40, 36, 255, 22, 163, 74, 255]);
  const image = { width: 3, height: 1, data };
  assert.equal(countColor(image, "#dc2626", 0), 1);
  assert.equal(countColor(image, "#dc2626", 2), 2);
  assert.equal(countColor(image, "#16a34a", 0), 1);
  assert.equal(countColor(image, "#2563eb", 30), 0);
});
