// Herald Chat page. Talks to the chat services (/channels/<ch>/chat|raw, /chathistory,
// /event-subscribers, /auth, /config) and listens through herald.js's ServerEventsClient.
import { ServerEventsClient } from './herald.mjs';

const $ = (id) => document.getElementById(id);
const el = {
  tabs: $('channel-tabs'),
  addChannel: $('add-channel'),
  addChannelForm: $('add-channel-form'),
  addChannelInput: $('add-channel-input'),
  status: $('connection-status'),
  banner: $('connection-banner'),
  announce: $('announce'),
  welcome: $('welcome'),
  welcomeName: $('welcome-name'),
  welcomeAvatar: $('welcome-avatar'),
  log: $('log'),
  tv: $('tv'),
  examples: $('examples'),
  exampleList: $('example-list'),
  examplesToggle: $('examples-toggle'),
  compose: $('compose'),
  input: $('message-input'),
  send: $('send-button'),
  autocomplete: $('autocomplete'),
  users: $('users'),
  usersList: $('users-list'),
  usersChannel: $('users-channel'),
  usersCount: $('users-count'),
  usersToggle: $('users-toggle'),
  usersClose: $('users-close'),
  clearLog: $('clear-log'),
  signinButton: $('signin-button'),
  signin: $('signin'),
  guestForm: $('guest-form'),
  credentialsForm: $('credentials-form'),
  signinError: $('signin-error'),
  signoutButton: $('signout-button'),
};

const NO_PROFILE = '/img/no-profile.svg';
const GROUP_WINDOW_MS = 5 * 60 * 1000;

const EXAMPLES = [
  '/cmd.announce This is your captain speaking ...',
  '/cmd.toggle$#channels',
  '/css.background-image url(/img/bg-alt.svg)',
  '/css.background-image url(/img/bg.svg)',
  '/css.background$#top #673ab7',
  '/css.color$#welcome #ff0',
  '/css.visibility$img,a hidden',
  '/css.visibility$img,a visible',
  '/document.title Hello from Herald',
  '/tv.watch https://www.youtube.com/watch?v=9bZkp7q19f0',
  '/tv.off',
  '/cmd.addReceiver window',
  '/window.location https://www.example.org/',
  '/cmd.removeReceiver window',
  '/trigger.customEvent arg',
  '/cmd.toggleExamples',
  '/cmd.stopListening',
  '@me /cmd.announce Only I see this',
];

// ---- state ------------------------------------------------------------------------------------

const state = {
  channels: channelsFromUrl(),
  selected: null,
  activeSub: null,
  users: new Map(),          // userId -> { userId, displayName, profileUrl, isAuthenticated, channels:Set }
  lastByChannel: new Map(),  // channel -> { userId, private, at } of the last message, for grouping
  unread: new Map(),
  sent: [],                  // sent lines, for up/down arrows
  sentIndex: 0,
  draft: '',
  outage: false,
};
state.selected = state.channels[0];

function channelsFromUrl() {
  const raw = new URLSearchParams(location.search).get('channels') || 'home';
  const list = [];
  raw.split(',').map((c) => c.trim()).filter(isValidChannel).forEach((c) => { if (!list.includes(c)) list.push(c); });
  return list.length ? list : ['home'];
}

function isValidChannel(c) {
  return typeof c === 'string' && /^[^\s,@]{1,64}$/.test(c);
}

// ---- client -----------------------------------------------------------------------------------

const tvReceiver = {
  watch(url) { showTv(decodeHtml(String(url || ''))); },
  off() { hideTv(); },
};
const knownReceivers = { window, document, tv: tvReceiver };

