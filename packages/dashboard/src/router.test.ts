import { afterEach, describe, expect, it, vi } from 'vitest';
import { navigate, onLinkClick } from './router';

afterEach(() => vi.unstubAllGlobals());

function page() {
  const pushed: string[] = [];
  const events: string[] = [];
  vi.stubGlobal('history', { pushState: (_state: unknown, _title: string, to: string) => pushed.push(to) });
  vi.stubGlobal('dispatchEvent', (event: Event) => events.push(event.type));
  return { pushed, events };
}

const click = (modifiers: Partial<MouseEvent> = {}) => {
  let prevented = false;
  const event = {
    button: 0,
    metaKey: false,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    ...modifiers,
    currentTarget: { pathname: '/reports', search: '?severity=high' },
    preventDefault: () => {
      prevented = true;
    },
  } as unknown as MouseEvent;
  onLinkClick(event);
  return prevented;
};

describe('the router', () => {
  it('pushes the path and tells the app', () => {
    const { pushed, events } = page();
    navigate('/datasets/d1');
    expect(pushed).toEqual(['/datasets/d1']);
    expect(events).toEqual(['pynomaly:navigate']);
  });

  it('navigates in the page on a plain click, and lets modified clicks open tabs', () => {
    const { pushed } = page();
    expect(click()).toBe(true);
    expect(click({ ctrlKey: true })).toBe(false);
    expect(click({ metaKey: true })).toBe(false);
    expect(click({ button: 1 })).toBe(false);
    expect(pushed).toEqual(['/reports?severity=high']);
  });
});
