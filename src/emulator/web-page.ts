const TOKEN_PLACEHOLDER = '__EMULATOR_ACCESS_TOKEN__';

/**
 * @internal The emulator's web page for one run, carrying its access token (served only to a request
 * that already had it, so no other origin can read it). The token is generated as hex, so it needs no
 * escaping inside the attribute.
 */
export function emulatorPageHtml(accessToken: string): string {
  return EMULATOR_PAGE_HTML.replace(TOKEN_PLACEHOLDER, accessToken);
}

/**
 * The emulator's web page: one self-contained HTML document (inline CSS and plain browser JavaScript,
 * no build step, no dependency), bundled into dist as a string.
 *
 * It reads `/emulator/state` once per connection and then follows `/emulator/events` (server-sent
 * events), sending the access token with each call. Every user-visible string is inserted with
 * `textContent`, never as HTML (span names and attributes from a bot's traces included).
 */
const EMULATOR_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="emulator-token" content="${TOKEN_PLACEHOLDER}">
<title>MoMoTalk emulator</title>
<style>
:root { --bg:#f4f5f8; --panel:#fff; --line:#e2e5ec; --text:#1d2330; --muted:#6b7385; --accent:#4f6df5;
  --user:#4f6df5; --bot:#eef0f5; --ok:#16a34a; --bad:#dc2626; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans KR", sans-serif; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--text); height:100vh; display:flex; flex-direction:column; font-size:14px; }
header { display:flex; align-items:center; gap:12px; padding:10px 16px; background:var(--panel); border-bottom:1px solid var(--line); flex-wrap:wrap; }
header h1 { font-size:16px; margin:0 8px 0 0; }
header h1 span { color:var(--accent); }
code { background:var(--bg); padding:2px 6px; border-radius:4px; font-size:12px; }
.grow { flex:1; }
form.inline { display:flex; gap:6px; align-items:center; }
input, select, button { font:inherit; border:1px solid var(--line); border-radius:6px; padding:6px 10px; background:#fff; color:var(--text); }
input:focus, select:focus { outline:2px solid #c7d2fe; border-color:var(--accent); }
button { cursor:pointer; background:#fff; }
button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
button:hover { filter:brightness(0.96); }
#callback { width:340px; }
main { flex:1; display:grid; grid-template-columns: 230px 1fr 400px; gap:12px; padding:12px; min-height:0; }
.panel { background:var(--panel); border:1px solid var(--line); border-radius:10px; display:flex; flex-direction:column; min-height:0; }
.panel h2 { font-size:12px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); margin:0; padding:12px 14px 6px; display:flex; align-items:center; justify-content:space-between; }
#rooms { list-style:none; margin:0; padding:0 8px; overflow:auto; }
#rooms button { width:100%; text-align:left; border:none; border-radius:6px; padding:8px 10px; margin:1px 0; }
#rooms button.active { background:#e8ecfe; color:var(--accent); font-weight:600; }
.side-form { padding:8px 14px; display:flex; flex-direction:column; gap:6px; }
.side-form form { display:flex; gap:6px; }
.side-form input { flex:1; min-width:0; }
#chat-title { padding:12px 16px; border-bottom:1px solid var(--line); font-weight:600; }
#chat-title small { color:var(--muted); font-weight:400; margin-left:6px; }
#messages { flex:1; overflow:auto; padding:16px; display:flex; flex-direction:column; gap:8px; }
.msg { max-width:70%; padding:8px 12px; border-radius:14px; line-height:1.4; white-space:pre-wrap; word-break:break-word; }
.msg .meta { display:block; font-size:11px; opacity:.7; margin-bottom:2px; }
.msg.user { align-self:flex-end; background:var(--user); color:#fff; border-bottom-right-radius:4px; }
.msg.bot { align-self:flex-start; background:var(--bot); border-bottom-left-radius:4px; }
.empty { color:var(--muted); text-align:center; margin:auto; }
#composer { display:flex; gap:8px; padding:12px; border-top:1px solid var(--line); }
#composer input { flex:1; }
#deliveries { list-style:none; margin:0; padding:0 10px 10px; overflow:auto; display:flex; flex-direction:column; gap:8px; }
.delivery { border:1px solid var(--line); border-left:4px solid var(--ok); border-radius:8px; padding:8px 10px; }
.delivery.failed { border-left-color:var(--bad); }
.delivery .row { display:flex; gap:8px; align-items:center; }
.pill { font-weight:700; font-size:12px; padding:1px 8px; border-radius:999px; color:#fff; background:var(--ok); }
.failed .pill { background:var(--bad); }
.delivery .type { font-weight:600; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; min-width:0; }
.delivery .row .small { white-space:nowrap; }
.delivery .small { color:var(--muted); font-size:12px; }
.delivery pre { margin:6px 0 0; background:var(--bg); padding:6px 8px; border-radius:6px; font-size:12px; white-space:pre-wrap; word-break:break-all; max-height:90px; overflow:auto; }
.delivery .error { color:var(--bad); font-size:12px; margin-top:4px; }
.delivery button { margin-left:auto; padding:2px 10px; font-size:12px; }
.trace { margin-top:6px; border-top:1px dashed var(--line); padding-top:4px; }
.trace-head { font-size:11px; color:var(--muted); margin-bottom:2px; }
.span-row { display:grid; grid-template-columns: 130px 1fr 64px; gap:6px; align-items:center; font-size:12px; line-height:18px; }
.span-name { overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.span-track { position:relative; height:8px; background:var(--bg); border-radius:4px; }
.span-bar { position:absolute; top:0; height:8px; min-width:2px; border-radius:4px; background:var(--accent); }
.span-row.error .span-bar { background:var(--bad); }
.span-row.error .span-name { color:var(--bad); }
.span-ms { text-align:right; color:var(--muted); font-variant-numeric:tabular-nums; }
#status { font-size:12px; color:var(--muted); }
#status.error { color:var(--bad); }
</style>
</head>
<body>
<header>
  <h1>MoMoTalk <span>emulator</span></h1>
  <span>bot <code id="bot-id">…</code></span>
  <form class="inline" id="callback-form">
    <label for="callback">Callback URL</label>
    <input id="callback" placeholder="http://127.0.0.1:3000/momotalk/webhook" autocomplete="off">
    <button type="submit">Save</button>
  </form>
  <span class="grow"></span>
  <span id="status">connecting…</span>
  <button id="webhook-test" type="button">Webhook test</button>
</header>
<main>
  <section class="panel" aria-label="Rooms and users">
    <h2>Rooms</h2>
    <ul id="rooms"></ul>
    <div class="side-form">
      <form id="room-form"><input id="room-name" placeholder="New room name" autocomplete="off"><button type="submit">Add</button></form>
    </div>
    <h2>You are</h2>
    <div class="side-form">
      <select id="user" aria-label="User"></select>
      <form id="user-form"><input id="user-name" placeholder="New user name" autocomplete="off"><button type="submit">Add</button></form>
    </div>
  </section>
  <section class="panel" aria-label="Chat">
    <div id="chat-title">…</div>
    <div id="messages" aria-live="polite"></div>
    <form id="composer">
      <input id="text" placeholder="Type a message and press Enter" autocomplete="off" aria-label="Message">
      <button class="primary" type="submit">Send</button>
    </form>
  </section>
  <section class="panel" aria-label="Recent deliveries">
    <h2>Recent deliveries</h2>
    <ul id="deliveries"></ul>
  </section>
</main>
<script>
(function () {
  'use strict';
  var model = { botId: '', callbackUrl: null, rooms: [], users: [], messages: [], deliveries: [], traces: [], room: 123, user: 'user_alice' };
  var $ = function (id) { return document.getElementById(id); };
  var TOKEN = document.querySelector('meta[name="emulator-token"]').content;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function time(seconds) { return new Date(seconds * 1000).toLocaleTimeString(); }
  function setStatus(text, isError) { var s = $('status'); s.textContent = text; s.className = isError ? 'error' : ''; }

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-emulator-token': TOKEN }, body: JSON.stringify(body || {}) })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) throw new Error((json.error && json.error.message) || ('HTTP ' + response.status));
          return json;
        });
      })
      .catch(function (error) { setStatus(error.message, true); throw error; });
  }

  function upsert(list, item, key) {
    for (var i = 0; i < list.length; i++) if (list[i][key] === item[key]) { list[i] = item; return; }
    list.push(item);
  }

  function renderRooms() {
    var list = $('rooms');
    list.replaceChildren();
    model.rooms.forEach(function (room) {
      var item = el('li');
      var button = el('button', room.room_id === model.room ? 'active' : '', '# ' + room.name);
      button.type = 'button';
      button.title = 'room_id ' + room.room_id;
      button.onclick = function () { model.room = room.room_id; renderRooms(); renderMessages(); $('text').focus(); };
      item.appendChild(button);
      list.appendChild(item);
    });
    var current = model.rooms.find(function (r) { return r.room_id === model.room; });
    var title = $('chat-title');
    title.replaceChildren(document.createTextNode(current ? '# ' + current.name : 'Room ' + model.room), el('small', '', 'room_id ' + model.room));
  }

  function renderUsers() {
    var select = $('user');
    select.replaceChildren();
    model.users.forEach(function (user) {
      var option = el('option', '', user.name + ' (' + user.user_id + ')');
      option.value = user.user_id;
      option.selected = user.user_id === model.user;
      select.appendChild(option);
    });
  }

  function renderMessages() {
    var box = $('messages');
    var inRoom = model.messages.filter(function (m) { return m.room_id === model.room; });
    box.replaceChildren();
    if (inRoom.length === 0) box.appendChild(el('p', 'empty', 'No messages yet. Say hello to your bot.'));
    inRoom.forEach(function (m) {
      var bubble = el('div', 'msg ' + m.sender);
      bubble.dataset.messageId = String(m.message_id);
      var who = m.sender === 'bot' ? 'bot' : m.sender_id;
      var meta = who + ' · #' + m.message_id + (m.reply_to_message_id ? ' · reply to #' + m.reply_to_message_id : '') + ' · ' + time(m.created_at);
      bubble.appendChild(el('span', 'meta', meta));
      bubble.appendChild(el('span', 'text', m.body));
      box.appendChild(bubble);
    });
    box.scrollTop = box.scrollHeight;
  }

  // A trace belongs to the latest attempt of its event sent before it started (the bot's clock is this
  // machine's; 50 ms of slack for rounding), else to the first attempt.
  function deliveryOfTrace(trace) {
    var attempts = model.deliveries.filter(function (d) { return d.event_id === trace.event_id; });
    var chosen = attempts[0];
    attempts.forEach(function (d) { if (d.sent_at <= trace.started_at + 50) chosen = d; });
    return chosen;
  }
  function ms(value) { return value === null ? '…' : (value < 10 ? value.toFixed(1) : String(Math.round(value))) + ' ms'; }

  // A waterfall: one row per span, its bar placed by start offset and duration within the trace.
  function renderTrace(trace) {
    var box = el('div', 'trace');
    box.dataset.kind = trace.kind;
    box.dataset.traceId = trace.trace_id;
    var total = trace.duration_ms || 0;
    trace.spans.forEach(function (span) { total = Math.max(total, span.start_ms + (span.duration_ms || 0)); });
    var head = (trace.kind === 'job' ? 'inbox job' : 'bot trace') + ' · ' + ms(trace.duration_ms) + (trace.status ? ' · ' + trace.status : '');
    if (trace.dropped_spans) head += ' · ' + trace.dropped_spans + ' spans not recorded';
    box.appendChild(el('div', 'trace-head', head));
    trace.spans.forEach(function (span) {
      var row = el('div', 'span-row' + (span.status === 'error' ? ' error' : ''));
      row.dataset.name = span.name;
      var label = span.name;
      var handlerName = span.attributes && span.attributes['momotalk.handler.name'];
      if (handlerName) label += ' ' + handlerName;
      if (span.result) label += ' · ' + span.result;
      var name = el('span', 'span-name', label);
      var details = Object.keys(span.attributes || {}).map(function (key) { return key + '=' + span.attributes[key]; });
      name.title = [label].concat(details).join(' · ');
      var track = el('span', 'span-track');
      var bar = el('span', 'span-bar');
      var scale = total > 0 ? 100 / total : 0;
      bar.style.left = Math.min(100, span.start_ms * scale) + '%';
      bar.style.width = Math.min(100, (span.duration_ms || 0) * scale) + '%';
      track.appendChild(bar);
      row.appendChild(name);
      row.appendChild(track);
      row.appendChild(el('span', 'span-ms', ms(span.duration_ms)));
      box.appendChild(row);
    });
    return box;
  }

  function renderDeliveries() {
    var traces = {};
    model.traces.forEach(function (trace) {
      var d = deliveryOfTrace(trace);
      if (d) (traces[d.id] = traces[d.id] || []).push(trace);
    });
    var list = $('deliveries');
    list.replaceChildren();
    if (model.deliveries.length === 0) list.appendChild(el('li', 'empty', 'Deliveries to your bot appear here.'));
    model.deliveries.slice().reverse().forEach(function (d) {
      var item = el('li', 'delivery' + (d.ok ? '' : ' failed'));
      item.dataset.deliveryId = d.id;
      item.dataset.ok = String(d.ok);
      var row = el('div', 'row');
      row.appendChild(el('span', 'pill', d.status === null ? 'failed' : String(d.status)));
      row.appendChild(el('span', 'type', d.event_type));
      row.appendChild(el('span', 'small', d.latency_ms + ' ms'));
      var again = el('button', 'redeliver', 'Redeliver');
      again.type = 'button';
      again.onclick = function () { post('/emulator/deliveries/' + encodeURIComponent(d.id) + '/redeliver'); };
      row.appendChild(again);
      item.appendChild(row);
      item.appendChild(el('div', 'small', d.event_id + ' · attempt ' + d.attempt + ' · ' + new Date(d.sent_at).toLocaleTimeString()));
      if (d.error) item.appendChild(el('div', 'error', d.error));
      if (d.refusal) item.appendChild(el('div', 'error refusal', 'Refused: ' + d.refusal + (d.hint ? ': ' + d.hint : '')));
      if (d.response_excerpt) item.appendChild(el('pre', 'response', d.response_excerpt));
      (traces[d.id] || []).forEach(function (trace) { item.appendChild(renderTrace(trace)); });
      list.appendChild(item);
    });
  }

  function renderAll() {
    $('bot-id').textContent = model.botId;
    if (document.activeElement !== $('callback')) $('callback').value = model.callbackUrl || '';
    renderRooms(); renderUsers(); renderMessages(); renderDeliveries();
  }

  function loadState() {
    return fetch('/emulator/state', { headers: { 'x-emulator-token': TOKEN } }).then(function (r) { return r.json(); }).then(function (s) {
      model.botId = s.botId; model.callbackUrl = s.callbackUrl; model.rooms = s.rooms; model.users = s.users;
      model.messages = s.messages; model.deliveries = s.deliveries; model.traces = s.traces || [];
      if (!s.rooms.some(function (r) { return r.room_id === model.room; }) && s.rooms[0]) model.room = s.rooms[0].room_id;
      if (!s.users.some(function (u) { return u.user_id === model.user; }) && s.users[0]) model.user = s.users[0].user_id;
      renderAll();
      setStatus(model.callbackUrl ? 'connected' : 'set a callback URL to reach your bot', !model.callbackUrl);
      document.body.dataset.ready = 'true';
    });
  }

  // EventSource cannot send headers: the token goes in the query, as in the printed URL.
  var events = new EventSource('/emulator/events?token=' + encodeURIComponent(TOKEN));
  events.onopen = function () { loadState(); };
  events.onerror = function () { setStatus('reconnecting…', true); };
  events.addEventListener('message', function (e) { upsert(model.messages, JSON.parse(e.data), 'message_id'); renderMessages(); });
  events.addEventListener('delivery', function (e) {
    var d = JSON.parse(e.data);
    upsert(model.deliveries, d, 'id'); renderDeliveries();
    setStatus(d.ok ? 'delivered ' + d.event_type + ' (' + d.status + ')' : 'delivery failed: ' + (d.error || 'HTTP ' + d.status + (d.refusal ? ' ' + d.refusal : '')), !d.ok);
  });
  events.addEventListener('trace', function (e) { upsert(model.traces, JSON.parse(e.data), 'trace_id'); renderDeliveries(); });
  events.addEventListener('room', function (e) { upsert(model.rooms, JSON.parse(e.data), 'room_id'); renderRooms(); });
  events.addEventListener('user', function (e) { upsert(model.users, JSON.parse(e.data), 'user_id'); renderUsers(); });
  events.addEventListener('config', function (e) { model.callbackUrl = JSON.parse(e.data).callbackUrl; renderAll(); });
  events.addEventListener('reset', function () { loadState(); });
  events.addEventListener('api_refusal', function (e) {
    var r = JSON.parse(e.data);
    setStatus('Bot API refused the bot (' + r.status + ' ' + r.code + '): ' + r.message, true);
  });

  $('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('text');
    var body = input.value;
    if (body.trim() === '') return;
    input.value = '';
    setStatus('delivering…');
    post('/emulator/messages', { room_id: model.room, user_id: model.user, body: body });
  });
  $('callback-form').addEventListener('submit', function (e) {
    e.preventDefault();
    post('/emulator/callback-url', { url: $('callback').value }).then(function () { setStatus('callback URL saved'); $('callback').blur(); });
  });
  $('room-form').addEventListener('submit', function (e) {
    e.preventDefault();
    post('/emulator/rooms', { name: $('room-name').value }).then(function (room) {
      $('room-name').value = ''; upsert(model.rooms, room, 'room_id'); model.room = room.room_id; renderRooms(); renderMessages();
    });
  });
  $('user-form').addEventListener('submit', function (e) {
    e.preventDefault();
    post('/emulator/users', { name: $('user-name').value }).then(function (user) {
      $('user-name').value = ''; upsert(model.users, user, 'user_id'); model.user = user.user_id; renderUsers();
    });
  });
  $('user').addEventListener('change', function (e) { model.user = e.target.value; });
  $('webhook-test').addEventListener('click', function () { setStatus('sending webhook test…'); post('/emulator/webhook-test'); });
})();
</script>
</body>
</html>
`;
