/**
 * The Jupyter wire protocol (messaging v5.3): frames `[idents..., "<IDS|MSG>", hmac, header,
 * parent_header, metadata, content, buffers...]`, signed with HMAC-SHA256 over the four JSON parts.
 */
import { createHash, type Hash } from "node:crypto";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const DELIMITER = encoder.encode("<IDS|MSG>");

/** A message header. */
export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded Jupyter message. */
export interface JupyterMessage {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Uint8Array[];
}

/** Signs and checks messages for one kernel session. */
export class Session {
  readonly id = crypto.randomUUID();
  readonly #hmac: HmacSha256 | undefined;

  /** `key` is the connection file's key; the empty key disables signing (never used by plait). */
  constructor(key: string) {
    this.#hmac = key ? new HmacSha256(key) : undefined;
  }

  /** A new message of `msgType` with a fresh id. */
  message(msgType: string, content: Record<string, unknown>): JupyterMessage {
    const header: MessageHeader = {
      msg_id: crypto.randomUUID(),
      msg_type: msgType,
      session: this.id,
      username: "plait",
      date: new Date().toISOString(),
      version: "5.3",
    };
    return { header, parent_header: {}, metadata: {}, content, buffers: [] };
  }

  /** The frames to send for `msg` (no routing identities: DEALER sockets need none). */
  encode(msg: JupyterMessage): Uint8Array[] {
    const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) =>
      encoder.encode(JSON.stringify(p))
    );
    return [DELIMITER, encoder.encode(this.#sign(parts)), ...parts, ...msg.buffers];
  }

  /**
   * Decodes `frames`; `undefined` when the signature is wrong or the message is malformed. With
   * `maxText`, a stream message longer than twice that keeps only its first and last `maxText`
   * characters (see {@link cutStreamContent}), never decoding the rest.
   */
  decode(frames: Uint8Array[], opts: { maxText?: number } = {}): JupyterMessage | undefined {
    const at = frames.findIndex((f) => equalBytes(f, DELIMITER));
    if (at < 0 || frames.length < at + 6) return undefined;
    const parts = frames.slice(at + 2, at + 6);
    const expected = encoder.encode(this.#sign(parts));
    const given = frames[at + 1];
    if (!sameBytes(given, expected)) return undefined;
    try {
      const [header, parent_header, metadata] = parts.slice(0, 3).map((p) => JSON.parse(decoder.decode(p)));
      const big = opts.maxText && header?.msg_type === "stream" && parts[3].length > 2 * opts.maxText + 4096;
      const content = (big && cutStreamContent(parts[3], opts.maxText!)) ||
        JSON.parse(decoder.decode(parts[3]));
      return { header, parent_header, metadata, content, buffers: frames.slice(at + 6) };
    } catch {
      return undefined;
    }
  }

  #sign(parts: Uint8Array[]): string {
    return this.#hmac?.hex(parts) ?? "";
  }
}

/**
 * HMAC-SHA256 (RFC 2104) from two plain SHA-256 hashes, their key blocks hashed once per session.
 * Same digests as `createHmac`, which builds a stream object per message: with a dozen messages a
 * cell, that was a good part of a build's garbage (and peak memory).
 */
class HmacSha256 {
  readonly #inner: Hash;
  readonly #outer: Hash;

  constructor(key: string) {
    let k = encoder.encode(key);
    if (k.length > 64) k = new Uint8Array(createHash("sha256").update(k).digest());
    const ipad = new Uint8Array(64).fill(0x36);
    const opad = new Uint8Array(64).fill(0x5c);
    k.forEach((b, i) => {
      ipad[i] ^= b;
      opad[i] ^= b;
    });
    this.#inner = createHash("sha256").update(ipad);
    this.#outer = createHash("sha256").update(opad);
  }

  hex(parts: Uint8Array[]): string {
    const inner = this.#inner.copy();
    for (const p of parts) inner.update(p);
    return this.#outer.copy().update(inner.digest()).digest("hex");
  }
}

/** Equal bytes, compared in time that does not depend on where they differ (for signatures). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The content of a huge stream message (`{"name": ..., "text": ...}` as ipykernel writes it) with
 * only the first and last `half` bytes of its text decoded: `text` is the start, `plait_tail` the
 * end, `plait_left_out` how many bytes lie between. `undefined` when the bytes are not laid out so.
 */
export function cutStreamContent(bytes: Uint8Array, half: number): Record<string, unknown> | undefined {
  const m = /^\{"name": ?"(stdout|stderr)", ?"text": ?"/.exec(
    new TextDecoder("latin1").decode(bytes.subarray(0, 64)),
  );
  const n = bytes.length;
  if (!m || bytes[n - 2] !== 0x22 || bytes[n - 1] !== 0x7d) return undefined;
  const body = bytes.subarray(m[0].length, n - 2);
  const head = headOf(body, half);
  const tail = tailOf(body, body.length - half);
  if (!head || !tail) return undefined;
  return { name: m[1], text: head.text, plait_tail: tail.text, plait_left_out: tail.from - head.to };
}

/** The JSON string text of `body[0, cut)`, the cut moved back off a split escape or UTF-8 sequence. */
function headOf(body: Uint8Array, cut: number): { text: string; to: number } | undefined {
  for (let to = cut, tries = 0; to > 0 && tries < 12; to--, tries++) {
    if ((body[to] & 0xc0) === 0x80) continue; // inside a UTF-8 sequence
    try {
      return { text: JSON.parse(`"${decoder.decode(body.subarray(0, to))}"`), to };
    } catch {
      // inside an escape: one byte back
    }
  }
  return undefined;
}

/** The JSON string text of `body[from, end)`, the start moved forward past a split escape or UTF-8 sequence. */
function tailOf(body: Uint8Array, from: number): { text: string; from: number } | undefined {
  let start = from;
  for (let back = 1; back <= 5 && start - back >= 0; back++) {
    // a `\uXXXX` escape that `start` falls inside (its backslash itself not escaped)
    if (
      body[start - back] === 0x5c && body[start - back + 1] === 0x75 &&
      backslashesBefore(body, start - back) % 2 === 0
    ) {
      start = start - back + 6;
      break;
    }
  }
  if (backslashesBefore(body, start) % 2 === 1) start++; // just after an escaping backslash
  while (start < body.length && (body[start] & 0xc0) === 0x80) start++;
  try {
    return { text: JSON.parse(`"${decoder.decode(body.subarray(start))}"`), from: start };
  } catch {
    return undefined;
  }
}

function backslashesBefore(body: Uint8Array, at: number): number {
  let n = 0;
  while (at - n - 1 >= 0 && body[at - n - 1] === 0x5c) n++;
  return n;
}