const client = new ServerEventsClient('/', state.channels, {
  handlers: {
    onConnect(info) { onConnect(info); },
    onJoin: refreshUsersSoon,
    onLeave: refreshUsersSoon,
    onUpdate: refreshUsersSoon,
    chat(msg, request) { addChat(msg, request.channel); },
    privateMsg(text) { addSystem(`Private note: ${text}`); },
    announce(text) { announce(text); },
    toggle(_, request) {
      if (!request.cssSelector) return;
      document.querySelectorAll(request.cssSelector).forEach((node) => { node.hidden = !node.hidden; });
    },
    sendCommand(text) { el.input.value = text || ''; el.input.focus(); },
    removeReceiver(name) { client.unregisterReceiver(name); addSystem(`Receiver '${name}' removed`); },
    addReceiver(name) {
      if (!knownReceivers[name]) { addSystem(`Unknown receiver '${name}'`, 'error'); return; }
      client.registerReceiver(name, knownReceivers[name]);
      addSystem(`Receiver '${name}' added`);
    },
    toggleExamples() { toggleExamples(); },
    changeChannel(channel) { changeChannel(channel); },
    stopListening() { stopListening(); },
    startListening() { client.start(); },
  },
  receivers: { tv: tvReceiver, document },
  // Raw commands arrive HTML-encoded by the server: decode string bodies once here, and refuse
  // navigation to anything but http(s) so remote control cannot run script in this page.
  validate(request) {
    if (typeof request.body === 'string') request.body = decodeHtml(request.body);
    if (request.op === 'window' && /^location$/i.test(request.target) && !isSafeUrl(request.body)) return false;
    return true;
  },
  onException(e) { console.warn('[herald]', e && e.message ? e.message : e); },
});

client.addListener('customEvent', (msg) => addEventLine(`[event customEvent message: ${msg}]`));
client.addListener('connectionstatechange', onConnectionState);

// ---- connection -------------------------------------------------------------------------------

function onConnect(info) {
  state.activeSub = info;
  state.channels = client.channels.slice();
  if (!state.channels.includes(state.selected)) state.selected = state.channels[0];
  renderTabs();
  el.welcome.hidden = false;
  el.welcomeName.textContent = `Welcome, ${info.displayName}`;
  el.welcomeAvatar.src = info.profileUrl || NO_PROFILE;
  el.signinButton.textContent = info.isAuthenticated ? 'Switch user' : 'Sign in';
  el.signoutButton.hidden = !info.isAuthenticated;
  clearLog();
  addSystem('CONNECTED!');
  loadHistory(state.channels).then(refreshUsers);
}

function onConnectionState(detail) {
  document.body.dataset.connection = detail.state;
  el.status.dataset.state = detail.state;
  const label = el.status.querySelector('.label');
  switch (detail.state) {
    case 'connecting':
      label.textContent = 'Connecting…';
      break;
    case 'connected':
      label.textContent = 'Live';
      if (state.outage) { // not after a deliberate restart (sign-in), only after a loss
        showBanner('Reconnected', 'ok', 2500);
        state.outage = false;
      } else {
        hideBanner();
      }
      break;
    case 'reconnecting': {
      label.textContent = 'Reconnecting…';
      if (state.signInRequired && !(state.activeSub && state.activeSub.isAuthenticated)) {
        // the server refuses anonymous streams: this is not an outage, the user has to sign in
        showBanner('This chat is for signed-in users. Sign in to join.', 'warn');
        break;
      }
      const secs = detail.delayMs != null ? Math.max(1, Math.round(detail.delayMs / 1000)) : null;
      const when = secs ? ` in ${secs}s` : '';
      const attempt = detail.attempt > 1 ? ` (attempt ${detail.attempt})` : '';
      showBanner(`Connection lost. Reconnecting${when}${attempt}…`, 'warn');
      if (!state.outage) addSystem('ERROR! Connection lost, reconnecting…', 'error');
      state.outage = true;
      break;
    }
    case 'stopped':
      label.textContent = 'Offline';
      showBanner('Not listening. Type /cmd.startListening to resume.', 'bad');
      break;
    default:
      label.textContent = detail.state;
  }
}

function stopListening() {
  client.stop();
  state.activeSub = null;
  addSystem('Stopped listening. Type /cmd.startListening to resume.');
}

