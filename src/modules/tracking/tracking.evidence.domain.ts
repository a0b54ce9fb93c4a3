import { bilingual } from '../../lib/bilingual.ts';

/** The kinds of evidence file accepted (佐证材料: pdf, images, office files), by extension, with their content type. */
export const EVIDENCE_TYPES: Record<string, { contentType: string; family: Family }> = {
  pdf: { contentType: 'application/pdf', family: 'pdf' },
  png: { contentType: 'image/png', family: 'png' },
  jpg: { contentType: 'image/jpeg', family: 'jpeg' },
  jpeg: { contentType: 'image/jpeg', family: 'jpeg' },
  gif: { contentType: 'image/gif', family: 'gif' },
  webp: { contentType: 'image/webp', family: 'webp' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', family: 'docx' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', family: 'xlsx' },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', family: 'pptx' },
  doc: { contentType: 'application/msword', family: 'ole' },
  xls: { contentType: 'application/vnd.ms-excel', family: 'ole' },
  ppt: { contentType: 'application/vnd.ms-powerpoint', family: 'ole' },
};
type Family = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'docx' | 'xlsx' | 'pptx' | 'ole';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** What the bytes are, by their signature (and, for a zip, the part names an Office file must hold); null when unknown. */
export function sniffFamily(bytes: Uint8Array): Family | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Zip part names are stored as written: an Office file names its main part.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    if (!text.includes('[Content_Types].xml')) return null;
    if (text.includes('word/document')) return 'docx';
    if (text.includes('xl/workbook')) return 'xlsx';
    if (text.includes('ppt/presentation')) return 'pptx';
  }
  return null;
}

/**
 * Checks an evidence file before it is stored: a known extension, content that is what the extension says, and the
 * size limit. Returns the content type to serve it with, or throws the message to show (both languages).
 */
export function checkEvidence(fileName: string, bytes: Uint8Array, maxBytes: number): { contentType: string } | { error: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const type = EVIDENCE_TYPES[ext];
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  if (!type) {
    const known = Object.keys(EVIDENCE_TYPES).join(', ');
    return { error: bilingual(`${fileName}：不支持的文件类型，可上传 ${known}`, `${fileName}: not an accepted file type; accepted: ${known}`) };
  }
  if (bytes.byteLength > maxBytes) return { error: bilingual(`${fileName}：文件超过 ${mb} MB`, `${fileName}: the file is larger than ${mb} MB`) };
  if (bytes.byteLength === 0) return { error: bilingual(`${fileName}：文件是空的`, `${fileName}: the file is empty`) };
  const found = sniffFamily(bytes);
  if (found !== type.family) {
    return { error: bilingual(`${fileName}：文件内容与扩展名 .${ext} 不符${found ? `（内容是 ${found}）` : ''}`, `${fileName}: the content does not match the extension .${ext}${found ? ` (it is ${found})` : ''}`) };
  }
  return { contentType: type.contentType };
}
