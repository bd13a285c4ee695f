/* Hearth: live updates on a signed-in person's pages.
 *
 * On pages whose <body> has data-live, opens a server-sent event stream
 * (GET /api/v1/events); the browser resumes it after the last event id on
 * its own (Last-Event-ID). For each event it:
 *   - updates every [data-unread-messages] element: the count as its text,
 *     hidden when 0;
 *   - dispatches document "hearth:event" with detail
 *     {id, kind, subject_id, object_id, unread_messages}, for the page's
 *     own script to act on (a conversation appends new messages).
 * Where EventSource is missing or keeps failing, it polls the same address
 * (JSON, ?after=<last id>) every 15 seconds while the page is visible, and
 * at once when it becomes visible again. Pages work without any of this.
 */
(function () {
  'use strict';

  var ENDPOINT = '/api/v1/events';
  var POLL_MS = 15000;
  var FAILURES_BEFORE_POLLING = 3;

  if (!document.body || !document.body.hasAttribute('data-live')) return;

  var lastId = null;       /* where to go on from: the stream's position, or polling's last_id */
  var source = null;
  var failures = 0;
  var pollTimer = null;
  var polling = false;
  var closed = false;

  function showUnread(count) {
    if (typeof count !== 'number' || count < 0) return;
    var nodes = document.querySelectorAll('[data-unread-messages]');
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = String(count);
      nodes[i].hidden = count === 0;
    }
  }

  /* Each event is told once, also across a switch from the stream to polling. */
  var seen = [];
  function deliver(detail) {
    if (detail.id != null) {
      if (seen.indexOf(detail.id) !== -1) return;
      seen.push(detail.id);
      if (seen.length > 200) seen.shift();
    }
    showUnread(detail.unread_messages);
    document.dispatchEvent(new CustomEvent('hearth:event', { detail: detail }));
  }

  function onStreamEvent(event) {
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    /* The event id is the stream's position: where polling would go on. */
    if (event.lastEventId) lastId = event.lastEventId;
    deliver({
      id: data.id != null ? data.id : Number(event.lastEventId),
      kind: data.kind,
      subject_id: data.subject_id,
      object_id: data.object_id,
      unread_messages: data.unread_messages
    });
  }

  /* Named events reach only listeners for their name: listen for the kinds
   * Hearth sends ("message" also receives events without a name). */
  var KINDS = ['message', 'read', 'booking', 'report', 'contact'];

  function openStream() {
    var url = ENDPOINT + (lastId ? '?last_event_id=' + encodeURIComponent(lastId) : '');
    source = new EventSource(url, { withCredentials: true });
    source.onopen = function () { failures = 0; };
    for (var i = 0; i < KINDS.length; i++) source.addEventListener(KINDS[i], onStreamEvent);
    source.onerror = function () {
      failures += 1;
      /* CLOSED: the server refused (signed out, too many tabs): the browser
       * will not retry. Repeated errors: a proxy that breaks streams. */
      if (source.readyState === EventSource.CLOSED || failures >= FAILURES_BEFORE_POLLING) {
        closeStream();
        startPolling();
      }
    };
  }

  function closeStream() {
    if (source) {
      source.close();
      source = null;
    }
  }

  function pollOnce() {
    if (closed || document.visibilityState === 'hidden') return;
    var url = ENDPOINT + (lastId ? '?after=' + encodeURIComponent(lastId) : '');
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 401) {
          stopPolling();
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (!body) return;
        var items = body.items || [];
        for (var i = 0; i < items.length; i++) {
          var item = items[i];
          deliver({
            id: item.id,
            kind: item.kind,
            subject_id: item.subject_id,
            object_id: item.object_id,
            unread_messages: body.unread_messages
          });
        }
        lastId = String(body.last_id);
        showUnread(body.unread_messages);
        if (items.length >= 100) pollOnce();  /* more are waiting */
      })
      .catch(function () { /* offline: the next round tries again */ });
  }

  function startPolling() {
    if (polling) return;
    polling = true;
    pollOnce();
    pollTimer = window.setInterval(pollOnce, POLL_MS);
  }

  function stopPolling() {
    polling = false;
    if (pollTimer) window.clearInterval(pollTimer);
    pollTimer = null;
  }

  document.addEventListener('visibilitychange', function () {
    if (polling && document.visibilityState === 'visible') pollOnce();
  });

  /* Close cleanly so the server frees the stream at once; a page restored
   * from the back/forward cache opens it again. */
  window.addEventListener('pagehide', function () {
    closed = true;
    closeStream();
    stopPolling();
  });
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    closed = false;
    start();
  });

  function start() {
    if (typeof window.EventSource === 'function') {
      openStream();
    } else {
      startPolling();
    }
  }

  start();
})();