let bannerTimer = null;
function showBanner(text, kind, hideAfterMs) {
  clearTimeout(bannerTimer);
  el.banner.textContent = text;
  el.banner.className = `connection-banner ${kind || ''}`;
  el.banner.dataset.kind = kind || '';
  el.banner.hidden = false;
  if (hideAfterMs) bannerTimer = setTimeout(hideBanner, hideAfterMs);
}
function hideBanner() {
  el.banner.hidden = true;
}

// ---- HTTP -------------------------------------------------------------------------------------

/** Form-POSTs fields (nulls left out); on error shows responseStatus.message and returns null. */
async function postForm(url, fields) {
  const body = new URLSearchParams();
  Object.entries(fields).forEach(([k, v]) => { if (v != null) body.append(k, v); });
  let res;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
    });
  } catch (e) {
    announce(`Network error: ${e.message}`);
    return null;
  }
  if (!res.ok) {
    announce(await errorMessage(res));
    return null;
  }
  return res;
}

async function errorMessage(res) {
  try {
    const json = await res.json();
    if (json && json.responseStatus && json.responseStatus.message) return json.responseStatus.message;
  } catch (e) { /* no JSON body */ }
  return `${res.status} ${res.statusText || 'Error'}`;
}

async function getJson(url) {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(await errorMessage(res));
  return res.json();
}

const channelsParam = (list) => encodeURIComponent(list.join(','));

async function loadHistory(channels) {
  try {
    const json = await getJson(`/chathistory?channels=${channelsParam(channels)}`);
    (json.results || []).forEach((m) => addChat(m, m.channel, true));
  } catch (e) {
    addSystem(`Could not load history: ${e.message}`, 'error');
  }
}

let usersTimer = null;
function refreshUsersSoon() {
  clearTimeout(usersTimer); // joins often arrive in bursts: one request for the lot
  usersTimer = setTimeout(refreshUsers, 150);
}

async function refreshUsers() {
  let list;
  try {
    list = await getJson(`/event-subscribers?channels=${channelsParam(state.channels)}`);
  } catch (e) {
    return;
  }
  state.users.clear();
  (list || []).forEach((s) => {
    const chans = String(s.channels || '').split(',').filter(Boolean);
    const existing = state.users.get(s.userId);
    if (existing) {
      chans.forEach((c) => existing.channels.add(c));
    } else {
      state.users.set(s.userId, {
        userId: s.userId,
        displayName: s.displayName,
        profileUrl: s.profileUrl,
        isAuthenticated: s.isAuthenticated === true || s.isAuthenticated === 'true',
        channels: new Set(chans),
      });
    }
  });
  renderUsers();
}

// ---- channels ---------------------------------------------------------------------------------

function renderTabs() {
  el.tabs.replaceChildren(...state.channels.map((channel) => {
    const li = document.createElement('li');
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'tab';
    tab.setAttribute('role', 'tab');
    tab.dataset.channel = channel;
    tab.dataset.testid = 'channel-tab';
    tab.setAttribute('aria-selected', String(channel === state.selected));
    tab.append(`#${channel}`);
    const unread = state.unread.get(channel);
    if (unread) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = unread > 99 ? '99+' : String(unread);
      tab.append(badge);
    }
    if (state.channels.length > 1) {
      const close = document.createElement('span');
      close.className = 'close';
      close.title = `Leave #${channel}`;
      close.textContent = '×';
      close.dataset.leave = channel;
      tab.append(close);
    }
    li.append(tab);
    return li;
  }));
  el.input.placeholder = `Message #${state.selected}  (@name private, /cmd.announce hi command)`;
  el.usersChannel.textContent = `#${state.selected}`;
}

function selectChannel(channel) {
  state.selected = channel;
  state.unread.delete(channel);
  renderTabs();
  applyLogFilter();
  renderUsers();
  scrollToBottom(true);
}

