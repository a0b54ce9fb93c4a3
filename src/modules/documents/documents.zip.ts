/**
 * A guard in front of mammoth/jszip: reads a zip's central directory and checks sizes before
 * anything is inflated, then inflates each part once with a hard output cap, so a zip bomb (or
 * a zip lying about its sizes) is refused instead of filling memory.
 */
import { bilingual } from '../../lib/bilingual.ts';
import { InflateCapExceeded, inflateRawCapped } from '../../lib/inflate-capped.ts';

/** One file inside a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Caps for reading a zip-based document. */
export interface ZipLimits {
  /** Sum of the declared uncompressed sizes. */
  maxTotalBytes: number;
  /** Largest compression ratio allowed for a part bigger than 1 MB. */
  maxRatio: number;
  maxEntries: number;
}

/** Default caps: 50 MB unpacked, ratio 200:1, 5,000 parts. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 50 * 1024 * 1024, maxRatio: 200, maxEntries: 5000 };

/** A zip that cannot or must not be opened; the message says why, for a person, as "中文 / English". */
export class ZipRejected extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Reads the central directory of a zip archive (no inflating). */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipRejected(bilingual('文件不完整或已损坏（压缩包缺少目录结尾）', 'truncated or corrupt zip archive (no end of central directory)'));
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipRejected(bilingual('不支持 ZIP64 格式的压缩包', 'ZIP64 archives are not supported'));
  if (offset + size > bytes.length) throw new ZipRejected(bilingual('文件不完整或已损坏（压缩包目录超出了文件范围）', 'truncated or corrupt zip archive (central directory out of range)'));

  const entries: ZipEntry[] = [];
  let p = offset;
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) throw new ZipRejected(bilingual('文件已损坏（压缩包目录有误）', 'corrupt zip archive (bad central directory entry)'));
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    entries.push({
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses archives whose declared sizes are too large or too well compressed (checked before inflating). */
export function checkZipLimits(entries: ZipEntry[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  if (entries.length > limits.maxEntries) throw new ZipRejected(bilingual(`压缩包内的部件过多（${entries.length} 个）`, `too many parts in the archive (${entries.length})`));
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxTotalBytes) {
    const [mb, limit] = [total, limits.maxTotalBytes].map((n) => (n / 1048576).toFixed(0));
    throw new ZipRejected(bilingual(`解压后有 ${mb} MB，超过了 ${limit} MB 的上限`, `the archive unpacks to ${mb} MB, over the limit of ${limit} MB`));
  }
  for (const e of entries) {
    if (e.flags & 1) throw new ZipRejected(bilingual(`文件已加密（“${e.name}”）`, `"${e.name}" is encrypted`));
    if (e.compressedSize === 0xffffffff || e.uncompressedSize === 0xffffffff) throw new ZipRejected(bilingual('不支持 ZIP64 格式的压缩包', 'ZIP64 archives are not supported'));
    if (e.method !== 0 && e.method !== 8) throw new ZipRejected(bilingual(`“${e.name}”使用了不支持的压缩方式（${e.method}）`, `"${e.name}" uses an unsupported compression method (${e.method})`));
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * limits.maxRatio) {
      const ratio = Math.round(e.uncompressedSize / Math.max(1, e.compressedSize));
      throw new ZipRejected(bilingual(`“${e.name}”解压后会膨胀 ${ratio} 倍（疑似压缩炸弹）`, `"${e.name}" would expand ${ratio}× (a zip bomb?)`));
    }
  }
}

/**
 * Inflates every part with an output cap of its declared size, proving the directory tells the
 * truth before a library inflates them without a cap. Every part, images included: the
 * relationships (_rels) may point the main document at any of them. `onPart` gets each part.
 */
export function verifyZipParts(bytes: Uint8Array, entries: ZipEntry[], onPart?: (name: string, data: Uint8Array) => void): void {
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const data = inflateEntry(bytes, e);
    onPart?.(e.name, data);
  }
}

function inflateEntry(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = e.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw new ZipRejected(bilingual(`文件已损坏（找不到“${e.name}”）`, `corrupt zip archive ("${e.name}" not found)`));
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw new ZipRejected(bilingual(`文件不完整（“${e.name}”被截断了）`, `truncated zip archive ("${e.name}" is cut off)`));
  const data = bytes.subarray(start, end);
  if (e.method === 0) {
    if (e.compressedSize !== e.uncompressedSize) throw new ZipRejected(bilingual(`文件已损坏（“${e.name}”的大小前后不一致）`, `corrupt zip archive ("${e.name}" sizes disagree)`));
    return data;
  }
  let out: Buffer;
  try {
    out = inflateRawCapped(data, e.uncompressedSize);
  } catch (err) {
    if (err instanceof InflateCapExceeded) throw new ZipRejected(bilingual(`“${e.name}”解压后超出了声明的大小（疑似压缩炸弹）`, `"${e.name}" expands beyond its declared size (a zip bomb?)`));
    throw new ZipRejected(bilingual(`文件已损坏（“${e.name}”：${(err as Error).message}）`, `corrupt zip archive ("${e.name}": ${(err as Error).message})`));
  }
  if (out.length !== e.uncompressedSize) throw new ZipRejected(bilingual(`文件已损坏（“${e.name}”实际有 ${out.length} 字节，声明为 ${e.uncompressedSize} 字节）`, `corrupt zip archive ("${e.name}" is ${out.length} bytes, declared ${e.uncompressedSize})`));
  return out;
}
