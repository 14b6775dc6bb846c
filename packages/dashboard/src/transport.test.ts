import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserTransport } from './transport';

/** An XMLHttpRequest stand-in: reports upload progress, then answers 201 with a JSON body. */
class FakeXhr {
  static sent: Array<{ method: string; url: string; headers: Record<string, string>; body: ArrayBuffer }> =
    [];
  upload: { onprogress?: (e: { loaded: number; total: number }) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  onabort?: () => void;
  responseType = '';
  status = 0;
  response: ArrayBuffer | null = null;
  private request = { method: '', url: '', headers: {} as Record<string, string> };
  open(method: string, url: string) {
    this.request = { method, url, headers: {} };
  }
  setRequestHeader(name: string, value: string) {
    this.request.headers[name] = value;
  }
  getAllResponseHeaders() {
    return 'content-type: application/json\r\nx-request-id: r1\r\n';
  }
  abort() {
    this.onabort?.();
  }
  send(body: ArrayBuffer) {
    FakeXhr.sent.push({ ...this.request, body });
    this.upload.onprogress?.({ loaded: body.byteLength / 2, total: body.byteLength });
    this.upload.onprogress?.({ loaded: body.byteLength, total: body.byteLength });
    this.status = 201;
    this.response = new TextEncoder().encode('{"id":"d1"}').buffer as ArrayBuffer;
    this.onload?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeXhr.sent = [];
});

describe('the browser transport', () => {
  it('sends a multipart upload by XMLHttpRequest, telling its progress, and answers a Response', async () => {
    // Prepare
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const transport = browserTransport();
    const progress: number[] = [];
    transport.onUpload((sent, total) => progress.push(sent / total));
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n']), 'rows.csv');
    // Act
    const response = await transport.fetch('http://api.test/api/v1/datasets/upload', {
      method: 'POST',
      body: form,
      headers: { Authorization: 'Bearer t' },
    });
    // Assess
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'd1' });
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(progress).toEqual([0.5, 1]);
    const [sent] = FakeXhr.sent;
    expect(sent?.headers.authorization).toBe('Bearer t');
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(new TextDecoder().decode(sent?.body)).toContain('1,2');
  });

  it('sends everything else with the browser’s fetch', async () => {
    const fetched: Request[] = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      fetched.push(request);
      return new Response('{}', { status: 200 });
    });
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const response = await browserTransport().fetch('http://api.test/api/v1/datasets', { method: 'GET' });
    expect(response.status).toBe(200);
    expect(fetched.map((r) => r.url)).toEqual(['http://api.test/api/v1/datasets']);
    expect(FakeXhr.sent).toEqual([]);
  });
});
