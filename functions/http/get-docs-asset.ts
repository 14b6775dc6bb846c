import { brotliDecompressSync } from 'node:zlib';
import { header, httpHandler, NotFoundError, pathParam } from '@pynomaly/core';
import { DOCS_ASSETS } from './docs-assets/bundled';

type AssetName = keyof typeof DOCS_ASSETS;

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
    const packed = Buffer.from(asset.brotliBase64, 'base64');
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
      body: (brotli ? packed : brotliDecompressSync(packed)).toString('base64'),
      isBase64Encoded: true,
    };
  },
  { budget: 'none' },
);
