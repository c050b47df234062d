import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../src/multipart.ts';

describe('parseMultipart', () => {
  it('reads fields and a binary file exactly as a browser sends them', async () => {
    // Prepare: let the platform's own FormData encode it
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const form = new FormData();
    form.set('purpose', 'Lắp đặt camera "tổ 3"');
    form.set('file', new Blob([bytes], { type: 'image/png' }), 'hoa-don.png');
    const request = new Request('http://x', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    // Act
    const parts = parseMultipart(body, request.headers.get('content-type') as string);
    // Assess
    expect(parts.find((p) => p.name === 'purpose')?.value).toBe('Lắp đặt camera "tổ 3"');
    const file = parts.find((p) => p.name === 'file')?.file;
    expect(file?.fileName).toBe('hoa-don.png');
    expect(file?.contentType).toBe('image/png');
    expect(file?.bytes.equals(bytes)).toBe(true);
  });
});
