/**
 * A multipart/form-data body with one file in the field `file`, as the upload routes read it, for app.inject.
 * @example app.inject({ method: 'POST', url: '/api/plans/parse', ...multipart('a.docx', bytes) })
 */
export function multipart(fileName: string, content: Uint8Array | string, type = 'application/octet-stream'): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = '----luoshi' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, typeof content === 'string' ? Buffer.from(content) : content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
