/* Hearth: message pages, made a little better by script.
 *
 * 1. Times in the browser's own zone: when the person has not chosen a
 *    zone (data-zone-chosen="0"; the booking pages remember one), the
 *    times of the list and of a conversation are shown in the zone the
 *    browser says it is in, and the line above them says which. Without
 *    this file they stay in UTC, which that line says.
 * 2. The open conversation follows new messages without a reload.
 *
 * static/js/live.js tells every signed-in page about new events with
 * document.dispatchEvent(new CustomEvent('hearth:event', {detail: {id, kind,
 * subject_id, object_id, unread_messages}})). On a conversation page (the
 * newest messages: <ol data-conversation="<id>" data-live-messages="1">), a
 * "message" event for this conversation fetches
 *   GET /api/v1/conversations/<id>/messages?after=<cursor>
 * and adds what is new, in id order, in the page's own shape, with textContent only
 * (never HTML from the server's JSON), and says it in a polite live region.
 * Reading them there marks them read, as the page itself does. The cursor
 * is not the last id shown but one LATE_WINDOW messages back: on
 * PostgreSQL ids are taken when a message is written and become visible
 * when it commits, so a message can appear after one with a higher id, and
 * asking only for ids above the last one shown would skip it for good.
 * What is already on the page is skipped by its id.
 *
 * A message from the other person that arrives this way gets the same
 * "Report" form as on a reload, cloned from <template data-report-template>.
 * 3. Crisis resources: when the server shows #crisis-resources after a send,
 *    it is brought into view and focused, so that it is seen at once even
 *    though the page was opened at the message just sent (#message-N).
 *
 * Without this file (or JavaScript) the page still works: a reload shows
 * every message, and the reply form is a plain form.
 */