async function addChannel(channel) {
  channel = (channel || '').trim().replace(/^#/, '');
  if (!channel) return;
  if (!isValidChannel(channel)) { announce(`Invalid channel name '${channel}'`); return; }
  if (state.channels.includes(channel)) { selectChannel(channel); return; }
  if (client.connectionInfo) {
    try {
      await client.subscribeToChannels(channel);
    } catch (e) {
      reopenWith([...state.channels, channel]); // no live update available: reopen the page instead
      return;
    }
    state.channels = client.channels.slice();
    updateUrl();
    selectChannel(channel);
    await loadHistory([channel]);
    refreshUsers();
  } else {
    reopenWith([...state.channels, channel]);
  }
}

async function leaveChannel(channel) {
  if (state.channels.length < 2 || !state.channels.includes(channel)) return;
  try {
    await client.unsubscribeFromChannels(channel);
  } catch (e) {
    reopenWith(state.channels.filter((c) => c !== channel));
    return;
  }
  state.channels = client.channels.slice();
  el.log.querySelectorAll('li').forEach((li) => { if (li.dataset.channel === channel && li.dataset.private !== 'true') li.remove(); });
  state.lastByChannel.delete(channel);
  state.unread.delete(channel);
  updateUrl();
  selectChannel(state.selected === channel ? state.channels[0] : state.selected);
  refreshUsers();
}

function changeChannel(channel) {
  if (!isValidChannel(channel)) return;
  if (state.channels.includes(channel)) selectChannel(channel);
  else addChannel(channel);
}

function reopenWith(channels) {
  location.search = `?channels=${channels.map(encodeURIComponent).join(',')}`;
}

function updateUrl() {
  history.replaceState(null, '', `?channels=${state.channels.map(encodeURIComponent).join(',')}`);
}

// ---- log --------------------------------------------------------------------------------------

function isNearBottom() {
  return el.log.scrollHeight - el.log.scrollTop - el.log.clientHeight < 80;
}

function scrollToBottom(force) {
  if (force || isNearBottom()) el.log.scrollTop = el.log.scrollHeight;
}

function appendEntry(li) {
  const stick = isNearBottom();
  el.log.append(li);
  li.hidden = !isVisible(li);
  if (stick) scrollToBottom(true);
}

function isVisible(li) {
  const channel = li.dataset.channel;
  return !channel || li.dataset.private === 'true' || channel === state.selected;
}

function applyLogFilter() {
  el.log.querySelectorAll(':scope > li').forEach((li) => { li.hidden = !isVisible(li); });
}

function clearLog() {
  el.log.replaceChildren();
  state.lastByChannel.clear();
  if (state.unread.size) {
    state.unread.clear();
    renderTabs();
  }
}

function addSystem(text, kind) {
  const li = document.createElement('li');
  li.className = `system ${kind || ''}`;
  li.dataset.testid = 'system-message';
  li.textContent = text;
  state.lastByChannel.clear();
  appendEntry(li);
}

function addEventLine(text) {
  const li = document.createElement('li');
  li.className = 'event';
  li.dataset.testid = 'event-message';
  li.textContent = text;
  state.lastByChannel.clear();
  appendEntry(li);
}

function myName() {
  return state.activeSub ? state.activeSub.displayName : null;
}

const squash = (name) => String(name || '').replace(/\s+/g, '').toLowerCase();

/**
 * Adds a chat message; consecutive messages of one user in one channel are grouped. `replay` is set for
 * history, which does not count as unread.
 */
function addChat(m, frameChannel, replay) {
  if (!m || typeof m !== 'object') return;
  const channel = m.channel || frameChannel || state.selected;
  const text = decodeHtml(String(m.message == null ? '' : m.message));
  const isPrivate = m.private === true || m.private === 'true';
  const mine = !!state.activeSub && m.fromUserId === state.activeSub.userId;
  const me = squash(myName());
  const mentionsMe = !!me && new RegExp(`@${escapeRegExp(me)}(?![\\w.-])`, 'i').test(text);

  const li = document.createElement('li');
  li.className = 'msg';
  li.dataset.testid = 'chat-message';
  li.dataset.channel = channel;
  li.dataset.userId = m.fromUserId;
  li.dataset.id = m.id;
  if (isPrivate) { li.classList.add('private'); li.dataset.private = 'true'; }
  if (mine) li.classList.add('mine');
  if (mentionsMe && !mine) li.classList.add('mentions-me');

  const now = Date.now();
  const last = state.lastByChannel.get(channel);
  if (last && last.userId === m.fromUserId && last.private === isPrivate && now - last.at < GROUP_WINDOW_MS) {
    li.classList.add('continued');
  }
  state.lastByChannel.set(channel, { userId: m.fromUserId, private: isPrivate, at: now });

  const user = state.users.get(m.fromUserId);
  const avatar = document.createElement('img');
  avatar.className = 'avatar';
  avatar.alt = '';
  avatar.src = (user && user.profileUrl) || (mine && state.activeSub.profileUrl) || NO_PROFILE;
  avatar.onerror = () => { avatar.onerror = null; avatar.src = NO_PROFILE; };

  const meta = document.createElement('div');
  meta.className = 'meta';
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = m.fromName || m.displayName || m.fromUserId;
  name.title = 'Send a private message';
  name.addEventListener('click', () => startPrivate(m.fromName));
  const time = document.createElement('time');
  time.className = 'time';
  time.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  meta.append(name, time);
  if (isPrivate) {
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = 'private';
    meta.append(tag);
  }

  const body = document.createElement('div');
  body.className = 'text';
  body.dataset.testid = 'chat-text';
  body.append(...withMentions(text, me));

  li.append(avatar, meta, body);
  appendEntry(li);

  if (!replay && channel !== state.selected && !isPrivate && state.channels.includes(channel)) {
    state.unread.set(channel, (state.unread.get(channel) || 0) + 1);
    renderTabs();
  }
}

/** Text nodes with @mentions wrapped in spans (never HTML: the text stays text). */
function withMentions(text, me) {
  const parts = text.split(/(@[\w.-]+)/g);
  return parts.filter((p) => p !== '').map((part) => {
    if (part.startsWith('@') && part.length > 1) {
      const span = document.createElement('span');
      span.className = 'mention';
      if (me && squash(part.slice(1)) === me) span.classList.add('me');
      span.textContent = part;
      return span;
    }
    return document.createTextNode(part);
  });
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&apos;': "'" };
function decodeHtml(s) {
  return typeof s === 'string' ? s.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (m) => ENTITIES[m]) : s;
}

function isSafeUrl(url) {
  try {
    const u = new URL(String(url), location.href);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch (e) {
    return false;
  }
}

// ---- users ------------------------------------------------------------------------------------

function renderUsers() {
  const me = state.activeSub && state.activeSub.userId;
  const inChannel = [...state.users.values()]
    .filter((u) => u.channels.has(state.selected))
    .sort((a, b) => (a.userId === me ? -1 : b.userId === me ? 1 : a.displayName.localeCompare(b.displayName)));
  el.usersList.replaceChildren(...inChannel.map((u) => {
    const li = document.createElement('li');
    li.dataset.userId = u.userId;
    li.dataset.testid = 'user';
    if (u.userId === me) li.classList.add('me');
    const img = document.createElement('img');
    img.className = 'avatar small';
    img.alt = '';
    img.src = u.profileUrl || NO_PROFILE;
    img.onerror = () => { img.onerror = null; img.src = NO_PROFILE; };
    const text = document.createElement('div');
    const name = document.createElement('div');
    name.className = 'user-name';
    name.textContent = u.displayName;
    const sub = document.createElement('div');
    sub.className = 'user-sub';
    sub.textContent = [u.isAuthenticated ? 'signed in' : 'guest', [...u.channels].map((c) => `#${c}`).join(' ')].join(' · ');
    text.append(name, sub);
    li.append(img, text);
    li.title = `Send a private message to ${u.displayName}`;
    li.addEventListener('click', () => startPrivate(u.displayName));
    return li;
  }));
  el.usersCount.textContent = String(inChannel.length);
}

function startPrivate(displayName) {
  const handle = `@${String(displayName || '').replace(/\s+/g, '')} `;
  const rest = el.input.value.replace(/^@\S+\s*/, '');
  el.input.value = handle + rest;
  el.input.focus();
  closeUsersDrawer();
}

function findUserByHandle(handle) {
  const want = squash(handle);
  for (const u of state.users.values()) if (squash(u.displayName) === want) return u;
  return null;
}

// ---- sending ----------------------------------------------------------------------------------

function splitOnFirst(s, sep) {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.substring(0, i), s.substring(i + sep.length)];
}

/** Sends one line: @user private, /selector command, or chat. Returns true if it was sent. */
async function sendLine(line) {
  let text = line.trim();
  if (!text) return false;
  rememberSent(line);

  let toUserId = null;
  if (text.startsWith('@')) {
    const [first, rest] = splitOnFirst(text, ' ');
    const handle = first.substring(1);
    if (handle.toLowerCase() === 'me') {
      if (!state.activeSub) { announce('Not connected'); return false; }
      toUserId = state.activeSub.userId;
    } else {
      const user = findUserByHandle(handle);
      if (!user) { announce(`No user named @${handle} in this chat`); return false; }
      toUserId = user.userId;
    }
    text = rest.trim();
    if (!text) return false;
  }

  if (text.startsWith('/')) {
    const [selector, message] = splitOnFirst(text.substring(1), ' ');
    if (!state.activeSub || client.connectionState !== 'connected') {
      // nobody can send us startListening while we are not listening: run it here
      if (/^cmd\.startListening$/i.test(selector)) { client.start(); return true; }
      announce('Not connected: commands need a live connection');
      return false;
    }
    const res = await postForm(`/channels/${encodeURIComponent(state.selected)}/raw`,
      { from: state.activeSub.id, toUserId, message, selector });
    return res != null;
  }

  if (!state.activeSub) { announce('Not connected yet, try again in a moment'); return false; }
  const res = await postForm(`/channels/${encodeURIComponent(state.selected)}/chat`,
    { from: state.activeSub.id, toUserId, message: text, selector: 'cmd.chat' });
  return res != null;
}

function rememberSent(line) {
  if (state.sent[state.sent.length - 1] !== line) state.sent.push(line);
  if (state.sent.length > 100) state.sent.shift();
  state.sentIndex = state.sent.length;
  state.draft = '';
}

el.compose.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!el.autocomplete.hidden && acceptAutocomplete()) return;
  const line = el.input.value;
  if (!line.trim()) return;
  el.input.value = '';
  const ok = await sendLine(line);
  if (!ok && !el.input.value) el.input.value = line; // keep what failed so it can be fixed
  el.input.focus();
});

