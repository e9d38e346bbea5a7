// Unit tests of herald.js on Node's built-in test runner: `node --test herald.test.js <path/to/herald.js>`.
// EventSource and fetch are fakes, so every wire interaction is visible and deterministic.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const heraldPath = process.env.HERALD_JS || path.resolve(__dirname, '../../../main/resources/web/js/herald.js');
const Herald = require(heraldPath);
const { ServerEventsClient, parseEventData, SingletonInstanceResolver } = Herald;

class FakeEventSource {
  constructor(url, opts) {
    this.url = url;
    this.opts = opts;
    this.readyState = 1;
    FakeEventSource.all.push(this);
  }
  close() { this.readyState = 2; this.closed = true; }
  emit(data, id) { if (this.onmessage) this.onmessage({ data, lastEventId: id == null ? '' : String(id) }); }
  fail() { this.readyState = 0; if (this.onerror) this.onerror({}); }
}
FakeEventSource.all = [];

function fakeServer() {
  const calls = [];
  const replies = {}; // url substring -> {status, body}
  const fetch = (url, init = {}) => {
    calls.push({ url, init });
    const key = Object.keys(replies).find((k) => url.includes(k));
    const r = key ? replies[key] : { status: 200, body: '{}' };
    if (r.networkError) return Promise.reject(new Error('network down'));
    return Promise.resolve({
      ok: r.status >= 200 && r.status < 300,
      status: r.status,
      statusText: r.status === 200 ? 'OK' : 'Error',
      json: () => Promise.resolve(JSON.parse(r.body)),
      text: () => Promise.resolve(r.body),
    });
  };
  return { calls, replies, fetch };
}

