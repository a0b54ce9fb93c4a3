/**
 * Inflating a zip part (raw deflate) with a hard cap on what it really inflates to, not what its
 * header declares: zlib stops and throws as soon as the output passes the cap, so a part lying about
 * its size costs at most the cap. Used by every reader of zip-based uploads (.docx, .xlsx).
 */
import zlib from 'node:zlib';

/** The part inflated past its cap; `cap` is the number of bytes allowed. */
export class InflateCapExceeded extends Error {
  constructor(readonly cap: number) {
    super(`inflates past ${cap} bytes`);
    this.name = 'InflateCapExceeded';
  }
}

/**
 * Inflates raw-deflate bytes, refusing output past `cap` bytes with {@link InflateCapExceeded}; a corrupt
 * stream throws zlib's own error.
 * @example inflateRawCapped(part, entry.uncompressedSize)
 */
export function inflateRawCapped(data: Uint8Array, cap: number): Buffer {
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, cap) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateCapExceeded(cap);
    throw err;
  }
}

/**
 * How many bytes zlib-wrapped deflate data inflates to, counted chunk by chunk without keeping them, stopping
 * at `cap` (returns a number past `cap` then). A corrupt stream counts what inflated before the fault.
 * @example if ((await inflatedSize(stream, budget)) > budget) refuse()
 */
export function inflatedSize(data: Uint8Array, cap: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflate();
    let total = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(total);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > cap) finish();
    });
    inflate.on('end', finish);
    inflate.on('error', finish);
    inflate.end(data);
  });
}
