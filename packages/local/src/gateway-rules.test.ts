import { BINARY_MEDIA_TYPES } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import {
  decodesBinaryAnswer,
  gatewayAnswerCors,
  isBinaryMediaType,
  preflightHeaders,
  requestIsBinary,
} from './gateway-rules';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// The list the API had before issue #10: exports reached curl and browsers as base64 text.
const EXPORT_TYPES_ONLY = ['multipart/form-data', 'application/octet-stream', XLSX];
const ORIGINS = ['https://app.example.com', 'https://admin.example.com'];

describe("API Gateway's binary rules", () => {
  it('match entries with wildcards, and the tested type literally', () => {
    expect(isBinaryMediaType('image/png', ['image/*'])).toBe(true);
    expect(isBinaryMediaType('text/csv', ['*/*'])).toBe(true);
    expect(isBinaryMediaType('*/*', [XLSX])).toBe(false);
  });

  it('decode a base64 answer only for a binary first Accept type', () => {
    expect(decodesBinaryAnswer(`${XLSX}, */*`, EXPORT_TYPES_ONLY)).toBe(true);
    expect(decodesBinaryAnswer(`application/json, ${XLSX}`, EXPORT_TYPES_ONLY)).toBe(false);
    // What curl, fetch and browsers send, and no Accept at all: base64 text with the old list.
    expect(decodesBinaryAnswer('*/*', EXPORT_TYPES_ONLY)).toBe(false);
    expect(decodesBinaryAnswer(undefined, EXPORT_TYPES_ONLY)).toBe(false);
  });

  it('give bytes to every client with the deployed list', () => {
    for (const accept of ['*/*', undefined, 'text/html,application/xhtml+xml,*/*;q=0.8', XLSX])
      expect(decodesBinaryAnswer(accept, BINARY_MEDIA_TYPES), String(accept)).toBe(true);
  });

  it('encode request bodies whose type is binary, JSON included under the deployed list', () => {
    expect(requestIsBinary('application/json', EXPORT_TYPES_ONLY)).toBe(false);
    expect(requestIsBinary('multipart/form-data; boundary=x', EXPORT_TYPES_ONLY)).toBe(true);
    expect(requestIsBinary('application/json', BINARY_MEDIA_TYPES)).toBe(true);
    expect(requestIsBinary(undefined, BINARY_MEDIA_TYPES)).toBe(true);
  });
});

describe("CORS on the gateway's own answers", () => {
  it('name the one allowed origin, or echo the request origin when several are allowed', () => {
    expect(gatewayAnswerCors('https://x.example', ['https://app.example.com'])).toMatchObject({
      'Access-Control-Allow-Origin': 'https://app.example.com',
    });
    expect(gatewayAnswerCors(ORIGINS[1], ORIGINS)['Access-Control-Allow-Origin']).toBe(ORIGINS[1]);
    expect(gatewayAnswerCors(undefined, ORIGINS)['Access-Control-Allow-Origin']).toBeUndefined();
    expect(gatewayAnswerCors(ORIGINS[0], [])).toEqual({});
  });

  it('answer preflights as the CDK mock integration does', () => {
    expect(preflightHeaders(ORIGINS[1], ORIGINS)['Access-Control-Allow-Origin']).toBe(ORIGINS[1]);
    expect(preflightHeaders('https://x.example', ORIGINS)['Access-Control-Allow-Origin']).toBe(ORIGINS[0]);
    expect(preflightHeaders(ORIGINS[0], [])).toEqual({});
  });
});
