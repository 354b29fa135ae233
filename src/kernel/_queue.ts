/** An unbounded async queue: `push` never blocks, `next` waits; after `close`, `next` gives `undefined`. */
export class AsyncQueue<T> {
  #items: T[] = [];
  #head = 0;
  #waiters: ((value: T | undefined) => void)[] = [];
  #closed = false;

  /** Adds an item, waking one waiter. Ignored once closed. */
  push(item: T): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter(item);
    else this.#items.push(item);
  }

  /** The next item, or `undefined` once closed and drained. */
  next(): Promise<T | undefined> {
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head++];
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the queue: waiters get `undefined`; items already queued can still be taken. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w(undefined);
  }

  get closed(): boolean {
    return this.#closed;
  }
}
