import type { BadLine, LineEvent, TextLine } from '../core/lines';
import { withoutBom } from '../core/utf8';

/**
 * A capture of Mastodon's streaming API as server-sent events (`curl -N
 * https://host/api/v1/streaming/public > capture.txt`): `event: update` then `data: {status}`,
 * a blank line between events, comments (`:)` on connecting, `:thump` heartbeats) between them.
 * See https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** Events whose data is a status: a new one, or one edited. */
const STATUS_EVENTS = new Set(['update', 'status.update']);
const FIELD = /^(?::|event:|data:|id:|retry:)/;

/** Whether a text opens as an event stream: its first line that is not blank is a comment or an event's field. */
export function opensEventStream(head: Buffer): boolean {
  const text = withoutBom(head).subarray(0, 4096).toString('utf8');
  const first = /^[ \t\r\n]*([^\r\n]*)/.exec(text)![1]!;
  return FIELD.test(first);
}

/**
 * The events of a stream's lines as the items the parse stage reads, one for each event with data,
 * on the line where its data begins: the status of an `update` or `status.update` (a malformed one
 * is a bad record with its line), and for any other event (`delete`, `notification`, …) the
 * streaming API's own JSON shape for it, `{"event": …, "payload": ""}`, which the Mastodon reader
 * counts as skipped. Comments and blank lines are no records. The line reader drops blank lines; a
 * gap in the line numbers is where they were, and so where an event ends.
 */
export async function* readEventStream(lines: AsyncIterable<LineEvent[]>): AsyncGenerator<LineEvent[]> {
  const stream = new EventStream();
  for await (const batch of lines) {
    const out: LineEvent[] = [];
    for (const line of batch) stream.push(line, out);
    if (out.length > 0) yield out;
  }
  const last: LineEvent[] = [];
  stream.end(last);
  if (last.length > 0) yield last;
}

class EventStream {
  private type = '';
  private data: string[] = [];
  private dataLine = 0;
  private lastLine = 0;

  push(line: LineEvent, out: LineEvent[]): void {
    if (line.line > this.lastLine + 1) this.dispatch(out);
    this.lastLine = line.line;
    if (line.kind === 'bad') {
      // A line that cannot be read (too long, not UTF-8) spoils the event it belongs to: it alone is reported.
      this.reset();
      out.push(line);
      return;
    }
    if (line.text.startsWith(':')) return;
    const colon = line.text.indexOf(':');
    const field = colon < 0 ? line.text : line.text.slice(0, colon);
    const value = colon < 0 ? '' : line.text.slice(colon + (line.text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') this.type = value;
    else if (field === 'data') {
      if (this.data.length === 0) this.dataLine = line.line;
      this.data.push(value);
    } else if (field !== 'id' && field !== 'retry') out.push(notAField(line));
  }

  end(out: LineEvent[]): void {
    this.dispatch(out);
  }

  private dispatch(out: LineEvent[]): void {
    if (this.data.length > 0) {
      const type = this.type || 'message';
      const text = STATUS_EVENTS.has(type) ? this.data.join('\n') : JSON.stringify({ event: type, payload: '' });
      out.push({ kind: 'line', line: this.dataLine, text });
    }
    this.reset();
  }

  private reset(): void {
    this.type = '';
    this.data = [];
  }
}

/** A line that is no part of an event stream: said what it is like, not what it holds (a stray line may be anything). */
function notAField(line: TextLine): BadLine {
  const chars = [...line.text].length;
  return { kind: 'bad', line: line.line, reason: `expected a server-sent event's line (event:, data:, id:, retry: or a ":" comment), found a line of ${chars} character${chars === 1 ? '' : 's'}`, preview: Buffer.from(line.text.slice(0, 65536)) };
}
