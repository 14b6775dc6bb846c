import { describe, expect, it } from 'vitest';
import type { StoredBodyIntegration } from './route-types';
import { routes } from './routes';
import {
  answerTime,
  factSource,
  storedBodyAnswer,
  storedBodyAnswerTemplate,
  storedBodyKey,
  storedBodyMetadata,
} from './stored-body';

const integration: StoredBodyIntegration = {
  prefix: 'uploads/form/',
  metadata: { 'user-id': 'userId' },
  answer: {
    _id: { fact: 'requestId' },
    status: 'uploaded',
    size: null,
    rows: 0,
    at: { fact: 'requestTime' },
  },
};
const facts = {
  requestId: 'c0ffee00-0000-4000-8000-000000000001',
  requestTime: '2026-12-03T10:21:27Z',
  tenantId: 'tenant-1',
  userId: 'user-1',
  username: 'alice',
};

/**
 * API Gateway's template engine for the few constructs the answer template uses: `#set` of the
 * month map, `$t.substring(a,b)`, `$months.get(...)` and `$context.<path>`.
 */
function renderTemplate(template: string, context: Record<string, string>): string {
  const body = template.split('\n').filter((line) => !line.startsWith('#set'));
  const months = Object.fromEntries(
    ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
      m,
      String(i + 1).padStart(2, '0'),
    ]),
  );
  const t = context.requestTime ?? '';
  return body
    .join('\n')
    .replace(
      /\$months\.get\(\$t\.substring\((\d+),(\d+)\)\)/g,
      (_, a, b) => months[t.substring(+a, +b)] ?? '?',
    )
    .replace(/\$t\.substring\((\d+),(\d+)\)/g, (_, a, b) => t.substring(+a, +b))
    .replace(/\$context\.([\w.]+)/g, (_, path: string) => context[path] ?? '');
}

describe('stored-body routes', () => {
  it('answer the same JSON through API Gateway as on the local gateway', () => {
    const template = storedBodyAnswerTemplate(integration);
    const rendered = renderTemplate(template, {
      requestId: facts.requestId,
      requestTime: '03/Dec/2026:10:21:27 +0000',
      'authorizer.userId': facts.userId,
    });
    expect(JSON.parse(rendered)).toEqual(storedBodyAnswer(integration, facts));
    expect(storedBodyAnswer(integration, facts)).toEqual({
      _id: facts.requestId,
      status: 'uploaded',
      size: null,
      rows: 0,
      at: '2026-12-03T10:21:27Z',
    });
  });

  it('store the body per tenant under the request id, with the caller as metadata', () => {
    expect(storedBodyKey(integration, facts)).toBe(`uploads/form/tenant-1/${facts.requestId}`);
    expect(storedBodyMetadata(integration, facts)).toEqual({ 'user-id': 'user-1' });
    expect(factSource('tenantId')).toBe('context.authorizer.tenantId');
    expect(factSource('requestId')).toBe('context.requestId');
    expect(answerTime(new Date('2026-12-03T10:21:27.913Z'))).toBe('2026-12-03T10:21:27Z');
  });

  it('are the triage upload alone, behind the authorizer, answering the seed fields', () => {
    const stored = routes.filter((route) => route.integration);
    expect(stored.map((route) => route.paths)).toEqual([['/api/anomaly/datasets/upload']]);
    const [upload] = stored;
    expect(upload?.auth).toBe('user');
    expect(Object.keys(upload?.integration?.answer ?? {})).toEqual(
      expect.arrayContaining(['_id', 'user_id', 'filename', 'original_filename', 'status', 'uploaded_at']),
    );
  });
});