(function () {
  'use strict';

  var zone = 'UTC';

  /* 1. Times in the browser's zone ------------------------------------- */
  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    } catch (e) {
      return '';
    }
  }

  function localiseTimes() {
    var holder = document.querySelector('[data-zone-chosen]');
    if (!holder) return;
    zone = holder.getAttribute('data-zone') || 'UTC';
    var own = holder.getAttribute('data-zone-chosen') === '0' ? browserZone() : '';
    if (!own || own === zone) return;
    zone = own;
    holder.setAttribute('data-zone', own);
    var times = document.querySelectorAll('.message__meta time[datetime], .conversation-card__when time[datetime]');
    for (var i = 0; i < times.length; i++) {
      var text = when(times[i].getAttribute('datetime'));
      if (text) times[i].textContent = text;
    }
    var note = document.querySelector('[data-zone-note]');
    if (note) {
      note.textContent = (note.hasAttribute('data-newest-first') ? 'Newest first. ' : '') +
        'Times are in ' + own.replace(/_/g, ' ') + ' time.';
    }
  }

  localiseTimes();

  /* 3. Crisis resources in view ----------------------------------------- */
  function showCrisisResources() {
    var resources = document.getElementById('crisis-resources');
    if (!resources) return;
    try {
      resources.focus({ preventScroll: true });
    } catch (e) {
      resources.focus();
    }
    resources.scrollIntoView({ block: 'start' });
  }
  showCrisisResources();
  /* The browser scrolls to #message-N once the page has loaded: after that. */
  window.addEventListener('load', showCrisisResources);

  /* 2. New messages on the open conversation ---------------------------- */
  var list = document.querySelector('ol[data-conversation][data-live-messages="1"]');
  if (!list || !window.fetch) return;

  var conversationId = list.getAttribute('data-conversation');
  var announcer = document.querySelector('[data-message-announcer]');
  var fetching = false;
  var again = false;

  var LATE_WINDOW = 20;

  function shownIds() {
    var out = [];
    var items = list.querySelectorAll('li[id^="message-"]');
    for (var i = 0; i < items.length; i++) {
      var n = parseInt(items[i].id.slice('message-'.length), 10);
      if (!isNaN(n)) out.push(n);
    }
    return out.sort(function (a, b) { return a - b; });
  }

  /* Just below the LATE_WINDOW-th newest message shown (see the top). */
  function cursor() {
    var ids = shownIds();
    if (ids.length < LATE_WINDOW) return ids.length ? Math.max(0, ids[0] - 1) : lastId();
    return ids[ids.length - LATE_WINDOW] - 1;
  }

  /* Keeps the list in id order when a late message lands. */
  function place(li, id) {
    var items = list.querySelectorAll('li[id^="message-"]');
    for (var i = 0; i < items.length; i++) {
      var n = parseInt(items[i].id.slice('message-'.length), 10);
      if (!isNaN(n) && n > id) {
        list.insertBefore(li, items[i]);
        return;
      }
    }
    list.appendChild(li);
  }

  function lastId() {
    var n = parseInt(list.getAttribute('data-last-message') || '0', 10);
    return isNaN(n) ? 0 : n;
  }

  /* "Tue 1 Dec, 10:00" in the page's zone, as the server writes it. */
  function when(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return '';
    try {
      var parts = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone, weekday: 'short', day: 'numeric', month: 'short',
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      }).formatToParts(date);
      var get = function (type) {
        for (var i = 0; i < parts.length; i++) if (parts[i].type === type) return parts[i].value;
        return '';
      };
      return get('weekday') + ' ' + get('day') + ' ' + get('month') + ', ' + get('hour') + ':' + get('minute');
    } catch (e) {
      return date.toISOString().slice(0, 16).replace('T', ' ');
    }
  }

  function otherName() {
    return list.getAttribute('data-with') || '';
  }

  /* The report form of templates/messages/report_form.mustache for message
   * `m`, from the page's <template>: the ids the server writes per message
   * (target_id, reason-<id>, note-<id>) and the time in its hidden label. */
  function reportForm(m, time) {
    var template = document.querySelector('template[data-report-template]');
    if (!template || !template.content) return null;
    var box = template.content.querySelector('[data-report]');
    if (!box) return null;
    box = box.cloneNode(true);
    var set = function (selector, attribute, value) {
      var el = box.querySelector(selector);
      if (el) el.setAttribute(attribute, value);
    };
    set('input[name="target_id"]', 'value', String(m.id));
    set('input[name="return_to"]', 'value', '/messages/' + conversationId);
    set('select[name="reason"]', 'id', 'reason-' + m.id);
    set('label[for^="reason-"]', 'for', 'reason-' + m.id);
    set('textarea[name="note"]', 'id', 'note-' + m.id);
    set('label[for^="note-"]', 'for', 'note-' + m.id);
    var label = box.querySelector('[data-report-label]');
    if (label) label.textContent = ' this message from ' + otherName() + ', ' + time;
    return box;
  }

  /* One message as the server renders templates/messages/message.mustache. */
  function messageItem(m) {
    var li = document.createElement('li');
    li.className = 'message' + (m.mine ? ' message--mine' : '');
    li.id = 'message-' + m.id;
    li.setAttribute('data-message-id', String(m.id));
    var meta = document.createElement('p');
    meta.className = 'message__meta';
    var who = document.createElement('span');
    who.className = 'message__who';
    who.textContent = m.mine ? 'You' : otherName();
    var time = document.createElement('time');
    time.setAttribute('datetime', m.created_at || '');
    time.textContent = when(m.created_at);
    meta.appendChild(who);
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(time);
    var body = document.createElement('p');
    body.className = 'message__body';
    body.textContent = m.body || '';
    li.appendChild(meta);
    li.appendChild(body);
    if (!m.mine) {
      var report = reportForm(m, time.textContent);
      if (report) li.appendChild(report);
    }
    return li;
  }

  function append(items) {
    var fresh = 0;
    for (var i = 0; i < items.length; i++) {
      var m = items[i];
      if (!m || typeof m.id !== 'number' || document.getElementById('message-' + m.id)) continue;
      place(messageItem(m), m.id);
      if (m.id > lastId()) list.setAttribute('data-last-message', String(m.id));
      if (!m.mine) fresh++;
    }
    if (fresh && announcer) {
      announcer.textContent = fresh === 1
        ? 'New message from ' + otherName() + '.'
        : fresh + ' new messages from ' + otherName() + '.';
    }
    var empty = document.querySelector('[data-no-messages]');
    if (empty && list.children.length) empty.hidden = true;
  }

  function fetchNew() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    var url = '/api/v1/conversations/' + encodeURIComponent(conversationId) + '/messages?after=' + cursor();
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (json) {
        if (json && json.items) append(json.items);
      }, function () { /* offline: the next event or a reload catches up */ })
      .then(function () {
        fetching = false;
        if (again) {
          again = false;
          fetchNew();
        }
      });
  }

  document.addEventListener('hearth:event', function (event) {
    var d = event.detail || {};
    if (d.kind === 'message' && String(d.subject_id) === conversationId) fetchNew();
  });
  /* Back from a dropped connection or a sleeping tab: catch up once. */
  window.addEventListener('online', fetchNew);
}());
