import { createHash } from "node:crypto";

/**
 * SHA-256 of text (as UTF-8) or bytes, as lowercase hex, computed synchronously by the runtime's
 * native hasher: about 6x faster than WebCrypto's async digest on the many small strings of a
 * no-op rebuild.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "./mod.ts";
 * console.log(sha256Hex("abc").slice(0, 8)); // "ba7816bf"
 * ```
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
