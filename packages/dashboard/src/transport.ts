/**
 * The fetch the SDK sends with in the browser. fetch reports no upload progress, so file
 * uploads go by XMLHttpRequest, whose upload events drive the progress bar; every other
 * request is the browser's own fetch.
 */

/** Bytes sent so far and the total. */
export type UploadProgress = (sent: number, total: number) => void;

export interface Transport {
  fetch: typeof fetch;
  /** Listens to the progress of the uploads that follow, until called again (undefined stops). */
  onUpload(listener: UploadProgress | undefined): void;
}

// Headers the browser sets itself and refuses from a page.
const BROWSER_OWNED = new Set(['content-length', 'host', 'connection']);

function send(request: Request, body: ArrayBuffer, listener: UploadProgress | undefined): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    xhr.responseType = 'arraybuffer';
    request.headers.forEach((value, name) => {
      if (!BROWSER_OWNED.has(name)) xhr.setRequestHeader(name, value);
    });
    xhr.upload.onprogress = (event) => listener?.(event.loaded, event.total || body.byteLength);
    xhr.onload = () => {
      const headers = new Headers();
      for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      const empty = [204, 205, 304].includes(xhr.status);
      resolve(new Response(empty ? null : (xhr.response as ArrayBuffer), { status: xhr.status, headers }));
    };
    xhr.onerror = () => reject(new TypeError('Network error'));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    request.signal.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

export function browserTransport(): Transport {
  let listener: UploadProgress | undefined;
  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) return fetch(request);
      return send(request, await request.arrayBuffer(), listener);
    },
    onUpload(next) {
      listener = next;
    },
  };
}
