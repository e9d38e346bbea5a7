// A bare EventSource from the npm `eventsource` package, used as any plain SSE consumer would: no heartbeats,
// no library on top (its fetch only counts the comment lines going by). Everything that happens is printed as
// one JSON line on stdout for the Java test to read.
//
//   node eventsource-client.mjs <stream url> [event name ...]
//
// Unnamed events ('message') are always recorded; each extra argument adds a listener for that event name
// (`event:` field, as in ?framing=standard). The process runs until it is killed or its stdin closes (so it
// never outlives the test that started it). The line `counts` on stdin prints how many comment lines (keepalives)
// the stream carried so far.
import { readFileSync } from 'node:fs';
import { EventSource } from 'eventsource';
import { countingFetch } from './counting-fetch.mjs';

const [url, ...names] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: node eventsource-client.mjs <stream url> [event name ...]\n');
  process.exit(2);
}
const started = Date.now();
const emit = (kind, fields = {}) =>
  process.stdout.write(JSON.stringify({ kind, ms: Date.now() - started, ...fields }) + '\n');

const version = JSON.parse(readFileSync(new URL('./node_modules/eventsource/package.json', import.meta.url))).version;
emit('started', { url, version, node: process.version });

const counts = { comments: 0, retry: null };
const es = new EventSource(url, { fetch: countingFetch(counts) });
es.addEventListener('open', () => emit('open'));
// the package adds `code` (HTTP status) and `message` to error events
es.addEventListener('error', (e) => emit('error', { code: e.code ?? null, message: e.message ?? null, readyState: es.readyState }));
const record = (e) => emit('event', { type: e.type, data: e.data, lastEventId: e.lastEventId });
es.addEventListener('message', record);
for (const name of names) {
  es.addEventListener(name, record);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  if (text.includes('counts')) {
    emit('counts', counts);
  }
});
process.stdin.on('end', () => {
  es.close();
  process.exit(0);
});
