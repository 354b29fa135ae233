import { createHash } from "node:crypto";

/**
 * SHA-256 as lowercase hex, computed synchronously by the runtime's native hasher. Same digest as
 * util's `sha256`, but about 6x faster on the many small strings of a no-op rebuild (WebCrypto's
 * async digest costs ~0.1 ms a call).
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
