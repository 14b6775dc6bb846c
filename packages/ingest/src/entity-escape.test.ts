import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { escapeNamedEntities } from './entity-escape';

const run = (chunks: string[]) =>
  text(Readable.from(chunks.map((c) => Buffer.from(c, 'utf8'))).pipe(escapeNamedEntities()));

describe('escapeNamedEntities', () => {
  it('escapes the ampersand of named entities only', async () => {
    expect(await run(['<t>&lt;b&gt; &amp; &quot;&apos; &#x41; &#10; & AT&T</t>'])).toBe(
      '<t>&amp;lt;b&amp;gt; &amp;amp; &amp;quot;&amp;apos; &#x41; &#10; & AT&T</t>',
    );
  });

  it('handles entities split across chunks and leaves other bytes intact', async () => {
    expect(await run(['a &qu', 'ot; é😀 &', 'amp; end &l'])).toBe('a &amp;quot; é😀 &amp;amp; end &l');
  });
});
