/** A part of a multipart/form-data body: a field, or a file with its name and type. */
export interface FormPart {
  name: string;
  value: string;
  file?: { fileName: string; contentType: string; bytes: Buffer };
}

/** Parses multipart/form-data (RFC 7578) as browsers send it from a plain HTML form. */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      if (name !== undefined) {
        parts.push(
          fileName !== undefined
            ? {
                name,
                value: fileName,
                file: {
                  fileName,
                  contentType: type ?? 'application/octet-stream',
                  bytes: Buffer.from(content),
                },
              }
            : { name, value: content.toString('utf8') },
        );
      }
    }
    start = next;
  }
  return parts;
}
