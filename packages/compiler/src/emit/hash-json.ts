import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

/**
 * Hex SHA-256 of the UTF-8 of `JSON.stringify(value)` with the top-level members named in `skip`
 * left out, computed without building the JSON text: the value is walked and its bytes written
 * into a reused buffer. Stringifying a large graph to hash it leaves about four times its size in
 * garbage (the stringifier's parts, then their flattened copy), and collecting that while the
 * freshly parsed syntax tree is still young costs more than the hashing itself.
 *
 * For plain data only, as lowering builds it: objects with `Object.prototype` (or none) and no
 * `toJSON`, arrays, strings, numbers, booleans and `null` (members that are `undefined`,
 * functions or symbols are left out, as JSON.stringify does). Anything else (a `toJSON`, a class
 * instance) is not hashed as `JSON.stringify` would write it: give it JSON data.
 */
export function sha256OfPlainJson(value: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>): string {
  if (inheritsEnumerable()) return createHash('sha256').update(JSON.stringify(without(value, skip))).digest('hex');
  hash = createHash('sha256');
  length = 0;
  writeObject(value, skip);
  flush();
  const digest = hash.digest('hex');
  hash = undefined;
  return digest;
}

/**
 * True when plain objects inherit an enumerable property (someone added one to
 * `Object.prototype`): `for … in` would list it, JSON.stringify would not, so the walk is not used.
 */
function inheritsEnumerable(): boolean {
  for (const _ in {}) return true;
  return false;
}

/** A shallow copy of `value` without the members in `skip`. */
function without(value: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!skip.has(key)) Object.defineProperty(copy, key, { value: value[key], enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const HEX = '0123456789abcdef';

/** The output buffer, shared (hashing is synchronous): bytes `0 … length` are waiting for the hash. */
const buffer = new Uint8Array(1 << 16);
let length = 0;
let hash: Hash | undefined;
/** Room kept free at the end of the buffer: the most written between two checks (`\uXXXX`, a 4-byte character, a few marks). */
const SLACK = 16;
/** UTF-16 units of a string written at once: at most 6 bytes each (`\uXXXX`), so they fit without checks. */
const PIECE = Math.floor((buffer.length - SLACK) / 6);

function flush(): void {
  hash?.update(buffer.subarray(0, length));
  length = 0;
}

/** One byte (with the room check, for the marks between values). */
function mark(byte: number): void {
  if (length > buffer.length - SLACK) flush();
  buffer[length++] = byte;
}

/** Members `JSON.stringify` leaves out of an object (and writes as `null` in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function writeValue(value: unknown): void {
  if (typeof value === 'string') writeString(value);
  else if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) writeArray(value);
    else writeObject(value as Readonly<Record<string, unknown>>);
  } else if (typeof value === 'number') writeAscii(Number.isFinite(value) ? String(value) : 'null');
  else if (typeof value === 'boolean') writeAscii(value ? 'true' : 'false');
  else writeAscii('null');
}

function writeArray(items: readonly unknown[]): void {
  mark(0x5b); // [
  for (let i = 0; i < items.length; i += 1) {
    if (i > 0) mark(COMMA);
    const item = items[i];
    if (omitted(item)) writeAscii('null');
    else writeValue(item);
  }
  mark(0x5d); // ]
}

/** An object's members in their order, without those named in `skip`. */
function writeObject(members: Readonly<Record<string, unknown>>, skip?: ReadonlySet<string>): void {
  mark(0x7b); // {
  let first = true;
  // `for … in` walks a plain object's keys without allocating (Object.keys copies them); with
  // nothing enumerable inherited (checked first), it lists exactly what JSON.stringify does.
  for (const key in members) {
    const member = members[key];
    if (omitted(member) || skip?.has(key) === true) continue;
    if (!first) mark(COMMA);
    first = false;
    writeString(key);
    mark(COLON);
    writeValue(member);
  }
  mark(0x7d); // }
}

function writeAscii(text: string): void {
  for (let i = 0; i < text.length; i += 1) mark(text.charCodeAt(i));
}

/** A JSON string literal: `"`, `\` and control characters escaped, lone surrogates as `\uXXXX`, the rest as UTF-8. */
function writeString(text: string): void {
  if (text.length <= PIECE && length + text.length * 6 <= buffer.length - SLACK) {
    // The common case: a short string with room for it.
    buffer[length] = QUOTE;
    length = writeUnits(buffer, length + 1, text, 0, text.length);
    buffer[length++] = QUOTE;
    return;
  }
  mark(QUOTE);
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + PIECE);
    if (end < text.length) {
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end -= 1; // keep a surrogate pair in one piece
    }
    if (length + (end - start) * 6 > buffer.length - SLACK) flush();
    length = writeUnits(buffer, length, text, start, end);
    start = end;
  }
  mark(QUOTE);
}

/** The UTF-16 units `from` to `to` of a string, escaped, written at `at` (there is room); returns the new end. */
function writeUnits(out: Uint8Array, at: number, text: string, from: number, to: number): number {
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code >= 0x20 && code !== QUOTE && code !== BACKSLASH) out[at++] = code;
      else at = writeEscape(out, at, code);
    } else if (code < 0x800) {
      out[at++] = 0xc0 | (code >> 6);
      out[at++] = 0x80 | (code & 0x3f);
    } else if (code < 0xd800 || code > 0xdfff) {
      out[at++] = 0xe0 | (code >> 12);
      out[at++] = 0x80 | ((code >> 6) & 0x3f);
      out[at++] = 0x80 | (code & 0x3f);
    } else {
      const next = i + 1 < to ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const point = ((code - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        out[at++] = 0xf0 | (point >> 18);
        out[at++] = 0x80 | ((point >> 12) & 0x3f);
        out[at++] = 0x80 | ((point >> 6) & 0x3f);
        out[at++] = 0x80 | (point & 0x3f);
        i += 1;
      } else {
        at = writeUnicodeEscape(out, at, code);
      }
    }
  }
  return at;
}

/** The escape of an ASCII `code` (`\"`, `\\`, `\n`, …, else `\u00XX`) at `at`; returns the new end. */
function writeEscape(out: Uint8Array, at: number, code: number): number {
  const short =
    code === QUOTE ? QUOTE : code === BACKSLASH ? BACKSLASH : code === 0x08 ? 0x62 : code === 0x0c ? 0x66 : code === 0x0a ? 0x6e : code === 0x0d ? 0x72 : code === 0x09 ? 0x74 : -1;
  if (short < 0) return writeUnicodeEscape(out, at, code);
  out[at] = BACKSLASH;
  out[at + 1] = short;
  return at + 2;
}

/** `\uXXXX` with lower-case hex, as JSON.stringify writes it, at `at`; returns the new end. */
function writeUnicodeEscape(out: Uint8Array, at: number, code: number): number {
  out[at] = BACKSLASH;
  out[at + 1] = 0x75; // u
  for (let shift = 12, i = 2; shift >= 0; shift -= 4, i += 1) out[at + i] = HEX.charCodeAt((code >> shift) & 0xf);
  return at + 6;
}
