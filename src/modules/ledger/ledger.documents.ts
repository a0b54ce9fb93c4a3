import { extractDocumentProtected, parseDocumentText, MAX_DOCUMENT_BYTES, type ParsedDocument } from '../documents/index.ts';

/** The largest document upload accepted (a larger one is refused before it is read). */
export const MAX_UPLOAD_BYTES = MAX_DOCUMENT_BYTES;

/** A parsed upload: the document tree plus the extracted text, so the UI can show them side by side. */
export interface ParsedUpload {
  fileName: string;
  format: string;
  text: string;
  document: ParsedDocument;
}

/** Extracts and parses an uploaded official document without saving anything. */
export async function parseUploadedDocument(bytes: Uint8Array, fileName: string): Promise<ParsedUpload> {
  // Uploads arrive as Node Buffers, which pdf.js refuses; a plain Uint8Array view shares the bytes.
  // A .docx or .pdf is read in a worker thread with time and memory limits, so no upload stalls the server.
  const extracted = await extractDocumentProtected(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName);
  const document = parseDocumentText(extracted.text, { fileName, tables: extracted.tables.length ? extracted.tables : undefined });
  document.warnings.unshift(...extracted.warnings);
  return { fileName, format: extracted.format, text: extracted.text, document };
}
