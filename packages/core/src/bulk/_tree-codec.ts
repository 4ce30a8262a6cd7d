/**
 * A compact binary form for the JSON-like trees a chunk's outcomes are made
 * of (verification reports and errors: objects, arrays, strings, numbers,
 * booleans, null and undefined), written by a worker and read once by the
 * pool. Reports of one chunk repeat the same check codes, reasons and
 * object shapes card after card, so each frame carries every distinct string
 * and every distinct key list once and refers to it by number afterwards:
 * the reader decodes each string once per frame and builds objects from a
 * shared key list, where a general encoder would spell every string out
 * again for every card. Keys with an undefined value and key order are kept,
 * so a decoded tree is deep-equal (strictly) to the one written.
 *
 * Value tags (one byte), then varints (unsigned LEB128) and raw bytes:
 *   UNDEF | NULL | FALSE | TRUE
 *   UINT n                        a safe non-negative integer
 *   FLOAT f64le                   any other number
 *   STR_NEW len utf8-bytes        defines the frame's next string number
 *   STR i                         the frame's string number i
 *   ARRAY n value×n
 *   SHAPE_NEW n STR…×n value×n    defines the frame's next key list, then the values
 *   OBJ i value×n                 an object with key list i
 */

const UNDEF = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const UINT = 4;
const FLOAT = 5;
const STR_NEW = 6;
const STR = 7;
const ARRAY = 8;
const SHAPE_NEW = 9;
const OBJ = 10;

/** Deepest nesting written; reports are four levels deep. */
const MAX_DEPTH = 32;
/** Key-list trie nodes kept between frames; past this the trie starts again. */
const MAX_SHAPE_NODES = 4096;

interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  /** Frame in which this key list was last given a number, and that number. */
  frame: number;
  id: number;
  /** Writes the values of an object with this node's key list (set when the list is first written). */
  values: ValueWriter | null | undefined;
}

const node = (): ShapeNode => ({ next: new Map(), frame: -1, id: -1, values: undefined });

type ValueWriter = (w: TreeWriter, o: Record<string, unknown>, depth: number) => void;

/**
 * The writer's counterpart of builderFor: reads an object's values by name in key order, so each
 * read is a plain property load on objects of one hidden class instead of a generic keyed load.
 * Null for a key list holding `__proto__` (written key by key).
 */
const valueWriterFor = (keys: readonly string[]): ValueWriter | null =>
  keys.includes('__proto__')
    ? null
    : (new Function(
        'w',
        'o',
        'd',
        keys.map((k) => `w.write(o[${JSON.stringify(k)}], d);`).join('\n'),
      ) as ValueWriter);

/** Writes trees into one growing buffer, reused from frame to frame (one writer per thread). */
export class TreeWriter {
  #buf: Buffer = Buffer.allocUnsafeSlow(1 << 16);
  #pos = 0;
  #frame = 0;
  #strings = new Map<string, number>();
  #shapes = 0;
  #root: ShapeNode = node();
  #nodes = 0;

  /** Starts a frame: string and key-list numbers begin again. */
  begin(): void {
    this.#pos = 0;
    this.#frame++;
    this.#strings.clear();
    this.#shapes = 0;
    if (this.#nodes > MAX_SHAPE_NODES) {
      this.#root = node();
      this.#nodes = 0;
    }
  }

  /** Bytes written since begin(), as a view into the writer's buffer (valid until the next write). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#pos);
  }

  /** Where the next tree goes, and the string and key-list numbers given so far: for rewind(). */
  mark(): readonly [number, number, number] {
    return [this.#pos, this.#strings.size, this.#shapes];
  }

  /**
   * Drops what was written since `mark` (a tree that could not be written). Strings numbered since
   * then are forgotten; key lists are numbered afresh from the mark's count on their next use, so the
   * reader, which never saw the dropped bytes, keeps the same numbering.
   */
  rewind([pos, strings, shapes]: readonly [number, number, number]): void {
    this.#pos = pos;
    for (const [s, i] of this.#strings) if (i >= strings) this.#strings.delete(s);
    this.#shapes = shapes;
    this.#frame++;
  }

  #room(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.#buf.length * 2, this.#pos + n));
    this.#buf.copy(bigger, 0, 0, this.#pos);
    this.#buf = bigger;
  }

  #byte(b: number): void {
    this.#room(1);
    this.#buf[this.#pos++] = b;
  }

  #varint(n: number): void {
    this.#room(8);
    while (n >= 0x80) {
      this.#buf[this.#pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.#buf[this.#pos++] = n;
  }

