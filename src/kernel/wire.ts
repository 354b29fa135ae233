/**
 * The Jupyter wire protocol (messaging v5.3): frames `[idents..., "<IDS|MSG>", hmac, header,
 * parent_header, metadata, content, buffers...]`, signed with HMAC-SHA256 over the four JSON parts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

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
  readonly #key: string;

  /** `key` is the connection file's key; the empty key disables signing (never used by plait). */
  constructor(key: string) {
    this.#key = key;
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
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(decoder.decode(p)));
      return { header, parent_header, metadata, content, buffers: frames.slice(at + 6) };
    } catch {
      return undefined;
    }
  }

  #sign(parts: Uint8Array[]): string {
    if (!this.#key) return "";
    const hmac = createHmac("sha256", this.#key);
    for (const p of parts) hmac.update(p);
    return hmac.digest("hex");
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
