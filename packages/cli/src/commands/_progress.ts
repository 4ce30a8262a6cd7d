/**
 * Progress on stderr: a redrawn bar on a TTY (done/total, cards/s, ETA),
 * otherwise a plain line every few seconds, so logs stay readable.
 */
export interface ProgressState {
  readonly done: number;
  /** Known or estimated total; undefined when unknown. */
  readonly total: number | undefined;
  /** True when `total` is an estimate (from bytes read). */
  readonly estimated: boolean;
}

const fmtSecs = (s: number): string =>
  !Number.isFinite(s)
    ? '?'
    : s < 90
      ? `${Math.round(s)}s`
      : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;

export class Progress {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #start = performance.now();
  readonly #timer: NodeJS.Timeout;
  readonly #read: () => ProgressState;

  constructor(read: () => ProgressState, out: NodeJS.WriteStream = process.stderr) {
    this.#out = out;
    this.#tty = out.isTTY === true;
    this.#read = read;
    this.#timer = setInterval(() => this.#draw(), this.#tty ? 200 : 5000);
    this.#timer.unref();
  }

  #line(): string {
    const { done, total, estimated } = this.#read();
    const secs = (performance.now() - this.#start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = total !== undefined && rate > 0 ? fmtSecs(Math.max(0, total - done) / rate) : '?';
    const of = total === undefined ? '' : `/${estimated ? '~' : ''}${total}`;
    const stats = `${done}${of} cards  ${rate.toFixed(0)} cards/s  ETA ${eta}`;
    if (!this.#tty || total === undefined || total === 0) return stats;
    const width = 24;
    const filled = Math.min(width, Math.round((done / total) * width));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}`;
  }

  #draw(): void {
    if (this.#tty) this.#out.write(`\r${this.#line()}\x1b[K`);
    else this.#out.write(`verify-bulk: ${this.#line()}\n`);
  }

  stop(): void {
    clearInterval(this.#timer);
    if (this.#tty) this.#out.write(`\r${this.#line()}\x1b[K\n`);
  }
}
