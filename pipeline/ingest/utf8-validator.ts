import { isUtf8 } from 'node:buffer';

/** Bytes at the end of a chunk that begin a multi-byte UTF-8 character the next chunk completes. */
function incompleteUtf8Tail(bytes: Uint8Array): number {
  // Back up over an incomplete trailing sequence: at most 3 bytes of a 4-byte character.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** Checks that a stream of chunks is valid UTF-8, a character split between two chunks included. */
export class Utf8Validator {
  private carry: Uint8Array = new Uint8Array(0);
  /** False from the first chunk that is not valid UTF-8 on; later chunks are not looked at. */
  valid = true;

  /** Checks the next chunk (which the caller may reuse afterwards). */
  push(chunk: Uint8Array): void {
    if (!this.valid) return;
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = bytes.length - incompleteUtf8Tail(bytes);
    if (!isUtf8(bytes.subarray(0, end))) this.valid = false;
    // A copy: the caller may reuse its read buffer (Buffer#slice would share it).
    this.carry = Uint8Array.prototype.slice.call(bytes, end);
  }

  /** Whether every byte pushed was valid UTF-8, with no character left unfinished at the end. */
  finish(): boolean {
    return this.valid && this.carry.length === 0;
  }
}
