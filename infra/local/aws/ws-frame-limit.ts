/**
 * API Gateway's 32 KB WebSocket frame limit. The `ws` library only limits a
 * whole message (`maxPayload`, which enforces the 128 KB message limit), so
 * this reads the frame headers of the client's byte stream itself (RFC 6455
 * §5.2) and reports the first data frame whose payload is over the limit,
 * as soon as its header arrives and before its payload is delivered.
 * A message of several frames of at most 32 KB each is fine, up to 128 KB.
 */

export class FrameLimitScanner {
  /** Header bytes collected so far of the frame being read. */
  private header = Buffer.alloc(0);
  /** Payload bytes of the current frame still to skip. */
  private remaining = 0;
  private tripped = false;

  constructor(
    private readonly maxFrameBytes: number,
    private readonly onTooLarge: (payloadBytes: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.tripped) {
      if (this.remaining > 0) {
        const skip = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= skip;
        offset += skip;
        continue;
      }
      const need = this.headerLength();
      const take = Math.min(need - this.header.length, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
      offset += take;
      // The length fields decide the header's size: re-check until it is complete.
      if (this.header.length < this.headerLength()) continue;
      this.frameHeaderDone();
    }
  }

  /** Bytes of the current header: 2, plus 2 or 8 of extended length, plus 4 of mask. */
  private headerLength(): number {
    if (this.header.length < 2) return 2;
    const len7 = this.header[1] & 0x7f;
    const masked = (this.header[1] & 0x80) !== 0;
    return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0);
  }

  private frameHeaderDone() {
    const h = this.header;
    const opcode = h[0] & 0x0f;
    const len7 = h[1] & 0x7f;
    const length = len7 === 126 ? h.readUInt16BE(2) : len7 === 127 ? Number(h.readBigUInt64BE(2)) : len7;
    this.header = Buffer.alloc(0);
    this.remaining = length;
    // Control frames (close, ping, pong: opcodes 8–10) are at most 125 bytes by the RFC.
    if (opcode < 0x08 && length > this.maxFrameBytes) {
      this.tripped = true;
      this.onTooLarge(length);
    }
  }
}
