/** Anything with `Deno.Conn`'s `read`. */
export interface Readable {
  read(p: Uint8Array): Promise<number | null>;
}

const SIZE = 64 * 1024;
/**
 * Buffers of readers that were released, for the next readers: every task gets a fresh kernel with
 * three sockets, and 192 KB of garbage buffers a task (outside the JS heap, so collected late) made
 * up most of a long build's peak memory.
 */
const spare: Uint8Array[] = [];
const MAX_SPARE = 32;

/** Reads exact byte counts from a stream connection, with one growable buffer. */
export class ByteReader {
  #buf = spare.pop() ?? new Uint8Array(SIZE);
  #start = 0;
  #end = 0;
  readonly #conn: Readable;

  constructor(conn: Readable) {
    this.#conn = conn;
  }

  /**
   * Gives the buffer back for reuse by a later reader. Call it only once no read is pending or will
   * be made (the connection is closed and its read loop has ended); the reader is unusable after.
   */
  release(): void {
    if (this.#buf.length === SIZE && spare.length < MAX_SPARE) spare.push(this.#buf);
    this.#buf = new Uint8Array(0);
    this.#start = this.#end = 0;
  }

  /** Exactly `n` bytes (a copy), or `undefined` at end of stream. */
  async readExact(n: number): Promise<Uint8Array | undefined> {
    if (n > SIZE) return await this.#readLarge(n);
    while (this.#end - this.#start < n) {
      if (!(await this.#fill(n))) return undefined;
    }
    const out = this.#buf.slice(this.#start, this.#start + n);
    this.#start += n;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    return out;
  }

  /** One byte, or `undefined` at end of stream. */
  async readByte(): Promise<number | undefined> {
    if (this.#start < this.#end) {
      const b = this.#buf[this.#start++];
      if (this.#start === this.#end) this.#start = this.#end = 0;
      return b;
    }
    const one = await this.readExact(1);
    return one?.[0];
  }

  /**
   * A large frame (a task printing 100 MB at once): read straight into a buffer of its exact size,
   * so the reader's own buffer never grows and nothing is copied twice.
   */
  async #readLarge(n: number): Promise<Uint8Array | undefined> {
    const out = new Uint8Array(n);
    let have = Math.min(n, this.#end - this.#start);
    out.set(this.#buf.subarray(this.#start, this.#start + have), 0);
    this.#start += have;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    while (have < n) {
      const got = await this.#conn.read(out.subarray(have));
      if (got === null) return undefined;
      have += got;
    }
    return out;
  }

  async #fill(need: number): Promise<boolean> {
    const have = this.#end - this.#start;
    if (this.#buf.length - this.#start < need) {
      const size = Math.max(this.#buf.length, need * 2);
      const next = size > this.#buf.length ? new Uint8Array(size) : this.#buf;
      next.set(this.#buf.subarray(this.#start, this.#end), 0);
      this.#buf = next;
      this.#start = 0;
      this.#end = have;
    }
    const got = await this.#conn.read(this.#buf.subarray(this.#end));
    if (got === null) return false;
    this.#end += got;
    return true;
  }
}
