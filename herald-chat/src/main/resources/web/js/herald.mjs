// ES module entry for herald.js: `import { ServerEventsClient } from '/js/herald.mjs'`.
// herald.js is a plain script that attaches globalThis.Herald; importing it runs it once.
import './herald.js';

const Herald = globalThis.Herald;
export const ServerEventsClient = Herald.ServerEventsClient;
export const ConnectionState = Herald.ConnectionState;
export const SingletonInstanceResolver = Herald.SingletonInstanceResolver;
export const NewInstanceResolver = Herald.NewInstanceResolver;
export const parseEventData = Herald.parseEventData;
export const invokeReceiver = Herald.invokeReceiver;
export default Herald;
