import { apiKeyScopes, roles } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import { assignableRoles } from './admin';
import { keyScopes } from './api-keys';

describe('request schemas', () => {
  // The schema modules import nothing but zod, so they spell these lists out.
  it('offer exactly the roles and API key scopes the access model defines', () => {
    expect([...assignableRoles]).toEqual([...roles]);
    expect([...keyScopes]).toEqual([...apiKeyScopes]);
  });
});
