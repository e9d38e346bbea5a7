/*
 * herald.js: browser client for Herald (and ServiceStack) Server Events.
 *
 * Works two ways, with no build step and no dependencies:
 *   <script src="/js/herald.js"></script>          -> window.Herald.ServerEventsClient
 *   import { ServerEventsClient } from '/js/herald.mjs';   (herald.mjs re-exports this file)
 *
 * Quick start:
 *   const client = new Herald.ServerEventsClient('/', ['home'], {
 *     handlers: { onConnect: info => ..., chat: (msg, req) => ... },
 *     receivers: { tv: { watch(url) { ... } } },
 *   }).start();
 *
 * Wire format handled (one SSE `data:` line per event): `[channel@]op.target[$cssSelector] body`
 *   cmd.onConnect / onJoin / onLeave / onUpdate / onHeartbeat  system messages
 *   cmd.<name>        -> handlers[name](body, request), else the global `cmd` receiver
 *   css.<prop>[$sel]  -> sets the style property on the matching elements (or <body>)
 *   trigger.<name>    -> listeners added with addListener(name), plus a DOM CustomEvent on document
 *   <receiver>.<name> -> calls the member `name` of receivers[receiver] (or assigns it)
 *
 * Reconnects by itself (exponential back-off with jitter) after a stream error or a failed heartbeat,
 * and reports `connectionState` changes through the `connectionstatechange` listener / DOM event.
 */
