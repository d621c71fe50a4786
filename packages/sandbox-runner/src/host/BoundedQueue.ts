/**
 * A FIFO with a hard capacity and a drop-oldest policy: pushing into a full queue evicts the oldest
 * item and counts it. A ring buffer, so push/shift are O(1) and memory is fixed at the capacity.
 */
export class BoundedQueue<T> {
  readonly capacity: number;
  readonly #items: Array<T | undefined>;
  #head = 0;
  #size = 0;
  /** Items evicted since the last `takeDropped()`. */
  #dropped = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds `item`; returns the evicted oldest item when the queue was full. */
  push(item: T): T | undefined {
    let evicted: T | undefined;
    if (this.#size === this.capacity) {
      evicted = this.shift();
      this.#dropped++;
    }
    this.#items[(this.#head + this.#size) % this.capacity] = item;
    this.#size++;
    return evicted;
  }

  /** Puts an item back at the front (it was just shifted); evicts nothing, so only valid below capacity. */
  unshift(item: T): void {
    if (this.#size === this.capacity) return;
    this.#head = (this.#head - 1 + this.capacity) % this.capacity;
    this.#items[this.#head] = item;
    this.#size++;
  }

  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.capacity;
    this.#size--;
    return item;
  }

  /** Returns and resets the count of evicted items. */
  takeDropped(): number {
    const n = this.#dropped;
    this.#dropped = 0;
    return n;
  }

  clear(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }
}