  #string(s: string): void {
    const i = this.#strings.get(s);
    if (i !== undefined) {
      this.#byte(STR);
      this.#varint(i);
      return;
    }
    this.#strings.set(s, this.#strings.size);
    this.#room(1 + 5 + 3 * s.length);
    this.#buf[this.#pos++] = STR_NEW;
    // The byte length is written once the string is: reserve its varint at the widest it can be.
    const lenAt = this.#pos;
    const width = s.length < 43 ? 1 : s.length < 5462 ? 2 : 5;
    const n = this.#buf.write(s, lenAt + width, 'utf8');
    for (let k = 0, v = n; k < width; k++, v = Math.floor(v / 0x80))
      this.#buf[lenAt + k] = (v % 0x80) | (k < width - 1 ? 0x80 : 0);
    this.#pos = lenAt + width + n;
  }

  /** Writes one tree; throws TypeError on a value that is not JSON-like (the caller rewinds). */
  write(v: unknown, depth = 0): void {
    if (depth > MAX_DEPTH) throw new TypeError('tree too deep');
    switch (typeof v) {
      case 'undefined':
        this.#byte(UNDEF);
        return;
      case 'boolean':
        this.#byte(v ? TRUE : FALSE);
        return;
      case 'number':
        if (Number.isSafeInteger(v) && v >= 0 && !Object.is(v, -0)) {
          this.#byte(UINT);
          this.#varint(v);
          return;
        }
        this.#room(9);
        this.#buf[this.#pos++] = FLOAT;
        this.#buf.writeDoubleLE(v, this.#pos);
        this.#pos += 8;
        return;
      case 'string':
        this.#string(v);
        return;
      case 'object':
        if (v === null) {
          this.#byte(NULL);
          return;
        }
        if (Array.isArray(v)) {
          this.#byte(ARRAY);
          this.#varint(v.length);
          for (let i = 0; i < v.length; i++) this.write(v[i], depth + 1);
          return;
        }
        if (Object.getPrototypeOf(v) === Object.prototype) {
          this.#object(v as Record<string, unknown>, depth);
          return;
        }
    }
    throw new TypeError(`cannot write a ${typeof v}`);
  }

  #object(o: Record<string, unknown>, depth: number): void {
    const keys = Object.keys(o);
    let n = this.#root;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      let c = n.next.get(k);
      if (c === undefined) {
        c = node();
        n.next.set(k, c);
        this.#nodes++;
      }
      n = c;
    }
    if (n.frame === this.#frame) {
      this.#byte(OBJ);
      this.#varint(n.id);
    } else {
      n.frame = this.#frame;
      n.id = this.#shapes++;
      this.#byte(SHAPE_NEW);
      this.#varint(keys.length);
      for (let i = 0; i < keys.length; i++) this.#string(keys[i]!);
    }
    if (n.values === undefined) n.values = valueWriterFor(keys);
    if (n.values) n.values(this, o, depth + 1);
    else for (let i = 0; i < keys.length; i++) this.write(o[keys[i]!], depth + 1);
  }
}

type Builder = (r: TreeReader) => Record<string, unknown>;

/** Builders by key list (joined with NUL), shared by every frame; bounded. */
const builders = new Map<string, Builder | null>();
const MAX_BUILDERS = 1024;

/**
 * A function that builds an object with these keys from the reader's next values, in order: one
 * object literal per key list, so every object of a shape is created with the same hidden class at
 * once instead of key by key through a generic keyed store (about six times slower per object).
 * Keys are written as JSON string literals; a list holding `__proto__`, which an object literal
 * would take as the prototype, gets no builder (null) and is filled key by key.
 */
function builderFor(keys: readonly string[]): Builder | null {
  const id = keys.join('\u0000');
  let b = builders.get(id);
  if (b === undefined) {
    b = keys.includes('__proto__')
      ? null
      : (new Function(
          'r',
          `return {${keys.map((k) => `${JSON.stringify(k)}: r.read()`).join(', ')}};`,
        ) as Builder);
    if (builders.size >= MAX_BUILDERS) builders.clear();
    builders.set(id, b);
  }
  return b;
}

/** Reads the trees of one frame in the order they were written. */
export class TreeReader {
  readonly #buf: Buffer;
  #pos: number;
  readonly #end: number;
  readonly #strings: string[] = [];
  /** Key lists of this frame, each with its builder (null: filled key by key). */
  readonly #shapes: { readonly keys: string[]; readonly make: Builder | null }[] = [];

  constructor(bytes: Uint8Array) {
    this.#buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#pos = 0;
    this.#end = bytes.byteLength;
  }

  get done(): boolean {
    return this.#pos >= this.#end;
  }

  #byte(): number {
    if (this.#pos >= this.#end) throw new RangeError('frame ends early');
    return this.#buf[this.#pos++]!;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.#byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  #newString(): string {
    const len = this.varint();
    if (this.#pos + len > this.#end) throw new RangeError('frame ends early');
    const s = this.#buf.toString('utf8', this.#pos, this.#pos + len);
    this.#pos += len;
    this.#strings.push(s);
    return s;
  }

  #key(): string {
    const t = this.#byte();
    if (t === STR_NEW) return this.#newString();
    if (t === STR) return this.#strings[this.varint()]!;
    throw new RangeError('key is not a string');
  }

  read(): unknown {
    const t = this.#byte();
    switch (t) {
      case UNDEF:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case UINT:
        return this.varint();
      case FLOAT: {
        if (this.#pos + 8 > this.#end) throw new RangeError('frame ends early');
        const f = this.#buf.readDoubleLE(this.#pos);
        this.#pos += 8;
        return f;
      }
      case STR_NEW:
        return this.#newString();
      case STR:
        return this.#strings[this.varint()];
      case ARRAY: {
        const n = this.varint();
        const a: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = this.read();
        return a;
      }
      case SHAPE_NEW: {
        const n = this.varint();
        const keys: string[] = new Array(n);
        for (let i = 0; i < n; i++) keys[i] = this.#key();
        const shape = { keys, make: builderFor(keys) };
        this.#shapes.push(shape);
        return this.#fill(shape);
      }
      case OBJ: {
        const shape = this.#shapes[this.varint()];
        if (shape === undefined) throw new RangeError('unknown key list');
        return this.#fill(shape);
      }
    }
    throw new RangeError(`unknown tag ${t}`);
  }

  #fill({ keys, make }: { readonly keys: string[]; readonly make: Builder | null }): Record<string, unknown> {
    if (make) return make(this);
    // Defined, not assigned: assigning `__proto__` would set the prototype.
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++)
      Object.defineProperty(o, keys[i]!, {
        value: this.read(),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    return o;
  }
}
