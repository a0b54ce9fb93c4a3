import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from './errors.ts';

/** Reads the single uploaded file of a multipart request into memory, refusing one over `maxBytes` before it is all read. */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<{ fileName: string; bytes: Uint8Array; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new ValidationError('请上传文件（multipart/form-data）/ upload a file as multipart/form-data', [{ field: 'file', message: 'missing' }]);
  const chunks: Buffer[] = [];
  let size = 0;
  let part;
  try {
    part = await request.file({ limits: { fileSize: maxBytes } });
    if (!part) throw new ValidationError('没有收到文件 / no file received', [{ field: 'file', message: 'missing' }]);
    for await (const chunk of part.file) {
      size += chunk.length;
      if (size > maxBytes) break;
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw malformedUpload(error);
  }
  if (part.file.truncated || size > maxBytes) {
    throw new ValidationError(`${part.filename}: 文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB / the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, [
      { field: 'file', message: 'too large' },
    ]);
  }
  // PostgreSQL text cannot hold a NUL; the name is stored with what the file becomes.
  if (part.filename.includes('\0')) throw new ValidationError('文件名含有空字符（\\0）/ the file name contains a NUL character', [{ field: 'file', message: 'NUL in file name' }]);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(part.fields)) {
    const f = Array.isArray(v) ? v[0] : v;
    if (f && typeof f === 'object' && 'value' in f && typeof f.value === 'string') {
      if (f.value.includes('\0')) throw new ValidationError(`${k}: 含有空字符（\\0）/ contains a NUL character`, [{ field: k, message: 'contains a NUL character' }]);
      fields[k] = f.value;
    }
  }
  return { fileName: part.filename, bytes: new Uint8Array(Buffer.concat(chunks)), fields };
}

/**
 * A broken multipart body (no boundary, a cut-off part, a bad part header) is the sender's fault: a 400 naming the
 * upload, not a 500. Errors that already say what went wrong (our own, or the plugin's 4xx limits) pass unchanged.
 */
function malformedUpload(error: unknown): unknown {
  if (error instanceof ValidationError) return error;
  const status = (error as { statusCode?: number } | null)?.statusCode;
  if (status && status < 500) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ValidationError(`上传内容不完整或格式有误 / the upload is malformed (multipart/form-data): ${reason}`, [{ field: 'file', message: reason }]);
}

/** Sends a file download with a UTF-8 file name (Chinese names survive in every browser). */
export function sendDownload(reply: FastifyReply, fileName: string, contentType: string, body: Buffer | NodeJS.ReadableStream) {
  reply.header('content-type', contentType);
  reply.header('content-disposition', `attachment; filename="${encodeURIComponent(fileName.replace(/[^\x20-\x7e]/g, '_'))}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  return reply.send(body);
}
