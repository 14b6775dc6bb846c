import { brotliDecompressSync } from 'node:zlib';
import { header, httpHandler, NotFoundError, pathParam } from '@pynomaly/core';
import { DOCS_ASSETS } from './docs-assets/bundled';

type AssetName = keyof typeof DOCS_ASSETS;

/** Each file decompressed, base64-encoded, once per container on first ask (browsers without br). */
const plainBase64 = new Map<AssetName, string>();
function plainOf(name: AssetName): string {
  let body = plainBase64.get(name);
  if (body === undefined) {
    body = brotliDecompressSync(Buffer.from(DOCS_ASSETS[name].brotliBase64, 'base64')).toString('base64');
    plainBase64.set(name, body);
  }
  return body;
}

/**
 * A browser file of the interactive references (Swagger UI, Redoc), from the code itself:
 * the stored brotli bytes to a browser that takes `br`, decompressed to any other; cacheable
 * for a year (the pages ask for it with its version).
 */
export const handler = httpHandler(
  async (event) => {
    const name = pathParam(event, 'file');
    if (!Object.hasOwn(DOCS_ASSETS, name)) throw new NotFoundError('No such file');
    const asset = DOCS_ASSETS[name as AssetName];
    const brotli = /\bbr\b/.test(header(event, 'accept-encoding') ?? '');
    return {
      statusCode: 200,
      headers: {
        'Content-Type': `${asset.type}; charset=utf-8`,
        'Cache-Control': 'public, max-age=31536000, immutable',
        ETag: `"${asset.sha256.slice(0, 32)}"`,
        Vary: 'Accept-Encoding',
        ...(brotli ? { 'Content-Encoding': 'br' } : {}),
      },
      // The stored text is already the base64 of the brotli bytes.
      body: brotli ? asset.brotliBase64 : plainOf(name as AssetName),
      isBase64Encoded: true,
    };
  },
  { budget: 'none' },
);
