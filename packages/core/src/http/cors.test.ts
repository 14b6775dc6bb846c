import { describe, expect, it } from 'vitest';
import { allowedOrigins, corsHeaders, DEFAULT_CORS_ORIGINS, parseCorsOrigins } from './cors';

describe('CORS settings', () => {
  it('reads origins from a list or a comma-separated string, and refuses what is not an origin', () => {
    expect(parseCorsOrigins('https://a.example, http://localhost:3000')).toEqual([
      'https://a.example',
      'http://localhost:3000',
    ]);
    expect(parseCorsOrigins(undefined)).toEqual(DEFAULT_CORS_ORIGINS);
    expect(() => parseCorsOrigins(['https://a.example/path'])).toThrow(/not an origin/);
    expect(() => parseCorsOrigins('*')).toThrow(/not an origin/);
  });

  it('allows exactly the listed origins on a function answer', () => {
    const allowed = allowedOrigins({ CORS_ORIGINS: 'https://a.example' });
    expect(corsHeaders('https://a.example', allowed)).toMatchObject({
      'Access-Control-Allow-Origin': 'https://a.example',
      Vary: 'Origin',
    });
    expect(corsHeaders('https://b.example', allowed)).toEqual({ Vary: 'Origin' });
    expect(corsHeaders('https://a.example', allowedOrigins({}))).toEqual({});
  });
});
