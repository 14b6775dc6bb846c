import { describe, expect, it } from 'vitest';
import { connect, type Place, restore, signOut } from './session';

/** A scripted API: each request takes the next answer; every request is kept. */
function place(answers: Array<[number, unknown]>) {
  const items = new Map<string, string>();
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const [status, body] = answers.shift() ?? [500, {}];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const here: Place = {
    origin: 'http://dashboard.test',
    storage: {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    },
    transport: { fetch, onUpload: () => undefined },
  };
  const kept = () => JSON.parse(items.get('pynomaly.session') ?? 'null') as { tokens: unknown } | null;
  return { here, requests, kept };
}

const list = { datasets: [], pagination: { page: 1, limit: 20, total: 0, pages: 1 } };

describe('the dashboard session', () => {
  it('keeps the tokens of a sign-in, and the refreshed ones, so a reload has the newest', async () => {
    // Prepare
    const { here, requests, kept } = place([
      [200, { access_token: 'a1', refresh_token: 'r1', expires_in: 3600 }],
      [401, { title: 'Unauthorized' }],
      [200, { access_token: 'a2', expires_in: 3600 }],
      [200, list],
    ]);
    const signedIn = connect('ana', undefined, here);

    // Act
    await signedIn.client.login({ username: 'ana', password: 'pw' });
    await signedIn.client.datasets.list();

    // Assess
    expect(kept()).toEqual({
      username: 'ana',
      tokens: { access_token: 'a2', refresh_token: 'r1', expires_in: 3600 },
    });
    const reloaded = restore(here);
    expect(reloaded?.username).toBe('ana');
    expect(reloaded?.client.tokens).toMatchObject({ access_token: 'a2', refresh_token: 'r1' });
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([
      null,
      'Bearer a1',
      null,
      'Bearer a2',
    ]);
  });

  it('forgets the sign-in when signing out, also when the API cannot be told', async () => {
    // Prepare
    const { here, kept } = place([[503, { title: 'Unavailable' }]]);
    const signedIn = connect('ana', { access_token: 'a1', refresh_token: 'r1' }, here);
    here.storage.setItem(
      'pynomaly.session',
      JSON.stringify({ username: 'ana', tokens: signedIn.client.tokens }),
    );

    // Act
    await signOut(signedIn, here.storage);

    // Assess
    expect(kept()).toBeNull();
    expect(restore(here)).toBeUndefined();
  });
});
