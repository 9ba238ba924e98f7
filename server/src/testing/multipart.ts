/** A multipart/form-data body as the upload page sends it: per file a `path` field (its relative path), then the file. */
export function multipartBody(files: { name: string; data: Buffer | Uint8Array | string }[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----nianbao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  files.forEach((f, i) => {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="path"\r\n\r\n`), Buffer.from(f.name, 'utf8'), Buffer.from('\r\n'));
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file${i}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    chunks.push(typeof f.data === 'string' ? Buffer.from(f.data) : Buffer.from(f.data), Buffer.from('\r\n'));
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