(function (global) {
    'use strict';

    /** Values of ServerEventsClient#connectionState. */
    var ConnectionState = Object.freeze({
        IDLE: 'idle',                 // created, start() not called yet
        CONNECTING: 'connecting',     // first connection under way
        CONNECTED: 'connected',       // onConnect received, heartbeats running
        RECONNECTING: 'reconnecting', // connection lost, waiting to retry
        STOPPED: 'stopped'            // stop() called
    });

    var SYSTEM_TYPES = {
        onConnect: 'ServerEventConnect',
        onJoin: 'ServerEventJoin',
        onLeave: 'ServerEventLeave',
        onUpdate: 'ServerEventUpdate',
        onHeartbeat: 'ServerEventHeartbeat'
    };

    var EVENT_SOURCE_CLOSED = 2;

    function combinePaths(base, path) {
        if (!base) return path;
        return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
    }

    function parseIntOr(value, fallback) {
        var n = typeof value === 'number' ? value : parseInt(value, 10);
        return isNaN(n) ? fallback : n;
    }

    function splitChannels(value) {
        if (Array.isArray(value)) return value.slice();
        if (value == null || value === '') return [];
        return String(value).split(',').filter(function (c) { return c.length > 0; });
    }

    /**
     * Parses an SSE `data` value `[channel@]op.target[$css] body` into a request object.
     * Throws Error('invalid selector format: ...') for a selector without '.'.
     */
    function parseEventData(data, eventId) {
        var space = data.indexOf(' ');
        var selector = space >= 0 ? data.substring(0, space) : data;
        var json = space >= 0 ? data.substring(space + 1) : '';
        var channel = null;
        var at = selector.indexOf('@');
        if (at >= 0) {
            channel = selector.substring(0, at);
            selector = selector.substring(at + 1);
        }
        var dot = selector.indexOf('.');
        if (dot <= 0) throw new Error('invalid selector format: ' + selector);
        var op = selector.substring(0, dot);
        var target = selector.substring(dot + 1).replace(/%20/g, ' ');
        var cssSelector = null;
        var dollar = target.indexOf('$');
        if (dollar >= 0) {
            cssSelector = target.substring(dollar + 1);
            target = target.substring(0, dollar);
        }
        var body = null;
        if (json) {
            try { body = JSON.parse(json); } catch (e) { body = null; } // a body that is not JSON is passed as null
        }
        return {
            eventId: parseIntOr(eventId, 0),
            data: data,
            type: op === 'cmd' && SYSTEM_TYPES[target] ? SYSTEM_TYPES[target] : 'ServerEventMessage',
            channel: channel,
            selector: selector,
            json: json,
            body: body,
            op: op,
            target: target,
            cssSelector: cssSelector,
            meta: {}
        };
    }

    /** Connection info / subscriber entries arrive as string maps: give them proper types. */
    function toTypedInfo(map) {
        var o = Object.assign({}, map);
        if ('isAuthenticated' in o) o.isAuthenticated = o.isAuthenticated === true || o.isAuthenticated === 'true';
        if ('channels' in o) o.channels = splitChannels(o.channels);
        if ('createdAt' in o) o.createdAt = parseIntOr(o.createdAt, 0);
        if ('heartbeatIntervalMs' in o) o.heartbeatIntervalMs = parseIntOr(o.heartbeatIntervalMs, undefined);
        if ('idleTimeoutMs' in o) o.idleTimeoutMs = parseIntOr(o.idleTimeoutMs, undefined);
        return o;
    }

    function isClass(fn) {
        return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
    }

    /** Finds a property descriptor on obj or its prototypes, exact name first, then case-insensitive. */
    function findMember(obj, name) {
        var lower = name.toLowerCase();
        var exact = null, loose = null;
        for (var p = obj; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
            var names = Object.getOwnPropertyNames(p);
            for (var i = 0; i < names.length; i++) {
                if (names[i] === name) { exact = { name: names[i], desc: Object.getOwnPropertyDescriptor(p, names[i]) }; break; }
                if (!loose && names[i].toLowerCase() === lower && names[i] !== 'constructor') {
                    loose = { name: names[i], desc: Object.getOwnPropertyDescriptor(p, names[i]) };
                }
            }
            if (exact) break;
        }
        return exact || loose;
    }

    /**
     * Calls the receiver member for `name`: a method is called with (body, request), a setter or plain
     * property is assigned the body, else `noSuchMethod(name, request)` if the receiver has one.
     * Returns true if something handled it.
     */
    function invokeReceiver(receiver, name, body, request) {
        if (!receiver) return false;
        var member = String(name).replace(/-/g, '');
        var found = findMember(receiver, member);
        if (found && found.name !== 'noSuchMethod') {
            var d = found.desc;
            var value = 'value' in d ? d.value : undefined;
            if (typeof value === 'function') {
                value.call(receiver, body, request);
            } else {
                receiver[found.name] = body; // data property or setter
            }
            return true;
        }
        if (typeof receiver.noSuchMethod === 'function') {
            receiver.noSuchMethod(name, request);
            return true;
        }
        return false;
    }

    /** Resolver that creates a receiver class once and reuses the instance. */
    function SingletonInstanceResolver() {
        var instances = new Map();
        this.tryResolve = function (Ctor) {
            if (!instances.has(Ctor)) instances.set(Ctor, new Ctor());
            return instances.get(Ctor);
        };
    }

    /** Resolver that creates a new instance of a receiver class for every message (the default). */
    function NewInstanceResolver() {
        this.tryResolve = function (Ctor) { return new Ctor(); };
    }

    /**
     * A Server Events client.
     *
     * @param {string} baseUrl   server base URL ('/' or '' for the page's origin)
     * @param {string[]} channels at least one channel
     * @param {object} [options] handlers, receivers, onException(err), onReconnect(err), onTick(),
     *   resolver {tryResolve(Ctor)}, validate(request) -> false drops a message, resolveStreamUrl(url),
     *   heartbeatIntervalMs (used when the server sends none), reconnectMinDelayMs (500),
     *   reconnectMaxDelayMs (30000), withCredentials (true), EventSource (constructor, for tests),
     *   fetch (function, for tests)
     */
    function ServerEventsClient(baseUrl, channels, options) {
        if (!Array.isArray(channels) || channels.length === 0) {
            throw new Error('at least one channel is required');
        }
        options = options || {};
        this.baseUrl = baseUrl == null ? '' : String(baseUrl);
        this.channels = channels.slice();
        this.options = options;
        this.handlers = options.handlers || {};
        this.receivers = Object.assign({}, options.receivers || {});
        this.resolver = options.resolver || new NewInstanceResolver();
        this.connectionInfo = null;
        this.lastEventId = null;
        this.connectionState = ConnectionState.IDLE;
        this.eventSource = null;
        this.reconnectAttempts = 0;
        this._listeners = new Map();
        this._stopped = true;
        this._connectId = 0;
        this._hbTimer = null;
        this._reconnectTimer = null;
        this._everConnected = false;
        this._unloadHooked = false;
        this.eventStreamUri = this._buildStreamUrl(false);
    }

    ServerEventsClient.prototype = {
        constructor: ServerEventsClient,

        /** Opens the stream (no-op while one is open). Returns this. */
        start: function () {
            this._stopped = false;
            if (this.eventSource && this.eventSource.readyState !== EVENT_SOURCE_CLOSED) return this;
            this._setState(ConnectionState.CONNECTING); // deliberate: 'reconnecting' means a loss
            this._connect(false);
            return this;
        },

        /**
         * Closes the stream, stops heartbeats and unregisters the subscription (POST unRegisterUrl).
         * Returns a Promise that settles when the unregister call is done.
         */
        stop: function () {
            this._stopped = true;
            this._teardown();
            clearTimeout(this._reconnectTimer);
            this._reconnectTimer = null;
            this._setState(ConnectionState.STOPPED);
            var info = this.connectionInfo;
            this.connectionInfo = null;
            if (info && info.unRegisterUrl) {
                var self = this;
                return this._fetch(info.unRegisterUrl, { method: 'POST', credentials: this._credentials() })
                    .then(function () { }, function (e) { self._error(e); });
            }
            return Promise.resolve();
        },

        /** Closes the current stream and opens a new one at once (e.g. after signing in). */
        restart: function () {
            this._teardown();
            clearTimeout(this._reconnectTimer);
            this._reconnectTimer = null;
            this.reconnectAttempts = 0;
            this._stopped = false;
            this._setState(ConnectionState.CONNECTING);
            this._connect(false);
            return this;
        },

        /** Adds a listener for a trigger name, or 'connectionstatechange'. Returns this. */
        addListener: function (name, fn) {
            if (!this._listeners.has(name)) this._listeners.set(name, new Set());
            this._listeners.get(name).add(fn);
            return this;
        },

        /** Removes a listener added with addListener. Returns this. */
        removeListener: function (name, fn) {
            var set = this._listeners.get(name);
            if (set) set.delete(fn);
            return this;
        },

        /** Raises `name` to its listeners (msg, request) and as a DOM CustomEvent on document. */
        raiseEvent: function (name, msg, request) {
            var set = this._listeners.get(name);
            if (set) {
                var self = this;
                Array.from(set).forEach(function (fn) {
                    try { fn.call(self, msg, request); } catch (e) { self._error(e); }
                });
            }
            if (global.document && typeof global.CustomEvent === 'function') {
                global.document.dispatchEvent(new global.CustomEvent(name, { detail: { message: msg, request: request } }));
            }
        },

        /** Registers (or replaces) a named receiver: an object, or a class resolved per message. */
        registerReceiver: function (name, receiver) {
            this.receivers[name] = receiver;
            return this;
        },

        /** Removes a named receiver. */
        unregisterReceiver: function (name) {
            delete this.receivers[name];
            return this;
        },

        /** Adds channels to the live subscription (POST /api/UpdateEventSubscriber). Returns a Promise. */
        subscribeToChannels: function () {
            var list = Array.prototype.slice.call(arguments);
            return this.updateSubscriber({ subscribeChannels: list });
        },

        /** Removes channels from the live subscription. Returns a Promise. */
        unsubscribeFromChannels: function () {
            var list = Array.prototype.slice.call(arguments);
            return this.updateSubscriber({ unsubscribeChannels: list });
        },

        /**
         * POSTs {id, subscribeChannels, unsubscribeChannels} as JSON to /api/UpdateEventSubscriber, then
         * updates the local channel list (used by the next reconnect). Rejects with the server's message.
         */
        updateSubscriber: function (request) {
            var info = this.connectionInfo;
            if (!info) return Promise.reject(new Error('not connected'));
            var sub = request.subscribeChannels || [];
            var unsub = request.unsubscribeChannels || [];
            var payload = { id: info.id };
            if (sub.length) payload.subscribeChannels = sub;
            if (unsub.length) payload.unsubscribeChannels = unsub;
            var self = this;
            return this._fetch(combinePaths(this.baseUrl, 'api/UpdateEventSubscriber'), {
                method: 'POST',
                credentials: this._credentials(),
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(payload)
            }).then(function (res) {
                if (!res.ok) return errorFrom(res);
                var next = self.channels.filter(function (c) { return unsub.indexOf(c) < 0; });
                sub.forEach(function (c) { if (next.indexOf(c) < 0) next.push(c); });
                self.channels = next;
                self.eventStreamUri = self._buildStreamUrl(false);
            });
        },

        /**
         * The subscribers of this client's channels (GET /api/GetEventSubscribers?channels=a,b), typed:
         * isAuthenticated boolean, channels array, createdAt number. Errors give [] and go to onException.
         */
        getChannelSubscribers: function () {
            var self = this;
            var url = combinePaths(this.baseUrl, 'api/GetEventSubscribers') + '?channels=' + encodeURIComponent(this.channels.join(','));
            return this._fetch(url, { credentials: this._credentials(), headers: { Accept: 'application/json' } })
                .then(function (res) {
                    if (!res.ok) return errorFrom(res);
                    return res.json();
                })
                .then(function (list) { return (list || []).map(toTypedInfo); },
                    function (e) { self._error(e); return []; });
        },

        // ---- internals ------------------------------------------------------------------------

        _credentials: function () {
            return this.options.withCredentials === false ? 'same-origin' : 'include';
        },

        _fetch: function (url, init) {
            var f = this.options.fetch || global.fetch;
            return f.call(global, url, init);
        },

        _buildStreamUrl: function (resume) {
            var url = combinePaths(this.baseUrl, 'event-stream') + '?channels='
                + this.channels.map(encodeURIComponent).join(',') + '&t=' + Date.now();
            // EventSource cannot send Last-Event-ID on a fresh instance, so resume goes in the query
            if (resume && this.lastEventId != null) url += '&lastEventId=' + encodeURIComponent(this.lastEventId);
            return url;
        },

        _connect: function (resume) {
            var self = this;
            var connectId = ++this._connectId;
            this.eventStreamUri = this._buildStreamUrl(resume);
            var url = this.options.resolveStreamUrl ? this.options.resolveStreamUrl(this.eventStreamUri) : this.eventStreamUri;
            var ES = this.options.EventSource || global.EventSource;
            var es;
            try {
                es = new ES(url, { withCredentials: this.options.withCredentials !== false });
            } catch (e) {
                this._scheduleReconnect(e);
                return;
            }
            this.eventSource = es;
            es.onmessage = function (e) {
                if (connectId !== self._connectId || self._stopped) return; // a stale or stopped stream
                self._onMessage(e);
            };
            es.onerror = function (e) {
                if (connectId !== self._connectId || self._stopped) return;
                self._scheduleReconnect(new Error('event stream error' + (e && e.message ? ': ' + e.message : '')));
                self._tick();
            };
        },

        _teardown: function () {
            clearTimeout(this._hbTimer);
            this._hbTimer = null;
            this._connectId++; // invalidates callbacks of the old stream and heartbeat loop
            if (this.eventSource) {
                this.eventSource.onmessage = null;
                this.eventSource.onerror = null;
                try { this.eventSource.close(); } catch (e) { /* already closed */ }
                this.eventSource = null;
            }
        },

        /** Closes the stream and retries after min * 2^attempt ms (capped), half of it random. */
        _scheduleReconnect: function (error) {
            if (this._stopped || this._reconnectTimer) return;
            this._teardown();
            var min = this.options.reconnectMinDelayMs != null ? this.options.reconnectMinDelayMs : 500;
            var max = this.options.reconnectMaxDelayMs != null ? this.options.reconnectMaxDelayMs : 30000;
            var attempt = this.reconnectAttempts++;
            var base = Math.min(max, min * Math.pow(2, Math.min(attempt, 20)));
            var delay = Math.round(base / 2 + Math.random() * base / 2);
            this._error(error);
            this._setState(ConnectionState.RECONNECTING, { error: error, attempt: attempt + 1, delayMs: delay });
            var self = this;
            this._reconnectTimer = setTimeout(function () {
                self._reconnectTimer = null;
                if (self._stopped) return;
                self._connect(true);
                if (self.options.onReconnect) {
                    try { self.options.onReconnect.call(self, error); } catch (e) { self._error(e); }
                }
            }, delay);
        },

        _setState: function (state, extra) {
            var previous = this.connectionState;
            this.connectionState = state;
            if (previous === state && state !== ConnectionState.RECONNECTING) return;
            var detail = Object.assign({ state: state, previous: previous }, extra || {});
            var set = this._listeners.get('connectionstatechange');
            var self = this;
            if (set) Array.from(set).forEach(function (fn) { try { fn.call(self, detail); } catch (e) { self._error(e); } });
            if (global.document && typeof global.CustomEvent === 'function') {
                global.document.dispatchEvent(new global.CustomEvent('herald:connectionstatechange', { detail: detail }));
            }
        },

        _error: function (e) {
            if (this.options.onException) {
                try { this.options.onException.call(this, e); } catch (ignored) { /* never let a callback break the loop */ }
            }
        },

        _tick: function () {
            if (this.options.onTick) {
                try { this.options.onTick.call(this); } catch (e) { this._error(e); }
            }
        },

        _handler: function (name) {
            var h = this.handlers;
            if (typeof h[name] === 'function') return h[name];
            var lower = name.toLowerCase();
            for (var k in h) {
                if (k.toLowerCase() === lower && typeof h[k] === 'function') return h[k];
            }
            return null;
        },

        _receiver: function (name) {
            var r = this.receivers[name];
            if (r == null) {
                var lower = name.toLowerCase();
                for (var k in this.receivers) if (k.toLowerCase() === lower) { r = this.receivers[k]; break; }
            }
            if (isClass(r)) r = this.resolver.tryResolve(r);
            return r;
        },

        _onMessage: function (e) {
            if (e.lastEventId) {
                var n = parseInt(e.lastEventId, 10);
                this.lastEventId = isNaN(n) ? e.lastEventId : n;
            }
            var request;
            try {
                request = parseEventData(String(e.data), e.lastEventId);
            } catch (err) {
                this._error(err);
                this._tick();
                return;
            }
            try {
                this._dispatch(request);
            } catch (err) {
                this._error(err);
            }
            this._tick();
        },

        _dispatch: function (request) {
            if (this.options.validate && this.options.validate(request) === false) return;
            var body = request.body;
            var merged = body && typeof body === 'object' && !Array.isArray(body) ? Object.assign({}, request, body) : request;
            var op = request.op, cmd = request.target;
            var isSystem = op === 'cmd' && !!SYSTEM_TYPES[cmd];

            if (op === 'cmd') {
                if (cmd === 'onConnect') {
                    this._onConnect(merged, request);
                } else if (cmd === 'onJoin' || cmd === 'onLeave' || cmd === 'onUpdate') {
                    var typed = toTypedInfo(merged);
                    var h = this._handler(cmd);
                    if (h) h.call(this, typed, request);
                    if (this.handlers.onCommand) this.handlers.onCommand.call(this, typed, request);
                } else if (cmd === 'onHeartbeat') {
                    var hb = this._handler('onHeartbeat');
                    if (hb) hb.call(this, toTypedInfo(merged), request);
                } else {
                    var handler = this._handler(cmd);
                    if (handler) {
                        handler.call(this, body, request);
                    } else {
                        invokeReceiver(this._receiver('cmd'), cmd, body, request);
                    }
                }
            } else if (op === 'trigger') {
                this.raiseEvent(cmd, body, request);
            } else if (op === 'css') {
                this._applyCss(cmd, request.cssSelector, body);
            } else {
                var receiver = this._receiver(op);
                if (receiver) invokeReceiver(receiver, cmd, body, request);
            }

            if (!isSystem && this.handlers.onMessage) this.handlers.onMessage.call(this, merged, request);
        },

        _applyCss: function (prop, cssSelector, value) {
            var doc = global.document;
            if (!doc) return;
            var els = cssSelector ? doc.querySelectorAll(cssSelector) : [doc.body];
            var v = value == null ? '' : String(value);
            Array.prototype.forEach.call(els, function (el) {
                if (prop.indexOf('-') >= 0 || !(prop in el.style)) el.style.setProperty(prop, v);
                else el.style[prop] = v;
            });
        },

        _onConnect: function (merged, request) {
            var info = toTypedInfo(merged);
            this.connectionInfo = info;
            if (info.channels && info.channels.length) this.channels = info.channels.slice();
            this.eventStreamUri = this._buildStreamUrl(false);
            var wasConnected = this._everConnected;
            this._everConnected = true;
            this.reconnectAttempts = 0;
            var h = this._handler('onConnect');
            if (h) h.call(this, info, request);
            this._setState(ConnectionState.CONNECTED, { reconnected: wasConnected, connectionInfo: info });
            this._startHeartbeat();
            this._hookUnload();
        },

        _startHeartbeat: function () {
            var self = this;
            var connectId = this._connectId;
            clearTimeout(this._hbTimer);
            var beat = function () {
                if (connectId !== self._connectId || self._stopped) return; // an older loop: let it die
                var info = self.connectionInfo;
                var interval = (info && info.heartbeatIntervalMs) || self.options.heartbeatIntervalMs || 10000;
                self._hbTimer = setTimeout(function () {
                    if (connectId !== self._connectId || self._stopped) return;
                    if (self.eventSource && self.eventSource.readyState === EVENT_SOURCE_CLOSED) {
                        if (self.handlers.onStop) self.handlers.onStop.call(self);
                        self._scheduleReconnect(new Error('event stream closed'));
                        return;
                    }
                    if (!info || !info.heartbeatUrl) return;
                    self._fetch(info.heartbeatUrl, {
                        method: 'POST',
                        credentials: self._credentials(),
                        headers: { 'Content-Type': 'text/plain' }
                    }).then(function (res) {
                        if (connectId !== self._connectId) return;
                        if (!res.ok) {
                            self._scheduleReconnect(new Error('heartbeat failed: ' + res.status + ' ' + (res.statusText || '')));
                        } else {
                            beat();
                        }
                    }, function (err) {
                        if (connectId !== self._connectId) return;
                        self._scheduleReconnect(err);
                    });
                }, interval);
            };
            beat();
        },

        _hookUnload: function () {
            if (this._unloadHooked || typeof global.addEventListener !== 'function') return;
            this._unloadHooked = true;
            var self = this;
            global.addEventListener('pagehide', function () {
                var info = self.connectionInfo;
                if (!info || !info.unRegisterUrl || self._stopped) return;
                var nav = global.navigator;
                if (nav && typeof nav.sendBeacon === 'function') nav.sendBeacon(info.unRegisterUrl);
            });
        }
    };

    /** Rejects with Error(responseStatus.message || statusText) and .status / .responseStatus. */
    function errorFrom(res) {
        return res.text().then(function (text) {
            var status = null;
            try { status = JSON.parse(text).responseStatus || null; } catch (e) { /* not JSON */ }
            var err = new Error((status && status.message) || res.statusText || ('HTTP ' + res.status));
            err.status = res.status;
            err.responseStatus = status;
            throw err;
        });
    }

    var Herald = {
        ServerEventsClient: ServerEventsClient,
        ConnectionState: ConnectionState,
        SingletonInstanceResolver: SingletonInstanceResolver,
        NewInstanceResolver: NewInstanceResolver,
        parseEventData: parseEventData,
        invokeReceiver: invokeReceiver,
        combinePaths: combinePaths,
        errorFrom: errorFrom
    };

    global.Herald = Herald;
    if (typeof module === 'object' && module && module.exports) module.exports = Herald;
})(typeof globalThis !== 'undefined' ? globalThis : (typeof window !== 'undefined' ? window : this));
