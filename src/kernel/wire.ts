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

  /** Decodes `frames`; `undefined` when the signature is wrong or the message is malformed. */
  decode(frames: Uint8Array[]): JupyterMessage | undefined {
    const at = frames.findIndex((f) => equalBytes(f, DELIMITER));
    if (at < 0 || frames.length < at + 6) return undefined;
    const parts = frames.slice(at + 2, at + 6);
    const expected = encoder.encode(this.#sign(parts));
    const given = frames[at + 1];
    if (!sameBytes(given, expected)) return undefined;
    try {
      const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(decoder.decode(p)));
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