async function until(cond, what, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const CONNECT = (id, extra = {}) => 'cmd.onConnect ' + JSON.stringify(Object.assign({
  id, userId: '-1', displayName: 'user1', isAuthenticated: 'false', channels: 'home', createdAt: '1718000000000',
  heartbeatUrl: `http://h/event-heartbeat?id=${id}`, unRegisterUrl: `http://h/event-unregister?id=${id}`,
  updateSubscriberUrl: `http://h/event-subscribers/${id}`, heartbeatIntervalMs: '10000', idleTimeoutMs: '30000',
}, extra));

function newClient(options = {}, channels = ['home']) {
  const server = fakeServer();
  const before = FakeEventSource.all.length;
  const client = new ServerEventsClient('http://h/', channels, Object.assign({
    EventSource: FakeEventSource, fetch: server.fetch, reconnectMinDelayMs: 1, reconnectMaxDelayMs: 8,
  }, options));
  const sources = () => FakeEventSource.all.slice(before);
  return { client, server, sources };
}

test('parses channel, op, target, css selector and JSON body', () => {
  const r = parseEventData('home@css.background-image$#top%20.x "url(a)"', '7');
  assert.equal(r.channel, 'home');
  assert.equal(r.op, 'css');
  assert.equal(r.target, 'background-image');
  assert.equal(r.cssSelector, '#top .x');
  assert.equal(r.body, 'url(a)');
  assert.equal(r.eventId, 7);
  assert.equal(r.selector, 'css.background-image$#top%20.x');
  const plain = parseEventData('cmd.toggle$#channels ', '');
  assert.equal(plain.channel, null);
  assert.equal(plain.body, null);
  assert.equal(plain.cssSelector, '#channels');
  assert.equal(parseEventData('cmd.x not-json', '1').body, null);
  assert.equal(parseEventData('cmd.onJoin {}', '1').type, 'ServerEventJoin');
  assert.equal(parseEventData('cmd.chat {}', '1').type, 'ServerEventMessage');
  assert.throws(() => parseEventData('nodot body', '1'), /invalid selector format: nodot/);
});

test('needs a channel and encodes channels into the stream URL', () => {
  assert.throws(() => new ServerEventsClient('/', []), /at least one channel/);
  const { client } = newClient({}, ['home', 'a b']);
  assert.match(client.eventStreamUri, /^http:\/\/h\/event-stream\?channels=home,a%20b&t=\d+$/);
  assert.equal(client.connectionState, 'idle');
});

test('onConnect stores typed info, adopts server channels and reports connected', async () => {
  const states = [];
  let info = null;
  const { client, sources } = newClient({ handlers: { onConnect(i) { info = i; } } });
  client.addListener('connectionstatechange', (d) => states.push(d.state));
  client.start();
  assert.deepEqual(states, ['connecting']);
  assert.equal(sources()[0].opts.withCredentials, true);
  sources()[0].emit(CONNECT('S1', { channels: 'home,other' }), 1);
  assert.equal(info.id, 'S1');
  assert.equal(info.isAuthenticated, false);
  assert.equal(info.heartbeatIntervalMs, 10000);
  assert.equal(info.createdAt, 1718000000000);
  assert.deepEqual(client.channels, ['home', 'other']);
  assert.match(client.eventStreamUri, /channels=home,other&/);
  assert.deepEqual(states, ['connecting', 'connected']);
  assert.equal(client.lastEventId, 1);
  await client.stop();
});

test('routes handlers, receivers, triggers and onMessage', async () => {
  const log = [];
  class Test {
    fooMethod(b) { log.push(`foo ${b}`); }
    set quxSetter(v) { log.push(`qux ${v.id}`); }
    noSuchMethod(name) { log.push(`nsm ${name}`); }
  }
  const tv = { watch(url, req) { log.push(`watch ${url} ${req.channel}`); }, volume: 0 };
  const { client, sources } = newClient({
    handlers: {
      chat(msg, req) { log.push(`chat ${msg.message} ${req.channel}`); },
      onJoin(m) { log.push(`join ${m.displayName} ${m.channels.join('|')} ${m.isAuthenticated}`); },
      onCommand(m) { log.push(`command ${m.type}`); },
      onMessage(m) { log.push(`message ${m.selector}`); },
      onHeartbeat() { log.push('heartbeat'); },
    },
    receivers: { tv, test: Test, cmd: { announce(s) { log.push(`announce ${s}`); } } },
    resolver: new SingletonInstanceResolver(),
    validate: (r) => r.target !== 'dropMe',
    onTick() { log.push('tick'); },
  });
  client.addListener('customEvent', (m) => log.push(`trigger ${m}`));
  client.start();
  const es = sources()[0];
  es.emit(CONNECT('S1'), 1);
  log.length = 0;
  es.emit('home@cmd.onJoin {"displayName":"bob","channels":"home,x","isAuthenticated":"true"}', 2);
  es.emit('cmd.onHeartbeat {}', 3);
  es.emit('home@cmd.chat {"message":"hi"}', 4);
  es.emit('cmd.announce "yo"', 5);
  es.emit('home@tv.watch "http://v"', 6);
  es.emit('tv.VOLUME 7', 7);
  es.emit('test.FOOMETHOD "z"', 8);
  es.emit('test.quxSetter {"id":3}', 9);
  es.emit('test.BazMethod 1', 10);
  es.emit('trigger.customEvent "arg"', 11);
  es.emit('cmd.dropMe 1', 12);
  assert.deepEqual(log, [
    'join bob home|x true', 'command ServerEventJoin', 'tick',
    'heartbeat', 'tick',
    'chat hi home', 'message cmd.chat', 'tick',
    'announce yo', 'message cmd.announce', 'tick',
    'watch http://v home', 'message tv.watch', 'tick',
    'message tv.VOLUME', 'tick',
    'foo z', 'message test.FOOMETHOD', 'tick',
    'qux 3', 'message test.quxSetter', 'tick',
    'nsm BazMethod', 'message test.BazMethod', 'tick',
    'trigger arg', 'message trigger.customEvent', 'tick',
    'tick',
  ]);
  assert.equal(tv.volume, 7);
  assert.equal(client.lastEventId, 12);
  await client.stop();
});

test('a bad frame goes to onException and the stream keeps working', async () => {
  const errors = [];
  const got = [];
  const { client, sources } = newClient({ onException: (e) => errors.push(e.message), handlers: { chat: (m) => got.push(m.n) } });
  client.start();
  sources()[0].emit('garbage', 1);
  sources()[0].emit('cmd.chat {"n":1}', 2);
  assert.deepEqual(errors, ['invalid selector format: garbage']);
  assert.deepEqual(got, [1]);
  await client.stop();
});

test('heartbeats POST to heartbeatUrl; a 404 reconnects with lastEventId and reports reconnected', async () => {
  const states = [];
  let reconnects = 0;
  const { client, server, sources } = newClient({
    handlers: { onConnect(info) { info.heartbeatIntervalMs = 10; } },
    onReconnect: () => reconnects++,
  });
  client.addListener('connectionstatechange', (d) => states.push(`${d.state}${d.reconnected ? '+' : ''}`));
  client.start();
  sources()[0].emit(CONNECT('S1'), 1);
  sources()[0].emit('cmd.chat {}', 5);
  await until(() => server.calls.some((c) => c.url === 'http://h/event-heartbeat?id=S1'), 'a heartbeat');
  const hb = server.calls.find((c) => c.url.includes('heartbeat'));
  assert.equal(hb.init.method, 'POST');
  assert.equal(hb.init.credentials, 'include');

  server.replies['event-heartbeat'] = { status: 404, body: '' };
  await until(() => sources().length === 2, 'a reconnect');
  assert.equal(sources()[0].closed, true);
  assert.match(sources()[1].url, /channels=home&t=\d+&lastEventId=5$/);
  assert.equal(reconnects, 1);
  server.replies['event-heartbeat'] = { status: 200, body: '' };
  sources()[1].emit(CONNECT('S2'), 1);
  assert.equal(client.connectionInfo.id, 'S2');
  assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connected+']);
  // the old stream is dead to the client: its frames are ignored
  let chats = 0;
  client.handlers.chat = () => chats++;
  sources()[0].emit('cmd.chat {}', 9);
  assert.equal(chats, 0);
  await client.stop();
});

test('a heartbeat network error reconnects too', async () => {
  const { client, server, sources } = newClient({ handlers: { onConnect(info) { info.heartbeatIntervalMs = 5; } } });
  server.replies['event-heartbeat'] = { networkError: true };
  client.start();
  sources()[0].emit(CONNECT('S1'), 1);
  await until(() => sources().length === 2, 'a reconnect');
  await client.stop();
});

test('stream errors back off exponentially with jitter, capped', async () => {
  const delays = [];
  const { client, sources } = newClient({ reconnectMinDelayMs: 4, reconnectMaxDelayMs: 16 });
  client.addListener('connectionstatechange', (d) => { if (d.state === 'reconnecting') delays.push([d.attempt, d.delayMs]); });
  client.start();
  for (let i = 0; i < 5; i++) {
    const n = sources().length;
    sources()[n - 1].fail();
    await until(() => sources().length === n + 1, `reconnect ${i + 1}`);
  }
  assert.deepEqual(delays.map((d) => d[0]), [1, 2, 3, 4, 5]);
  const caps = [4, 8, 16, 16, 16];
  delays.forEach(([, ms], i) => assert.ok(ms >= caps[i] / 2 && ms <= caps[i], `delay ${i}: ${ms} within [${caps[i] / 2}, ${caps[i]}]`));
  // a successful connect resets the back-off
  sources()[sources().length - 1].emit(CONNECT('S9'), 1);
  assert.equal(client.reconnectAttempts, 0);
  await client.stop();
  // the jitter is the random half: pin it to see the exact doubling
  const random = Math.random;
  try {
    Math.random = () => 1;
    const exact = [];
    const c2 = newClient({ reconnectMinDelayMs: 4, reconnectMaxDelayMs: 16 });
    c2.client.addListener('connectionstatechange', (d) => { if (d.state === 'reconnecting') exact.push(d.delayMs); });
    c2.client.start();
    for (let i = 0; i < 4; i++) {
      const n = c2.sources().length;
      c2.sources()[n - 1].fail();
      await until(() => c2.sources().length === n + 1, `pinned reconnect ${i + 1}`);
    }
    assert.deepEqual(exact, [4, 8, 16, 16]);
    Math.random = () => 0;
    const c3 = newClient({ reconnectMinDelayMs: 4, reconnectMaxDelayMs: 16 });
    let first = null;
    c3.client.addListener('connectionstatechange', (d) => { if (d.state === 'reconnecting' && first == null) first = d.delayMs; });
    c3.client.start();
    c3.sources()[0].fail();
    assert.equal(first, 2);
    await c2.client.stop();
    await c3.client.stop();
  } finally {
    Math.random = random;
  }
});

test('subscribe and unsubscribe POST JSON to /api/UpdateEventSubscriber and update channels', async () => {
  const { client, server, sources } = newClient();
  client.start();
  sources()[0].emit(CONNECT('S1'), 1);
  await client.subscribeToChannels('a', 'b');
  let call = server.calls[server.calls.length - 1];
  assert.equal(call.url, 'http://h/api/UpdateEventSubscriber');
  assert.equal(call.init.method, 'POST');
  assert.equal(call.init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(call.init.body), { id: 'S1', subscribeChannels: ['a', 'b'] });
  assert.deepEqual(client.channels, ['home', 'a', 'b']);
  await client.unsubscribeFromChannels('a');
  call = server.calls[server.calls.length - 1];
  assert.deepEqual(JSON.parse(call.init.body), { id: 'S1', unsubscribeChannels: ['a'] });
  assert.deepEqual(client.channels, ['home', 'b']);
  assert.match(client.eventStreamUri, /channels=home,b&/);

  server.replies.UpdateEventSubscriber = { status: 403, body: '{"responseStatus":{"errorCode":"Forbidden","message":"nope"}}' };
  await assert.rejects(client.subscribeToChannels('c'), (e) => e.message === 'nope' && e.status === 403);
  assert.deepEqual(client.channels, ['home', 'b']);
  await client.stop();
  await assert.rejects(client.subscribeToChannels('d'), /not connected/);
});

test('getChannelSubscribers returns typed entries, [] on error', async () => {
  const errors = [];
  const { client, server, sources } = newClient({ onException: (e) => errors.push(e.message) }, ['a', 'b']);
  client.start();
  sources()[0].emit(CONNECT('S1', { channels: 'a,b' }), 1);
  server.replies.GetEventSubscribers = { status: 200, body: '[{"userId":"-1","isAuthenticated":"true","channels":"a,b","createdAt":"5"}]' };
  const subs = await client.getChannelSubscribers();
  assert.equal(server.calls[server.calls.length - 1].url, 'http://h/api/GetEventSubscribers?channels=a%2Cb');
  assert.deepEqual(subs, [{ userId: '-1', isAuthenticated: true, channels: ['a', 'b'], createdAt: 5 }]);
  server.replies.GetEventSubscribers = { status: 500, body: 'boom' };
  assert.deepEqual(await client.getChannelSubscribers(), []);
  assert.equal(errors.length, 1);
  await client.stop();
});

test('stop unregisters once, reports stopped and ignores later events', async () => {
  const states = [];
  let chats = 0;
  const { client, server, sources } = newClient({ handlers: { chat: () => chats++ } });
  client.addListener('connectionstatechange', (d) => states.push(d.state));
  client.start();
  sources()[0].emit(CONNECT('S1'), 1);
  await client.stop();
  const unreg = server.calls.filter((c) => c.url.includes('event-unregister'));
  assert.equal(unreg.length, 1);
  assert.equal(unreg[0].url, 'http://h/event-unregister?id=S1');
  assert.equal(unreg[0].init.method, 'POST');
  assert.equal(sources()[0].closed, true);
  assert.equal(states[states.length - 1], 'stopped');
  sources()[0].emit('cmd.chat {}', 2);
  assert.equal(chats, 0);
  await client.stop(); // a second stop does not unregister again
  assert.equal(server.calls.filter((c) => c.url.includes('event-unregister')).length, 1);
  // and start() after stop() connects again, as a deliberate 'connecting', not a 'reconnecting'
  client.start();
  assert.equal(sources().length, 2);
  assert.equal(states[states.length - 1], 'connecting');
  await client.stop();
});

test('restart opens a fresh stream at once', async () => {
  const { client, sources } = newClient();
  client.start();
  sources()[0].emit(CONNECT('S1'), 1);
  client.restart();
  assert.equal(sources().length, 2);
  assert.equal(sources()[0].closed, true);
  assert.doesNotMatch(sources()[1].url, /lastEventId/);
  await client.stop();
});

test('resolveStreamUrl rewrites the URL the EventSource opens', async () => {
  const { client, sources } = newClient({ resolveStreamUrl: (u) => u + '&ss-tok=T' });
  client.start();
  assert.match(sources()[0].url, /&ss-tok=T$/);
  await client.stop();
});
