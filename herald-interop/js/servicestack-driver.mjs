// ServiceStack's own TypeScript client (@servicestack/client, ServerEventsClient) on node, against a Herald
// server. The Java test drives it with one command per stdin line and reads one JSON line per callback on
// stdout. Several named clients can live in one process.
//
//   node servicestack-driver.mjs <base url>
//
// Commands (space-separated; channel lists comma-separated):
//   start <client> <channels>         new ServerEventsClient(base, channels).start()
//   stop <client>                     client.stop() (closes the stream, POSTs unRegisterUrl)
//   subscribe <client> <channels>     client.subscribeToChannels(...)
//   unsubscribe <client> <channels>   client.unsubscribeFromChannels(...)
//   subscribers <client>              client.getChannelSubscribers()
//   chat <client> <channel> <text>    POST /api/PostChatToChannel with the client's JsonServiceClient
//   counts <client>                   what the client's SSE parser skipped: comment lines, the retry directive
//   exit
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EventSource } from 'eventsource';
import { ServerEventsClient } from '@servicestack/client';
import { countingFetch } from './counting-fetch.mjs';

// @servicestack/client v2 on node needs a global EventSource (its README: the `eventsource` package) and fetch
// (built into node 18+).
globalThis.EventSource = EventSource;

const baseUrl = process.argv[2];
if (!baseUrl) {
  process.stderr.write('usage: node servicestack-driver.mjs <base url>\n');
  process.exit(2);
}
const started = Date.now();
const emit = (kind, fields = {}) =>
  process.stdout.write(JSON.stringify({ kind, ms: Date.now() - started, ...fields }) + '\n');
const versionOf = (pkg) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url))).version;

/** The same EventSource, counting the lines its parser skips (see counting-fetch.mjs). */
function countingEventSource(counts) {
  const fetch = countingFetch(counts);
  return class CountingEventSource extends EventSource {
    constructor(url, init) {
      super(url, { ...init, fetch });
    }
  };
}

/** A request DTO for the test server's PostChatToChannel service, as ServiceStack's generated DTOs look. */
class PostChatToChannel {
  constructor(init) {
    Object.assign(this, init);
  }
  getTypeName() {
    return 'PostChatToChannel';
  }
  createResponse() {
    return {};
  }
}

const clients = new Map();
const user = (m) => ({ channel: m.channel, userId: m.userId, displayName: m.displayName, channels: m.channels });

function start(name, channels) {
  const counts = { comments: 0, retry: null };
  const out = (kind, fields = {}) => emit(kind, { client: name, ...fields });
  const client = new ServerEventsClient(baseUrl, channels, {
    handlers: {
      onConnect: (info) => out('connect', {
        info: {
          id: info.id, userId: info.userId, displayName: info.displayName, channels: info.channels,
          heartbeatUrl: info.heartbeatUrl, unRegisterUrl: info.unRegisterUrl,
          updateSubscriberUrl: info.updateSubscriberUrl,
          heartbeatIntervalMs: info.heartbeatIntervalMs, idleTimeoutMs: info.idleTimeoutMs,
        },
      }),
      onJoin: (m) => out('join', user(m)),
      onLeave: (m) => out('leave', user(m)),
      onUpdate: (m) => out('update', user(m)),
      onHeartbeat: () => out('heartbeat'),
      onMessage: (m) => out('message', { selector: m.selector, channel: m.channel, eventId: m.eventId, json: m.json }),
      chat: (body, request) => out('chat', { channel: request.channel, eventId: request.eventId, body }),
    },
    receivers: {
      cmd: {
        CustomType(body) {
          out('receiver', { target: 'CustomType', body });
        },
      },
    },
    onException: (e) => out('exception', { message: String((e && e.message) || e) }),
    onReconnect: (e) => out('reconnect', { message: String((e && e.message) || e) }),
  });
  client.EventSource = countingEventSource(counts);
  clients.set(name, { client, counts });
  client.start();
}

function the(name) {
  const c = clients.get(name);
  if (!c) {
    throw new Error(`no client named ${name}`);
  }
  return c;
}

async function run(line) {
  const [cmd, name, ...args] = line.trim().split(' ');
  switch (cmd) {
    case 'start':
      start(name, args[0].split(','));
      break;
    case 'stop':
      await the(name).client.stop();
      emit('stopped', { client: name });
      break;
    case 'subscribe':
    case 'unsubscribe': {
      const { client } = the(name);
      const channels = args[0].split(',');
      await (cmd === 'subscribe' ? client.subscribeToChannels(...channels) : client.unsubscribeFromChannels(...channels));
      emit(cmd + 'd', { client: name, channels: client.channels, eventStreamUri: client.eventStreamUri });
      break;
    }
    case 'subscribers': {
      const users = await the(name).client.getChannelSubscribers();
      emit('subscribers', { client: name, userIds: users.map((u) => u.userId) });
      break;
    }
    case 'chat': {
      const { client } = the(name);
      const [channel, ...words] = args;
      const response = await client.serviceClient.post(new PostChatToChannel({
        from: client.getSubscriptionId(), channel, message: words.join(' '), selector: 'cmd.chat',
      }));
      emit('posted', { client: name, response });
      break;
    }
    case 'counts':
      emit('counts', { client: name, ...the(name).counts });
      break;
    case 'exit':
      process.exit(0);
      break;
    default:
      throw new Error(`unknown command: ${cmd}`);
  }
}

emit('started', {
  baseUrl, node: process.version, client: undefined,
  versions: { '@servicestack/client': versionOf('@servicestack/client'), eventsource: versionOf('eventsource') },
});
// commands run one after another, in the order they came
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  queue = queue.then(() => run(line)).catch((e) => emit('commandFailed', { line, message: String((e && e.message) || e) }));
}).on('close', () => {
  for (const { client } of clients.values()) {
    client.stopped = true;
    if (client.eventSource) {
      client.eventSource.close();
    }
  }
  process.exit(0);
});
