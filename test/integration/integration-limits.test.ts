import { describe, expect, it } from 'vitest';
import { authed, login } from '../support/client';

/**
 * The local gateway enforces what AWS does between API Gateway and a function: a body that
 * base64-encodes past Lambda's 6 MB payload is refused before the function runs, as it would
 * be deployed, so a feature that only works locally cannot pass here.
 */
describe('payload limits of the integration', () => {
  it('refuses an upload that reaches the function over 6 MB with 413, and takes one under it', async () => {
    const call = authed(await login());
    const csv = (bytes: number) => {
      const line = '1,2,3,4,5,6,7,8\n';
      const form = new FormData();
      form.append(
        'file',
        new Blob([`a,b,c,d,e,f,g,h\n${line.repeat(Math.floor(bytes / line.length))}`]),
        'big.csv',
      );
      return { method: 'POST', body: form };
    };
    const over = await call('/api/v1/datasets/upload', csv(5 * 1024 * 1024));
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(((await over.json()) as { detail: string }).detail).toMatch(/Request Too Long/);
    expect((await call('/api/v1/datasets/upload', csv(1024 * 1024))).status).toBe(201);
  });
});
