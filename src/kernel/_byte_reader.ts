/** Anything with `Deno.Conn`'s `read`. */
export interface Readable {
  read(p: Uint8Array): Promise<number | null>;
}

/** Reads exact byte counts from a stream connection, with one growable buffer. */
export class ByteReader {
  #buf = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;
  readonly #conn: Readable;

  constructor(conn: Readable) {
    this.#conn = conn;
  }

  /** Exactly `n` bytes (a copy), or `undefined` at end of stream. */
  async readExact(n: number): Promise<Uint8Array | undefined> {
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