// ---- input aids: history and @autocomplete ----------------------------------------------------

let acIndex = 0;

el.input.addEventListener('keydown', (e) => {
  if (!el.autocomplete.hidden) {
    const items = el.autocomplete.children.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      acIndex = (acIndex + (e.key === 'ArrowDown' ? 1 : items - 1)) % items;
      renderAutocompleteSelection();
      return;
    }
    if (e.key === 'Tab') { e.preventDefault(); acceptAutocomplete(); return; }
    if (e.key === 'Escape') { hideAutocomplete(); return; }
  }
  if (e.key === 'ArrowUp' && state.sent.length) {
    e.preventDefault();
    if (state.sentIndex === state.sent.length) state.draft = el.input.value;
    state.sentIndex = Math.max(0, state.sentIndex - 1);
    el.input.value = state.sent[state.sentIndex];
  } else if (e.key === 'ArrowDown' && state.sentIndex < state.sent.length) {
    e.preventDefault();
    state.sentIndex += 1;
    el.input.value = state.sentIndex === state.sent.length ? state.draft : state.sent[state.sentIndex];
  }
});

el.input.addEventListener('input', updateAutocomplete);
el.input.addEventListener('blur', () => setTimeout(hideAutocomplete, 150));

function currentMentionPrefix() {
  const caret = el.input.selectionStart == null ? el.input.value.length : el.input.selectionStart;
  const before = el.input.value.substring(0, caret);
  const m = /(^|\s)@([\w.-]*)$/.exec(before);
  return m ? { prefix: m[2], start: caret - m[2].length - 1, end: caret } : null;
}

