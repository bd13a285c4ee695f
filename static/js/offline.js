/* Hearth: small progressive enhancements. Every page works without this file.
 *
 * 1. Offline notice: shows #offline-notice while the device is offline.
 * 2. Drafts: forms that opt in with data-draft="key" keep what is typed in
 *    their text fields and textareas (never passwords or hidden fields) in
 *    localStorage on this device, restore it when the page is opened again,
 *    and forget it once the form was sent successfully.
 *    "Successfully" means the POST was answered with a redirect
 *    (Post/Redirect/Get, how Hearth answers a form that worked), or the next
 *    page carries an element with data-draft-sent="key". A form re-shown
 *    with errors is answered directly, so its draft is kept.
 *    Drafts expire after 7 days, and logging out forgets all of them: on a
 *    shared device, what someone wrote should not wait there for others.
 * 3. Focus: moves keyboard focus to the error summary when a form comes
 *    back with errors, so it is read out and the links are next.
 */
(function () {
  'use strict';

  var PREFIX = 'hearth:draft:';
  var PENDING = 'hearth:draft-pending';
  var MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
  var PENDING_MAX_AGE_MS = 10 * 60 * 1000;
  var TEXT_TYPES = ['text', 'email', 'search', 'url', 'tel', 'number'];

  /* Storage can be missing or refuse (private modes, full disk): never fail. */
  function store(kind) {
    try {
      var s = window[kind];
      var probe = PREFIX + 'probe';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }
  var local = store('localStorage');
  var session = store('sessionStorage');

  function readJson(s, key) {
    if (!s) return null;
    try {
      return JSON.parse(s.getItem(key) || 'null');
    } catch (e) {
      return null;
    }
  }

  function writeJson(s, key, value) {
    if (!s) return;
    try {
      s.setItem(key, JSON.stringify(value));
    } catch (e) { /* quota: the draft is simply not kept */ }
  }

  function remove(s, key) {
    if (!s) return;
    try { s.removeItem(key); } catch (e) { /* ignore */ }
  }

  /* 1. Offline notice ------------------------------------------------- */
  function notice() {
    return document.getElementById('offline-notice');
  }

  function showOffline() {
    var n = notice();
    if (n) n.hidden = false;
    saveAllDrafts();
  }

  function hideOffline() {
    var n = notice();
    if (n) n.hidden = true;
  }

  window.addEventListener('offline', showOffline);
  window.addEventListener('online', hideOffline);

  /* 2. Drafts ----------------------------------------------------------- */
  function draftFields(form) {
    var out = [];
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var name = el.name || el.id;
      if (!name || name === '_csrf' || el.disabled || el.readOnly) continue;
      if (el.hasAttribute('data-draft-ignore')) continue;
      var tag = el.tagName.toLowerCase();
      var type = (el.getAttribute('type') || 'text').toLowerCase();
      if (tag === 'textarea' || (tag === 'input' && TEXT_TYPES.indexOf(type) !== -1)) {
        out.push({ el: el, name: name });
      }
    }
    return out;
  }

  function draftKey(form) {
    return PREFIX + form.getAttribute('data-draft');
  }

  function saveDraft(form) {
    var fields = draftFields(form);
    var values = {};
    var any = false;
    for (var i = 0; i < fields.length; i++) {
      var v = fields[i].el.value;
      if (v) {
        values[fields[i].name] = v;
        any = true;
      }
    }
    if (any) {
      writeJson(local, draftKey(form), { at: Date.now(), fields: values });
    } else {
      remove(local, draftKey(form));
    }
  }

  function draftForms() {
    return document.querySelectorAll('form[data-draft]');
  }

  function saveAllDrafts() {
    var forms = draftForms();
    for (var i = 0; i < forms.length; i++) saveDraft(forms[i]);
  }

  function forgetAllDrafts() {
    if (!local) return;
    var keys = [];
    for (var i = 0; i < local.length; i++) {
      var k = local.key(i);
      if (k && k.indexOf(PREFIX) === 0) keys.push(k);
    }
    for (var j = 0; j < keys.length; j++) remove(local, keys[j]);
  }

  function restoreDraft(form) {
    var saved = readJson(local, draftKey(form));
    if (!saved || !saved.fields) return;
    if (!saved.at || Date.now() - saved.at > MAX_AGE_MS) {
      remove(local, draftKey(form));
      return;
    }
    var restored = false;
    var fields = draftFields(form);
    for (var i = 0; i < fields.length; i++) {
      var value = saved.fields[fields[i].name];
      /* What the server filled in (a form shown again with errors) wins. */
      if (typeof value === 'string' && value && !fields[i].el.value) {
        fields[i].el.value = value;
        restored = true;
      }
    }
    if (restored) {
      var note = document.createElement('p');
      note.className = 'draft-note';
      note.setAttribute('role', 'status');
      note.textContent = 'We kept what you were writing here last time. It is saved only on this device.';
      form.insertBefore(note, form.firstChild);
    }
  }

  /* Was the last form post answered with a redirect (so it worked)? */
  function arrivedByRedirect() {
    try {
      var nav = performance.getEntriesByType('navigation')[0];
      return !!nav && nav.type === 'navigate' && nav.redirectCount > 0;
    } catch (e) {
      return false;
    }
  }

  function settlePending() {
    var pending = readJson(session, PENDING);
    if (!pending || !pending.key) return;
    remove(session, PENDING);
    if (!pending.at || Date.now() - pending.at > PENDING_MAX_AGE_MS) return;
    var sentMarker = document.querySelector('[data-draft-sent="' + pending.key.replace(/["\\]/g, '') + '"]');
    if (sentMarker || arrivedByRedirect()) remove(local, PREFIX + pending.key);
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || form.tagName !== 'FORM') return;
    var action = form.getAttribute('action') || '';
    if (action === '/logout' || action === '/account/sessions/revoke') {
      forgetAllDrafts();
      return;
    }
    if (!form.hasAttribute('data-draft')) return;
    saveDraft(form);
    if (navigator.onLine === false) {
      /* Sending would fail and could lose the words: keep them instead. */
      event.preventDefault();
      showOffline();
      return;
    }
    writeJson(session, PENDING, { key: form.getAttribute('data-draft'), at: Date.now() });
  }

  var timer = null;
  function onInput(event) {
    var form = event.target && event.target.form;
    if (!form || !form.hasAttribute('data-draft')) return;
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      timer = null;
      saveDraft(form);
    }, 400);
  }

  /* 3. Start ------------------------------------------------------------ */
  function start() {
    if (navigator.onLine === false) showOffline();

    settlePending();
    var forms = draftForms();
    for (var i = 0; i < forms.length; i++) restoreDraft(forms[i]);

    document.addEventListener('input', onInput);
    document.addEventListener('change', onInput);
    document.addEventListener('submit', onSubmit);
    window.addEventListener('pagehide', saveAllDrafts);

    var summary = document.querySelector('.error-summary, [role="alert"][tabindex="-1"]');
    if (summary) summary.focus();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
