import { describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '../../functions/routes';
import {
  groupRoutes,
  MAX_ROUTES_PER_STACK,
  parentPath,
  type RouteGroup,
  resourceOwners,
  routeKey,
} from '../../infra/constructs/route-groups';

/** A route with just what the grouping reads. */
const route = (id: string, ...paths: string[]): RouteDefinition => ({
  id,
  method: 'GET',
  paths,
  handler: `http/${id}`,
  auth: 'user',
});

/** Route id → group id. */
const groupOf = (groups: readonly RouteGroup[]) =>
  new Map(groups.flatMap((group) => group.routes.map((r) => [r.id, group.id] as const)));

describe('route keys', () => {
  it.each([
    ['/api/v1/auth/login', 'Auth'],
    ['/api/auth/login', 'Auth'],
    ['/api/health', 'Health'],
    ['/api/v1/api-keys/{id}', 'ApiKeys'],
    ['/api/anomaly/datasets/{id}', 'Anomaly'],
    ['/api/v2/detectors', 'Detectors'],
    ['/api/v1', 'V1'],
    ['/', 'Root'],
  ])('of %s is %s', (path, key) => {
    expect(routeKey({ paths: [path] })).toBe(key);
  });

  it('come from the canonical (first) path, so aliases elsewhere do not move a route', () => {
    expect(routeKey({ paths: ['/api/health', '/api/v1/health', '/api/anomaly/health'] })).toBe('Health');
  });
});

describe('route groups', () => {
  it('keep every route of the table in exactly one group of at most MAX_ROUTES_PER_STACK routes', () => {
    const groups = groupRoutes(routes);
    expect(groups.flatMap((g) => g.routes.map((r) => r.id)).sort()).toEqual(routes.map((r) => r.id).sort());
    for (const group of groups)
      expect(group.routes.length, group.id).toBeLessThanOrEqual(MAX_ROUTES_PER_STACK);
    expect(new Set(groups.map((g) => g.id)).size).toBe(groups.length);
  });

  it('group by key, in order of first appearance', () => {
    const groups = groupRoutes([
      route('A', '/api/v1/auth/a'),
      route('B', '/api/anomaly/b'),
      route('C', '/api/auth/c'),
    ]);
    expect(groups.map((g) => [g.id, g.routes.map((r) => r.id)])).toEqual([
      ['Auth', ['A', 'C']],
      ['Anomaly', ['B']],
    ]);
  });

  it('continue a key over the cap in numbered parts, in table order', () => {
    const table = ['A', 'B', 'C', 'D', 'E'].map((id) => route(id, `/api/v1/datasets/${id}`));
    expect(groupRoutes(table, 2).map((g) => [g.id, g.routes.map((r) => r.id)])).toEqual([
      ['Datasets', ['A', 'B']],
      ['Datasets-2', ['C', 'D']],
      ['Datasets-3', ['E']],
    ]);
  });

  it('never move an existing route when routes are appended', () => {
    // A small cap, so the real table's keys split too.
    const full = groupOf(groupRoutes(routes, 3));
    for (let n = 1; n < routes.length; n++) {
      for (const [id, group] of groupOf(groupRoutes(routes.slice(0, n), 3)))
        expect(full.get(id), id).toBe(group);
    }
  });

  it('refuse a cap that is not a positive integer', () => {
    expect(() => groupRoutes(routes, 0)).toThrow(/positive integer/);
  });
});

describe('resource owners', () => {
  const check = (groups: readonly RouteGroup[]) => {
    const owners = resourceOwners(groups);
    const order = [...owners.keys()];
    const position = new Map(groups.map((g, index) => [g.id, index]));
    for (const [path, owner] of owners) {
      const parent = parentPath(path);
      if (parent === '/') continue;
      // Parents come first, and are created by the parent stack, the same or an earlier group.
      expect(order.indexOf(parent), path).toBeLessThan(order.indexOf(path));
      const parentOwner = owners.get(parent);
      if (owner === undefined) expect(parentOwner, path).toBeUndefined();
      else if (parentOwner !== undefined)
        expect(position.get(parentOwner), path).toBeLessThanOrEqual(position.get(owner) ?? -1);
    }
    return owners;
  };

  it('put the paths that several keys share in the parent, and every other path in its one group', () => {
    const owners = check(groupRoutes(routes));
    expect(owners.get('/api')).toBeUndefined();
    expect(owners.get('/api/v1')).toBeUndefined();
    expect(owners.get('/api/anomaly')).toBeUndefined(); // Anomaly's, and Health's alias
    expect(owners.get('/api/anomaly/health')).toBe('Health');
    expect(owners.get('/api/v1/auth/login')).toBe('Auth');
    expect(owners.get('/api/auth')).toBe('Auth');
    const paths = new Set(routes.flatMap((r) => r.paths));
    for (const path of paths) expect(owners.has(path), path).toBe(true);
  });

  it('leave a path the parts of one split key share with the first part that mounts it', () => {
    const table = [
      route('List', '/api/v1/datasets'),
      route('Get', '/api/v1/datasets/{id}'),
      route('Upload', '/api/v1/datasets/{id}/upload'),
      route('Login', '/api/v1/auth/login'),
    ];
    const owners = check(groupRoutes(table, 2));
    expect(owners.get('/api/v1')).toBeUndefined();
    expect(owners.get('/api/v1/datasets')).toBe('Datasets');
    expect(owners.get('/api/v1/datasets/{id}')).toBe('Datasets');
    expect(owners.get('/api/v1/datasets/{id}/upload')).toBe('Datasets-2');
  });

  it('refuse a malformed path', () => {
    expect(() => resourceOwners(groupRoutes([route('X', '/api/v1//x')]))).toThrow(/empty segments/);
  });
});
