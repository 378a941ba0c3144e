/** A local HTTP stand-in's request body, read up to the limit the service it stands for enforces. */
import type { IncomingMessage } from 'node:http';

/** The whole body, or null as soon as it passes `maxBytes` (the caller answers 413 or its service's error). */
export async function readBodyUpTo(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