function updateAutocomplete() {
  const at = currentMentionPrefix();
  if (!at) { hideAutocomplete(); return; }
  const want = at.prefix.toLowerCase();
  const names = [...state.users.values()]
    .map((u) => ({ handle: u.displayName.replace(/\s+/g, ''), user: u }))
    .filter((x) => x.handle.toLowerCase().startsWith(want));
  if ('me'.startsWith(want)) names.unshift({ handle: 'me', user: null });
  if (!names.length || (names.length === 1 && names[0].handle.toLowerCase() === want)) { hideAutocomplete(); return; }
  acIndex = 0;
  el.autocomplete.replaceChildren(...names.slice(0, 8).map((x) => {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.dataset.handle = x.handle;
    const img = document.createElement('img');
    img.className = 'avatar small';
    img.alt = '';
    img.src = (x.user && x.user.profileUrl) || (state.activeSub && state.activeSub.profileUrl) || NO_PROFILE;
    li.append(img, `@${x.handle}`);
    li.addEventListener('mousedown', (ev) => { ev.preventDefault(); acIndex = [...el.autocomplete.children].indexOf(li); acceptAutocomplete(); });
    return li;
  }));
  el.autocomplete.hidden = false;
  renderAutocompleteSelection();
}

function renderAutocompleteSelection() {
  [...el.autocomplete.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === acIndex)));
}

