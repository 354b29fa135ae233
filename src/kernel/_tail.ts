/** Keeps the last `limit` bytes of a stream, for error messages. */
export class BoundedTail {
  #chunks: Uint8Array[] = [];
  #size = 0;
  readonly #limit: number;

  constructor(limit = 64 * 1024) {
    this.#limit = limit;
  }

  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size - this.#chunks[0].length >= this.#limit) this.#size -= this.#chunks.shift()!.length;
  }

  text(): string {
    const all = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      all.set(c, at);
      at += c.length;
    }
    const start = Math.max(0, all.length - this.#limit);
    return new TextDecoder().decode(all.subarray(start));
  }
}

/** The last `limit` bytes of a file as text; empty when it does not exist. */
export function fileTail(file: string, limit = 64 * 1024): string {
  try {
    using f = Deno.openSync(file, { read: true });
    const size = f.statSync().size;
    const start = Math.max(0, size - limit);
    f.seekSync(start, Deno.SeekMode.Start);
    const buf = new Uint8Array(size - start);
    let at = 0;
    while (at < buf.length) {
      const n = f.readSync(buf.subarray(at));
      if (n === null) break;
      at += n;
    }
    return new TextDecoder().decode(buf.subarray(0, at));
  } catch {
    return "";
  }
}
