/**
 * Files up: a multipart POST with progress for what fits in a request, the signed-URL path
 * (start → PUT to S3 → complete → poll) for what does not.
 */
import type { Connection } from './connection.js';
import { errorFor } from './errors.js';

/** Bytes sent so far and the total, as an upload goes. */
export type Progress = (sent: number, total: number) => void;

/** What goes through API Gateway to a function in one request: about 4.5 MB of file once base64-encoded. */
export const DIRECT_UPLOAD_MAX_BYTES = 4_400_000;

const CHUNK = 64 * 1024;

/**
 * Node's fetch streams a request body over HTTP/1.1; browsers stream one only over HTTP/2, so
 * there the bytes go whole (progress is then told once, when they are sent; a page that wants
 * finer progress passes a `fetch` built on XMLHttpRequest).
 */
const streamsRequestBodies = typeof process !== 'undefined' && Boolean(process.versions?.node);

/** The upload's body and the fetch options it needs, reporting progress as it is sent. */
function uploadBody(bytes: Uint8Array, onProgress?: Progress) {
  if (streamsRequestBodies) return { body: progressBody(bytes, onProgress), duplex: 'half' as const };
  return { body: new Blob([new Uint8Array(bytes)]) };
}

/** A body that reports how much of it has been read (that is, sent). */
export function progressBody(bytes: Uint8Array, onProgress?: Progress): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes.length) {
        controller.close();
        return;
      }
      const chunk = bytes.subarray(sent, sent + CHUNK);
      sent += chunk.length;
      controller.enqueue(chunk);
      onProgress?.(sent, bytes.length);
    },
  });
}

/** Sends `init` with the connection's credentials; the answer's JSON, or its typed error. */
export async function sendJson(
  connection: Connection,
  path: string,
  init: RequestInit & { duplex?: 'half' },
): Promise<Record<string, unknown>> {
  const response = await connection.request(path, init);
  const body = response.headers.get('content-type')?.includes('json')
    ? await response.json()
    : await response.text();
  if (!response.ok) throw errorFor(response.status, body, response.headers);
  return body as Record<string, unknown>;
}

/** A multipart POST of one file (`file` field, plus text fields), with progress. */
export async function postMultipart(
  connection: Connection,
  path: string,
  file: Blob,
  filename: string,
  fields: Record<string, string> = {},
  onProgress?: Progress,
): Promise<Record<string, unknown>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, filename);
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  const answer = await sendJson(connection, path, {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'Content-Length': String(bytes.length) },
    ...uploadBody(bytes, onProgress),
  });
  if (!streamsRequestBodies) onProgress?.(bytes.length, bytes.length);
  return answer;
}

/**
 * A file too large for one request: a signed S3 URL from the API, the bytes PUT there (with
 * progress), then the upload completed and, when it is converted out of the request (202),
 * polled until it is a dataset. Answers the dataset's id.
 */
export async function largeUpload(
  connection: Connection,
  file: Blob,
  filename: string,
  options: { name?: string; onProgress?: Progress; pollMs?: number; timeoutMs?: number } = {},
): Promise<string> {
  const start = await sendJson(connection, '/api/v1/datasets/uploads', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ filename, size: file.size, ...(options.name ? { name: options.name } : {}) }),
  });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const put = await fetch(String(start.url), {
    method: String(start.method ?? 'PUT'),
    headers: start.headers as Record<string, string>,
    ...uploadBody(bytes, options.onProgress),
  } as RequestInit);
  if (!put.ok)
    throw errorFor(put.status, { title: 'The signed upload was refused', detail: await put.text() });
  if (!streamsRequestBodies) options.onProgress?.(bytes.length, bytes.length);
  const uploadId = String(start.upload_id);
  const completed = await sendJson(connection, `/api/v1/datasets/uploads/${uploadId}/complete`, {
    method: 'POST',
  });
  if (typeof completed.id === 'string' && completed.status === undefined) return completed.id;
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  for (;;) {
    const upload = await sendJson(connection, `/api/v1/datasets/uploads/${uploadId}`, { method: 'GET' });
    if (upload.status === 'completed') return String(upload.dataset_id);
    if (upload.status === 'failed')
      throw errorFor(422, { title: 'The upload failed', detail: String(upload.error_message ?? '') });
    if (Date.now() > deadline) throw new Error(`Upload ${uploadId} did not complete in time`);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}