function acceptAutocomplete() {
  const at = currentMentionPrefix();
  const li = el.autocomplete.children[acIndex];
  hideAutocomplete();
  if (!at || !li) return false;
  const v = el.input.value;
  const insert = `@${li.dataset.handle} `;
  el.input.value = v.substring(0, at.start) + insert + v.substring(at.end).replace(/^\s+/, '');
  const caret = at.start + insert.length;
  el.input.setSelectionRange(caret, caret);
  return true;
}

function hideAutocomplete() {
  el.autocomplete.hidden = true;
}

// ---- remote-control helpers -------------------------------------------------------------------

let announceTimer = null;
function announce(text) {
  clearTimeout(announceTimer);
  el.announce.textContent = decodeHtml(String(text == null ? '' : text));
  el.announce.hidden = false;
  announceTimer = setTimeout(() => { el.announce.hidden = true; }, 2000);
}

function youtubeId(url) {
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^www\.|^m\./, '');
    if (host === 'youtu.be') return u.pathname.substring(1).split('/')[0] || null;
    if (host.endsWith('youtube.com')) {
      if (u.searchParams.get('v')) return u.searchParams.get('v');
      const m = /^\/(embed|shorts)\/([^/?]+)/.exec(u.pathname);
      if (m) return m[2];
    }
  } catch (e) { /* not a URL */ }
  return null;
}

function showTv(url) {
  const id = youtubeId(url);
  const src = id ? `https://www.youtube.com/embed/${encodeURIComponent(id)}?autoplay=1` : url;
  if (!isSafeUrl(src)) { addSystem(`tv.watch needs an http(s) URL, got '${url}'`, 'error'); return; }
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = 'Shared video';
  frame.allow = 'autoplay; encrypted-media; picture-in-picture';
  frame.allowFullscreen = true;
  frame.dataset.testid = 'tv-frame';
  el.tv.replaceChildren(frame);
  el.tv.hidden = false;
}

function hideTv() {
  el.tv.replaceChildren();
  el.tv.hidden = true;
}

function toggleExamples() {
  el.examples.hidden = !el.examples.hidden;
}

el.exampleList.replaceChildren(...EXAMPLES.map((cmd) => {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = cmd;
  b.addEventListener('click', () => { el.input.value = cmd; el.input.focus(); });
  li.append(b);
  return li;
}));

// ---- sign-in ----------------------------------------------------------------------------------

function openSignin() {
  el.signinError.hidden = true;
  if (typeof el.signin.showModal === 'function') el.signin.showModal();
  else el.signin.setAttribute('open', '');
  (el.guestForm.hidden ? el.credentialsForm : el.guestForm).querySelector('input').focus();
}

