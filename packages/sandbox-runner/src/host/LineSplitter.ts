/**
 * Splits a byte stream (a guest's stderr) into lines, each capped at `maxLine` characters so a plugin
 * that writes megabytes without a newline cannot grow host memory: the excess is dropped and counted.
 */
export class LineSplitter {
  readonly #maxLine: number;
  readonly #onLine: (line: string) => void;
  #partial = '';
  #dropped = 0;

  constructor(maxLine: number, onLine: (line: string) => void) {
    this.#maxLine = maxLine;
    this.#onLine = onLine;
  }

  push(chunk: Buffer | string): void {
    const text = this.#partial + chunk.toString();
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#emit(line);
    if (this.#partial.length > this.#maxLine) {
      this.#dropped += this.#partial.length - this.#maxLine;
      this.#partial = this.#partial.slice(0, this.#maxLine);
    }
  }

  end(): void {
    if (this.#partial || this.#dropped) this.#emit(this.#partial);
    this.#partial = '';
  }

  #emit(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const over = line.length > this.#maxLine ? line.length - this.#maxLine : 0;
    const dropped = this.#dropped + over;
    this.#dropped = 0;
    if (line.length === 0 && dropped === 0) return;
    this.#onLine(dropped > 0 ? `${line.slice(0, this.#maxLine)}… [${dropped} more characters dropped]` : line);
  }
}
