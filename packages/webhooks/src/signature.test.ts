import { describe, expect, it } from 'vitest';
import { newSecret, sign, signedHeaders, verify } from './signature';

// The known answer of the Standard Webhooks reference library (libraries/javascript, "sign function works").
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('webhook signatures', () => {
  it('signs the Standard Webhooks known vector', () => {
    expect(sign(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
  });

  it('verifies within the tolerance and refuses stale, future and tampered messages', () => {
    const now = vector.timestamp * 1000;
    const headers = signedHeaders([vector.secret], vector.id, vector.timestamp, vector.body);
    expect(verify(vector.secret, headers, vector.body, { now })).toBe(true);
    expect(verify(vector.secret, headers, vector.body, { now: now + 301_000 })).toBe(false);
    expect(verify(vector.secret, headers, vector.body, { now: now - 301_000 })).toBe(false);
    expect(verify(vector.secret, headers, `${vector.body} `, { now })).toBe(false);
    expect(verify(newSecret(), headers, vector.body, { now })).toBe(false);
  });

  it('carries one signature per secret during a rotation, either verifying', () => {
    const [next, old] = [newSecret(), newSecret()];
    const headers = signedHeaders([next, old], 'msg_1', vector.timestamp, '{}');
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const secret of [next, old])
      expect(verify(secret, headers, '{}', { now: vector.timestamp * 1000 })).toBe(true);
  });

  it('makes secrets of 32 random bytes behind whsec_', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
  });
});