function closeSignin() {
  if (typeof el.signin.close === 'function') el.signin.close();
  else el.signin.removeAttribute('open');
}

async function signIn(url, fields) {
  el.signinError.hidden = true;
  let res;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(fields),
    });
  } catch (e) {
    el.signinError.textContent = `Network error: ${e.message}`;
    el.signinError.hidden = false;
    return;
  }
  if (!res.ok) {
    el.signinError.textContent = await errorMessage(res);
    el.signinError.hidden = false;
    return;
  }
  closeSignin();
  client.restart(); // a new stream picks up the new session cookie
}

document.querySelectorAll('.signin-tab').forEach((tab) => tab.addEventListener('click', () => {
  document.querySelectorAll('.signin-tab').forEach((t) => t.classList.toggle('active', t === tab));
  el.guestForm.hidden = tab.dataset.panel !== 'guest-form';
  el.credentialsForm.hidden = tab.dataset.panel !== 'credentials-form';
  el.signinError.hidden = true;
}));

el.guestForm.addEventListener('submit', (e) => {
  e.preventDefault();
  signIn('/auth/guest', { displayName: el.guestForm.displayName.value.trim() });
});

el.credentialsForm.addEventListener('submit', (e) => {
  e.preventDefault();
  signIn('/auth', {
    provider: 'credentials',
    userName: el.credentialsForm.userName.value.trim(),
    password: el.credentialsForm.password.value,
  });
});

el.signoutButton.addEventListener('click', async () => {
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => null);
  state.activeSub = null; // signed out: the next stream decides who we are
  closeSignin();
  client.restart();
});

el.signinButton.addEventListener('click', openSignin);

// ---- layout wiring ----------------------------------------------------------------------------

el.tabs.addEventListener('click', (e) => {
  const leave = e.target.closest('[data-leave]');
  if (leave) { e.stopPropagation(); leaveChannel(leave.dataset.leave); return; }
  const tab = e.target.closest('.tab');
  if (tab) selectChannel(tab.dataset.channel);
});

el.addChannel.addEventListener('click', () => {
  el.addChannelForm.hidden = false;
  el.addChannelInput.value = '';
  el.addChannelInput.focus();
});
el.addChannelForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const name = el.addChannelInput.value;
  el.addChannelForm.hidden = true;
  addChannel(name);
});
el.addChannelInput.addEventListener('keydown', (e) => { if (e.key === 'Escape') el.addChannelForm.hidden = true; });
el.addChannelInput.addEventListener('blur', () => { setTimeout(() => { el.addChannelForm.hidden = true; }, 150); });

el.examplesToggle.addEventListener('click', toggleExamples);
el.clearLog.addEventListener('click', clearLog);

function closeUsersDrawer() {
  el.users.classList.remove('open');
  el.usersToggle.setAttribute('aria-expanded', 'false');
}
el.usersToggle.addEventListener('click', () => {
  const open = el.users.classList.toggle('open');
  el.usersToggle.setAttribute('aria-expanded', String(open));
});
el.usersClose.addEventListener('click', closeUsersDrawer);

// ---- start ------------------------------------------------------------------------------------

async function applyServerConfig() {
  try {
    const config = await getJson('/config');
    if (config && config.background) {
      document.body.style.backgroundImage = `url(${JSON.stringify(String(config.background))})`;
    }
    if (config && config.signInRequired) {
      state.signInRequired = true;
      // this server refuses anonymous streams: guests cannot join, so go straight to the account form
      const guestTab = document.querySelector('.signin-tab[data-panel=guest-form]');
      if (guestTab) guestTab.hidden = true;
      document.querySelector('.signin-tab[data-panel=credentials-form]').click();
      if (!state.activeSub || !state.activeSub.isAuthenticated) openSignin();
    }
  } catch (e) { /* keep the stylesheet's default */ }
}

renderTabs();
applyServerConfig();
client.start();

// for debugging and browser tests
window.heraldChat = { client, state, sendLine };
