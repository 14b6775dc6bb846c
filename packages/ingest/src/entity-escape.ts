/**
 * exceljs's worksheet reader runs `xmlDecode` over inline strings and cached formula strings
 * (`t="inlineStr"`, `t="str"`, which SheetJS writes by default) after the XML parser has already
 * decoded them, so a logged payload `&lt;script&gt;` comes back as `<script>`. Escaping the `&`
 * of every named entity in the raw worksheet XML makes that second decode undo our escape
 * instead of the cell's text. Numeric character references are left alone: xmlDecode ignores them.
 */
import { Transform } from 'node:stream';

const NAMED_ENTITY = /&(?=(?:amp|lt|gt|quot|apos);)/g;
/** Longest named entity, `&apos;` or `&quot;`: a shorter `&…` at a chunk end may be cut in two. */
const LONGEST = 6;

/** A byte stream transform for worksheet XML; bytes are handled as latin1, which maps 1:1. */
export function escapeNamedEntities(): Transform {
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let text = pending + chunk.toString('latin1');
      pending = '';
      const amp = text.lastIndexOf('&');
      if (amp >= 0 && amp > text.length - LONGEST && !text.includes(';', amp)) {
        pending = text.slice(amp);
        text = text.slice(0, amp);
      }
      callback(null, Buffer.from(text.replace(NAMED_ENTITY, '&amp;'), 'latin1'));
    },
    flush(callback) {
      callback(null, Buffer.from(pending, 'latin1'));
    },
  });
}
