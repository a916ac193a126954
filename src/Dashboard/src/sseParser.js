/**
 * Turns the text of a Server-Sent Events stream, in chunks as they arrive, into events
 * ({ type, id, data }). Follows the SSE rules the gateway uses: "event:", "id:", "data:" lines,
 * comment lines starting with ":", and a blank line ending each event.
 */
export class SseParser {
  #buffer = '';
  #type = '';
  #id = '';
  #data = [];

  push(chunk) {
    this.#buffer += chunk;
    const events = [];
    let newline;
    while ((newline = this.#buffer.search(/\r\n|\n|\r/)) >= 0) {
      // A lone CR at the end may be the first half of a CRLF split across chunks.
      if (newline === this.#buffer.length - 1 && this.#buffer.endsWith('\r')) break;
      const line = this.#buffer.slice(0, newline);
      const width = this.#buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.#buffer = this.#buffer.slice(newline + width);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line) {
    if (line === '') {
      if (this.#data.length === 0) return null;
      const event = { type: this.#type || 'message', id: this.#id, data: this.#data.join('\n') };
      this.#type = '';
      this.#data = [];
      return event;
    }

    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.#type = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id') this.#id = value;
    return null;
  }
}
