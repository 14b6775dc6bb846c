import { describe, expect, it } from 'vitest';
import { forEachLine, joinLines } from './lines';

async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('forEachLine', () => {
  it('gives every line whatever the chunks, without empty lines or carriage returns', async () => {
    const text = 'a,1\r\n\n[1,2,3]\nlast without newline';
    for (const size of [1, 2, 3, 7, 100]) {
      const seen: string[] = [];
      await forEachLine(chunks(text, size), (line) => {
        seen.push(line.toString());
        return undefined;
      });
      expect(seen).toEqual(['a,1', '[1,2,3]', 'last without newline']);
    }
  });

  it('waits for a line’s work before the next, and joins lines back', async () => {
    const order: string[] = [];
    const lines: Buffer[] = [];
    await forEachLine(chunks('x\ny\nz\n', 2), (line) => {
      order.push(`start ${line}`);
      lines.push(line);
      return line.toString() === 'y'
        ? new Promise<void>((done) =>
            setTimeout(() => {
              order.push('slow done');
              done();
            }, 5),
          )
        : undefined;
    });
    expect(order).toEqual(['start x', 'start y', 'slow done', 'start z']);
    expect(joinLines(lines).toString()).toBe('x\ny\nz');
  });
});
