import { SpecError } from "../errors/mod.ts";
import { path as paths } from "../util/mod.ts";

/** PEP 263's encoding declaration, honoured on the first two lines of a `.py` as Python does. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * The text of a task source's bytes, decoded as Python reads them: UTF-8 unless a `.py` declares
 * another encoding (PEP 263) on line 1 or 2. Bytes that do not decode are a located
 * {@link SpecError}, never replaced by U+FFFD (which would run other code than the file holds, and
 * leave the task up to date when only those bytes change).
 */
export function decodeSource(bytes: Uint8Array, file: string): string {
  const declared = paths.extname(file).toLowerCase() === ".py" ? declaredEncoding(bytes) : undefined;
  const label = declared?.toLowerCase();
  const decoder = decoderFor(label ?? "utf-8");
  if (!decoder) {
    throw new SpecError({
      location: { file: paths.displayPath(file), line: 1 },
      message: `Cannot read task source "${paths.displayPath(file)}": unknown encoding "${declared}"`,
      hint: "declare an encoding Python knows (# -*- coding: utf-8 -*-), or remove the declaration",
    });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw notDecodable(bytes, file, label ?? "utf-8");
  }
}

/** A strict decoder for a Python encoding name (`latin-1`, `utf_8`, `cp1252`), if the platform has one. */
function decoderFor(label: string): TextDecoder | undefined {
  for (const name of [label, label.replace(/[-_]/g, ""), label.replace(/_/g, "-")]) {
    try {
      return new TextDecoder(name, { fatal: true });
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 400)).split("\n").slice(0, 2);
  for (const line of head) {
    const m = CODING.exec(line);
    if (m) return m[1];
    if (!/^[ \t\f]*(#.*)?\r?$/.test(line)) return undefined; // PEP 263: line 2 counts after a comment
  }
  return undefined;
}

function notDecodable(bytes: Uint8Array, file: string, encoding: string): SpecError {
  const at = encoding === "utf-8" ? firstInvalidUtf8(bytes) : 0;
  const before = new TextDecoder().decode(bytes.subarray(0, at));
  const lines = before.split("\n");
  const shown = paths.displayPath(file);
  const byte = bytes[at]?.toString(16).padStart(2, "0") ?? "";
  return new SpecError({
    location: { file: shown, line: lines.length, col: lines.at(-1)!.length + 1 },
    message: `Cannot read task source "${shown}": ` +
      (encoding === "utf-8"
        ? `byte 0x${byte} is not UTF-8 (Python too rejects it: "Non-UTF-8 code starting with '\\x${byte}'")`
        : `it does not decode as its declared encoding "${encoding}"`),
    hint:
      "save the file as UTF-8, or declare its encoding on line 1 or 2 (# -*- coding: latin-1 -*-, PEP 263)",
  });
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (`bytes.length` if none). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const [n, min] = sequence(bytes[i]);
    if (n < 0) return i;
    let cp = n === 0 ? bytes[i] : bytes[i] & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return bytes.length;
}

/** Continuation bytes a lead byte announces and the least code point it may encode (-1: not a lead byte). */
function sequence(b: number): [number, number] {
  if (b < 0x80) return [0, 0];
  if (b >= 0xc2 && b < 0xe0) return [1, 0x80];
  if (b >= 0xe0 && b < 0xf0) return [2, 0x800];
  if (b >= 0xf0 && b < 0xf5) return [3, 0x10000];
  return [-1, 0];
}
