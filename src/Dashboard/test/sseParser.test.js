import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from '../src/sseParser.js';

test('events split across chunks come out whole, keep-alive comments are skipped', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('event: comparison\nid: 7\nda'), []);
  assert.deepEqual(parser.push('ta: {"a":1}\n\n: keep-alive\n\n'), [{ type: 'comparison', id: '7', data: '{"a":1}' }]);
});

test('several data lines join with newlines, and the type resets after each event', () => {
  const parser = new SseParser();
  const events = parser.push('event: points\ndata: [1,\ndata: 2]\n\ndata: x\n\n');
  assert.deepEqual(events.map((e) => [e.type, e.data]), [['points', '[1,\n2]'], ['message', 'x']]);
});

test('a CRLF split between two chunks ends one line, not two', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('data: a\r'), []);
  assert.deepEqual(parser.push('\n\r\n'), [{ type: 'message', id: '', data: 'a' }]);
});
