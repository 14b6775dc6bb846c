/**
 * How the route table is spread over nested stacks. CloudFormation allows 500 resources per
 * stack and every route brings a function, its role, policy, log group, methods, permissions and
 * resources, so the routes go to nested stacks by a key read from their canonical path. The plan
 * depends on nothing but the table: appending a route changes only the stack of its key.
 */
import type { RouteDefinition } from '../../functions/routes';

/**
 * Routes per nested stack. At most about 12 resources a route (three paths, CORS preflights),
 * 25 routes stay near 300 resources: far from the 500 limit, with room for aliases.
 */
export const MAX_ROUTES_PER_STACK = 25;

/** Leading path segments that name no area of the API: the prefix and the version. */
const NAMESPACE_SEGMENT = /^(api|v\d+)$/;

/** The routes of one nested stack. */
export interface RouteGroup {
  /**
   * Construct id of the nested stack: the key, then `-2`, `-3`, … for the routes beyond the
   * first {@link MAX_ROUTES_PER_STACK} of a key (a key never contains `-`, so ids cannot clash).
   */
  readonly id: string;
  /** The key shared by the group's routes, e.g. `Auth`, `ApiKeys`, `Anomaly`. */
  readonly key: string;
  /** The routes, in route-table order. */
  readonly routes: readonly RouteDefinition[];
}

/**
 * The key of a route: the first segment of its canonical path after `api` and the version, in
 * PascalCase (`/api/v1/api-keys/{id}` → `ApiKeys`, `/api/anomaly/datasets` → `Anomaly`).
 */
export function routeKey(route: Pick<RouteDefinition, 'paths'>): string {
  const segments = pathSegments(route.paths[0] ?? '/');
  while (segments.length > 1 && NAMESPACE_SEGMENT.test(segments[0] ?? '')) segments.shift();
  const words = (segments[0] ?? '').split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const key = words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
  return key === '' ? 'Root' : key;
}

/**
 * The routes grouped by {@link routeKey}, keys in order of first appearance in the table. A key
 * with more than `maxRoutes` routes continues in `<key>-2`, `<key>-3`, … in table order, so a
 * route appended to the table never moves an existing one.
 */
export function groupRoutes(
  routes: readonly RouteDefinition[],
  maxRoutes: number = MAX_ROUTES_PER_STACK,
): RouteGroup[] {
  if (!Number.isInteger(maxRoutes) || maxRoutes < 1)
    throw new Error(`maxRoutes must be a positive integer, not ${maxRoutes}`);
  const byKey = new Map<string, RouteDefinition[]>();
  for (const route of routes) {
    const key = routeKey(route);
    byKey.set(key, [...(byKey.get(key) ?? []), route]);
  }
  const groups: RouteGroup[] = [];
  for (const [key, members] of byKey) {
    for (let start = 0; start < members.length; start += maxRoutes) {
      const part = start / maxRoutes + 1;
      groups.push({
        id: part === 1 ? key : `${key}-${part}`,
        key,
        routes: members.slice(start, start + maxRoutes),
      });
    }
  }
  return groups;
}

/**
 * Which stack creates each API Gateway resource (path) the groups mount, by path, parents before
 * children. `undefined` is the parent stack: a path that routes of several keys share (`/api`,
 * `/api/v1`). A path shared only by the parts of one split key belongs to its first part, so
 * splitting a key by appending routes moves no resource. Every path is created exactly once.
 */
export function resourceOwners(groups: readonly RouteGroup[]): Map<string, string | undefined> {
  const users = new Map<string, RouteGroup[]>();
  for (const group of groups) {
    for (const route of group.routes) {
      for (const path of route.paths) {
        for (const prefix of pathPrefixes(path)) {
          const list = users.get(prefix) ?? [];
          if (!list.includes(group)) list.push(group);
          users.set(prefix, list);
        }
      }
    }
  }
  const owners = new Map<string, string | undefined>();
  for (const path of [...users.keys()].sort(byDepth)) {
    const list = users.get(path) ?? [];
    const keys = new Set(list.map((group) => group.key));
    owners.set(path, keys.size === 1 ? list[0]?.id : undefined);
  }
  return owners;
}

/** The path one level up (`/api/v1` → `/api`, `/api` → `/`). */
export function parentPath(path: string): string {
  const segments = pathSegments(path);
  return `/${segments.slice(0, -1).join('/')}`;
}

/** The last segment of a path (`/api/v1/datasets/{id}` → `{id}`). */
export function lastSegment(path: string): string {
  return pathSegments(path).at(-1) ?? '';
}

/** Every path from the first segment down to `path` itself, excluding the root. */
function pathPrefixes(path: string): string[] {
  const segments = pathSegments(path);
  return segments.map((_, index) => `/${segments.slice(0, index + 1).join('/')}`);
}

/** The segments of an absolute path; a malformed path fails the synth rather than mounting oddly. */
function pathSegments(path: string): string[] {
  if (path === '/') return [];
  if (!path.startsWith('/') || path.endsWith('/') || path.includes('//'))
    throw new Error(`Route path "${path}" must be absolute, without empty segments or a trailing slash`);
  return path.slice(1).split('/');
}

/** Shallower paths first, then alphabetically: a parent always precedes its children. */
function byDepth(a: string, b: string): number {
  return pathSegments(a).length - pathSegments(b).length || (a < b ? -1 : a > b ? 1 : 0);
}
