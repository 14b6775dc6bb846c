import type { APIGatewayProxyEvent } from 'aws-lambda';
import busboy from 'busboy';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { header } from './request';

export interface UploadedFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** The one file of a `multipart/form-data` request, held to `maxBytes`. */
export async function multipartFile(
  event: APIGatewayProxyEvent,
  field: string,
  maxBytes: number,
): Promise<UploadedFile> {
  return (await multipartFields(event, field, maxBytes)).file;
}

/** The one file of a `multipart/form-data` request (held to `maxBytes`) and its text fields. */
export async function multipartFields(
  event: APIGatewayProxyEvent,
  field: string,
  maxBytes: number,
): Promise<{ file: UploadedFile; fields: Record<string, string> }> {
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'binary');
  return readMultipart(header(event, 'content-type') ?? '', raw, field, maxBytes);
}

/** The one file of a `multipart/form-data` body with this Content-Type (held to `maxBytes`) and its text fields. */
export async function readMultipart(
  contentType: string,
  raw: Buffer,
  field: string,
  maxBytes: number,
): Promise<{ file: UploadedFile; fields: Record<string, string> }> {
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new UnsupportedMediaTypeError('Expected a multipart/form-data upload with a "file" field');
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Browsers and curl send a non-ASCII file name as raw UTF-8; busboy's default is Latin-1.
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: maxBytes },
    });
  } catch {
    // busboy throws on a content type it cannot read a boundary from.
    throw new ValidationError('Malformed multipart body: the Content-Type names no boundary');
  }
  return new Promise((resolve, reject) => {
    let found: UploadedFile | undefined;
    const fields: Record<string, string> = {};
    let failure: Error | undefined;
    parser.on('file', (name, stream, info) => {
      if (name !== field) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure = new PayloadTooLargeError(
          `File exceeds the upload limit of ${Math.floor(maxBytes / (1024 * 1024))} MB`,
        );
      });
      stream.on('close', () => {
        found = { filename: info.filename ?? '', contentType: info.mimeType, body: Buffer.concat(chunks) };
      });
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('error', () => reject(new ValidationError('Malformed multipart body')));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!found)
        reject(new ValidationError(`No "${field}" file in the upload`, [{ field, message: 'required' }]));
      else resolve({ file: found, fields });
    });
    parser.end(raw);
  });
}
