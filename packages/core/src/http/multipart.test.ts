import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { multipartFile } from './multipart';

describe('multipart bodies', () => {
  it('refuse a multipart Content-Type without a boundary as a malformed body (400), not a fault', async () => {
    for (const type of ['multipart/form-data', 'multipart/form-data; charset=utf-8']) {
      const event = { headers: { 'Content-Type': type }, body: 'abc' } as unknown as APIGatewayProxyEvent;
      await expect(multipartFile(event, 'file', 1024)).rejects.toThrow(ValidationError);
    }
  });
});
