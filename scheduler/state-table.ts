// The states explore has stored, as SPIN stores its state vectors: each state's key is a byte string written
// into one growing buffer, found again through an open-addressing hash table of entry numbers. No string and no
// Map entry per state: building, hashing and keeping a key are the search's commonest work. A key is made of the
// numbers of its parts (each task's and each lock's bytes, numbered in a table of their own), as SPIN's COLLAPSE
// compression stores each process's state once.

/** A key being written: numbers (and strings from user code), each in a prefix-free encoding. */
export class KeyWriter {
  bytes = new Uint8Array(256);
  length = 0;

  reset(): void {
    this.length = 0;
  }

  /**
   * A non-negative safe integer n as the base-128 varint of 2n (the low bit clear); anything else (negative,
   * fractional, huge) as the varint of 2k + 1 for its k characters in decimal, then those characters.
   */
  number(value: number): void {
    if (value >= 0 && Number.isSafeInteger(value) && value < 2 ** 52) return this.varint(value * 2);
    const digits = String(value);
    this.varint(digits.length * 2 + 1);
    for (let at = 0; at < digits.length; at++) this.byte(digits.charCodeAt(at));
  }

  /** A string from user code (a group name): its length, then each UTF-16 code unit. */
  text(value: string): void {
    this.number(value.length);
    for (let at = 0; at < value.length; at++) this.number(value.charCodeAt(at));
  }

  /** The key as a string, one character per byte: for tests and anything that wants a key to compare. */
  toString(): string {
    let key = '';
    for (let at = 0; at < this.length; at += CHUNK) key += String.fromCharCode.apply(null, Array.from(this.bytes.subarray(at, Math.min(this.length, at + CHUNK))));
    return key;
  }

  private varint(value: number): void {
    while (value >= 0x80) {
      this.byte((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    this.byte(value);
  }

  private byte(value: number): void {
    if (this.length === this.bytes.length) this.bytes = grown(this.bytes, this.length + 1);
    this.bytes[this.length++] = value;
  }
}

const CHUNK = 4096;

/** A state's key being written, and the numbers of the parts (tasks, locks) keys are made of. */
export class StateKeys {
  readonly key = new KeyWriter();
  private readonly part = new KeyWriter();
  private readonly parts = new StateTable();

  /** A part's bytes are written here, then numbered by endPart. */
  startPart(): KeyWriter {
    this.part.reset();
    return this.part;
  }

  /** The number of the part just written: the same for the same bytes. */
  endPart(): number {
    const known = this.parts.find(this.part);
    return known === -1 ? this.parts.add(this.part, 0) : known;
  }
}

/** Keys seen, each with a number beside it (explore keeps there the schedules from the state to an end). */
export class StateTable {
  private bytes = new Uint8Array(1 << 16);
  /** Entry i's key is bytes[starts[i]] up to bytes[starts[i + 1]]. */
  private starts = new Int32Array(1 << 10);
  private hashes = new Int32Array(1 << 10);
  private values = new Float64Array(1 << 10);
  /** Entry number + 1 per slot, 0 when the slot is free; its length a power of two, at most half full. */
  private slots = new Int32Array(1 << 11);
  size = 0;

  /** The entry holding this key, or -1. */
  find(key: KeyWriter): number {
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry === -1) return -1;
      if (this.hashes[entry] === hash && this.holds(entry, key)) return entry;
    }
  }

  /** Stores a key not in the table; its entry number. */
  add(key: KeyWriter, value: number): number {
    const entry = this.size++;
    if (this.size + 1 > this.starts.length) this.growEntries();
    const start = this.starts[entry]!;
    if (start + key.length > this.bytes.length) this.bytes = grown(this.bytes, start + key.length);
    this.bytes.set(key.bytes.subarray(0, key.length), start);
    this.starts[entry + 1] = start + key.length;
    this.hashes[entry] = hashOf(key);
    this.values[entry] = value;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(entry);
    return entry;
  }

  value(entry: number): number {
    return this.values[entry]!;
  }

  setValue(entry: number, value: number): void {
    this.values[entry] = value;
  }

  private holds(entry: number, key: KeyWriter): boolean {
    const start = this.starts[entry]!;
    if (this.starts[entry + 1]! - start !== key.length) return false;
    for (let at = 0; at < key.length; at++) if (this.bytes[start + at] !== key.bytes[at]) return false;
    return true;
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[entry]! & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  private rehash(slots: number): void {
    this.slots = new Int32Array(slots);
    for (let entry = 0; entry < this.size; entry++) this.place(entry);
  }

  private growEntries(): void {
    const length = this.starts.length * 2;
    this.starts = grown(this.starts, length);
    this.hashes = grown(this.hashes, length);
    this.values = grown(this.values, length);
  }
}

/** FNV-1a over the key's bytes. */
function hashOf(key: KeyWriter): number {
  let hash = 0x811c9dc5 | 0;
  for (let at = 0; at < key.length; at++) hash = Math.imul(hash ^ key.bytes[at]!, 0x01000193);
  return hash;
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(array: T, atLeast: number): T {
  let length = array.length * 2;
  while (length < atLeast) length *= 2;
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
