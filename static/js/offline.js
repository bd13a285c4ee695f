/* Hearth: small progressive enhancements. Every page works without this file.
 *
 * 1. Offline notice: shows #offline-notice while the device is offline, and
 *    pads the bottom of the page by its height so it never covers a button.
 * 2. Service worker: registers /sw.js (static/js/service-worker.js), which
 *    keeps the static files and the offline page, never a person's pages.
 * 3. Drafts: a form that opts in with data-draft="kind:id" keeps what is
 *    typed in its text fields, textareas, radio choices and checkboxes (a
 *    question's topics, say) in localStorage,
 *    restores it when the page is opened again, over what the page came
 *    with ("We kept what you wrote earlier", with a button to discard it),
 *    and forgets it once the server accepted the form. Never
 *    kept: password, hidden and file fields (so no CSRF token either), and
 *    any field marked data-draft-ignore.
 *    - Per person: keys are "hearth:draft:<owner>:<kind:id>", the owner
 *      being <body data-draft-owner> (the signed-in account, or "visitor"),
 *      so on a shared device one person's words do not appear in another's
 *      form. A visitor's drafts become the signed-in person's own on the
 *      first signed-in page after logging in on the same device (what was
 *      typed before the log-in gate is there when they come back; only
 *      the last hour's), and the visitor copies go. Logging out forgets every draft, and a page
 *      still open then (this tab or another) keeps nothing more. A page for a signed-in
 *      person forgets every other signed-in person's drafts (a session
 *      that ended without a log-out). Drafts expire after 7 days.
 *    - Accepted: the server answers an accepted form (with its redirect or
 *      its page) with the short-lived cookie hearth_draft_sent=<kind:id>
 *      (features/common/form_view.hpp, forms::draft_accepted). This file
 *      forgets that draft and deletes the cookie. A form shown again with
 *      errors carries no such cookie, so its draft stays.
 * 4. Sending while offline: a draft form is not sent while the device is
 *    offline or the server cannot be reached (a quick HEAD /sw.js first).
 *    Nor is a log-out, which then says that the person is still logged in.
 *    The page stays, the words stay, and a message beside the button says
 *    so; when the connection is back the message says that too, and the
 *    person presses the button again. A form marked data-send-when-online
 *    (one that carries an idempotency_key, so a second arrival of it is
 *    harmless: messages, contact requests) is instead sent by itself once
 *    Hearth can be reached again, even after a reload or with the tab
 *    closed in between: its draft is marked pending and keeps the form's
 *    key, which goes back into the form when the page opens again.
 * 5. The offline page, when the service worker shows it in place of
 *    another page, offers to open that page again once back online.
 * 6. Focus: moves keyboard focus to the error summary when a form comes
 *    back with errors, so it is read out and the links are next.
 */
(function () {
  'use strict';

  var PREFIX = 'hearth:draft:';
  /* Written by a log-out (any value, a time), so this person's other open
   * tabs hear of it through the storage event. Holds nothing else. */
  var ENDED_KEY = 'hearth:drafts-ended';
  var ACCEPTED_COOKIE = 'hearth_draft_sent';
  var MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
  var ADOPT_MAX_AGE_MS = 60 * 60 * 1000;  /* visitor drafts taken over at log-in: the last hour's */
  var PROBE_TIMEOUT_MS = 8000;
  var TEXT_TYPES = ['text', 'email', 'search', 'url', 'tel', 'number', 'date', 'time'];

  /* Storage can be missing or refuse (private modes, full disk): never fail. */
  var local = (function () {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + 'probe', '1');
      s.removeItem(PREFIX + 'probe');
      return s;
    } catch (e) {
      return null;
    }
  }());

  function readJson(key) {
    if (!local) return null;
    try {
      return JSON.parse(local.getItem(key) || 'null');
    } catch (e) {
      return null;
    }
  }

  function writeJson(key, value) {
    if (!local) return;
    try {
      local.setItem(key, JSON.stringify(value));
    } catch (e) { /* quota: the draft is simply not kept */ }
  }

  function remove(key) {
    if (!local) return;
    try { local.removeItem(key); } catch (e) { /* ignore */ }
  }

  /* 1. Offline notice ------------------------------------------------- */
  function notice() {
    return document.getElementById('offline-notice');
  }

  /* Room at the bottom of the page for the fixed notice, so the last
   * button on a phone can still be scrolled above it. */
  function makeRoom(n) {
    var root = document.documentElement;
    if (n && !n.hidden) {
      root.classList.add('is-offline');
      root.style.setProperty('--offline-room', (n.offsetHeight + 32) + 'px');
    } else {
      root.classList.remove('is-offline');
      root.style.removeProperty('--offline-room');
    }
  }

  function showOffline() {
    var n = notice();
    if (n) n.hidden = false;
    makeRoom(n);
    saveAllDrafts();
  }

  function hideOffline() {
    var n = notice();
    if (n) n.hidden = true;
    makeRoom(n);
    announceBackOnline();
  }

  /* 2. Service worker --------------------------------------------------- */
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {
      /* Without it the site still works; only the offline page is missing. */
    });
  }

  /* 3. Drafts ----------------------------------------------------------- */
  function owner() {
    return (document.body && document.body.getAttribute('data-draft-owner')) || 'visitor';
  }

  function storageKey(formKey) {
    return PREFIX + owner() + ':' + formKey;
  }

  function draftKey(form) {
    return storageKey(form.getAttribute('data-draft'));
  }

  /* The fields a draft keeps: what a person writes or chooses, never a
   * secret, a token or a file. */
  function draftFields(form) {
    var out = [];
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var name = el.name;
      if (!name || name === '_csrf' || el.disabled || el.readOnly) continue;
      if (el.hasAttribute('data-draft-ignore')) continue;
      var tag = el.tagName.toLowerCase();
      var type = (el.getAttribute('type') || 'text').toLowerCase();
      if (tag === 'textarea') {
        out.push({ el: el, name: name, kind: 'text' });
      } else if (tag === 'input' && TEXT_TYPES.indexOf(type) !== -1) {
        out.push({ el: el, name: name, kind: 'text' });
      } else if (tag === 'input' && type === 'radio') {
        out.push({ el: el, name: name, kind: 'radio' });
      } else if (tag === 'input' && type === 'checkbox') {
        out.push({ el: el, name: name, kind: 'checkbox' });
      }
    }
    return out;
  }

  /* Keeps the form's words once the person changed something (or a draft
   * exists already: a form shown again with errors carries the words as
   * its defaults, and they must stay kept until the server accepts them).
   * Forgets the draft once every text field is empty. */
  function saveDraft(form) {
    if (ended) return;
    var fields = draftFields(form);
    var values = {};
    /* Ticked boxes per name, so a group (topics) keeps every choice, and a
     * group with none ticked is kept as an empty list. */
    var checks = {};
    var words = false;
    var changed = false;
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.kind === 'radio') {
        if (f.el.checked) values[f.name] = f.el.value;
        continue;
      }
      if (f.kind === 'checkbox') {
        if (!checks[f.name]) checks[f.name] = [];
        if (f.el.checked) checks[f.name].push(f.el.value);
        if (f.el.checked !== f.el.defaultChecked) changed = true;
        continue;
      }
      if (f.el.value !== f.el.defaultValue) changed = true;
      if (f.el.value) {
        values[f.name] = f.el.value;
        words = true;
      }
    }
    var key = draftKey(form);
    var before = readJson(key);
    if (!words) {
      remove(key);
    } else if (changed || before) {
      var record = { at: Date.now(), fields: values, checks: checks };
      if (before && before.pending) {
        record.pending = true;
        record.idempotency_key = before.idempotency_key;
        record.attempts = before.attempts || 0;
      }
      writeJson(key, record);
    }
  }

  /* A send held while offline, of a form that is sent by itself once back
   * online: the draft remembers that, and the form's idempotency key. */
  function sendsWhenOnline(form) {
    return form.hasAttribute('data-send-when-online') && !!form.elements.namedItem('idempotency_key');
  }

  function markPending(form) {
    saveDraft(form);
    var key = draftKey(form);
    var saved = readJson(key);
    if (!saved) return;
    saved.pending = true;
    saved.idempotency_key = form.elements.namedItem('idempotency_key').value;
    writeJson(key, saved);
  }

  function draftForms() {
    return document.querySelectorAll('form[data-draft]');
  }

  function saveAllDrafts() {
    var forms = draftForms();
    for (var i = 0; i < forms.length; i++) saveDraft(forms[i]);
  }

  /* Set once the person logged out, here or in another tab: from then on
   * this page keeps nothing, not even when it is left (pagehide) or typed
   * into, so a log-out is never undone by a page still open. */
  var ended = false;

  function draftKeys() {
    var keys = [];
    if (!local) return keys;
    for (var i = 0; i < local.length; i++) {
      var k = local.key(i);
      if (k && k.indexOf(PREFIX) === 0) keys.push(k);
    }
    return keys;
  }

  function stopKeeping() {
    ended = true;
    if (timer) window.clearTimeout(timer);
    timer = null;
  }

  function forgetAllDrafts() {
    stopKeeping();
    var keys = draftKeys();
    for (var j = 0; j < keys.length; j++) remove(keys[j]);
    if (local) {
      try { local.setItem(ENDED_KEY, String(Date.now())); } catch (e) { /* ignore */ }
    }
  }

  function onStorage(event) {
    if (event.key === ENDED_KEY) stopKeeping();
  }

  /* On opening a page, on a shared device: drafts older than MAX_AGE_MS go,
   * whoever wrote them. Once someone is signed in, every other signed-in
   * person's drafts go too: their session ended without a log-out (it
   * expired, or was ended elsewhere), and their words must not stay behind
   * for the next one. Visitor drafts are adopted (adoptVisitorDrafts: they
   * are this person's from before logging in), and a signed-in person's
   * draft stays while a visitor page is open (their session may only have expired, and they
   * log in again to finish). */
  function tidyDrafts() {
    var me = owner();
    var keep = [PREFIX + me + ':', PREFIX + 'visitor:'];
    var keys = draftKeys();
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      var ours = key.indexOf(keep[0]) === 0 || key.indexOf(keep[1]) === 0;
      var saved = readJson(key);
      var fresh = saved && saved.at && Date.now() - saved.at <= MAX_AGE_MS;
      if ((me !== 'visitor' && !ours) || !fresh) remove(key);
    }
    if (me !== 'visitor') adoptVisitorDrafts(me);
  }

  /* What someone typed before logging in (a message to a specialist,
   * a booking note) is theirs once they are signed in on this device: the
   * visitor draft becomes their own draft of the same form, once, unless
   * they already have a newer one, and the visitor copy goes, so it is not
   * offered to the next visitor or the next person to sign in. Only words
   * of the last ADOPT_MAX_AGE_MS are taken over (going through log-in or
   * sign-up takes minutes); older visitor drafts, likely someone else's on
   * a shared device, are dropped. */
  function adoptVisitorDrafts(me) {
    var visitor = PREFIX + 'visitor:';
    var keys = draftKeys();
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (key.indexOf(visitor) !== 0) continue;
      var saved = readJson(key);
      var own = PREFIX + me + ':' + key.slice(visitor.length);
      var mine = readJson(own);
      var recent = saved && saved.fields && saved.at && Date.now() - saved.at <= ADOPT_MAX_AGE_MS;
      if (recent && (!mine || !mine.at || mine.at < saved.at)) writeJson(own, saved);
      remove(key);
    }
  }

  /* Puts kept words back. They win over what the page came with: a draft
   * is by definition words the server has not accepted yet. The note
   * offers to discard them and go back to what the page came with. */
  function restoreDraft(form) {
    var key = draftKey(form);
    var saved = readJson(key);
    if (!saved || !saved.fields) return;
    if (!saved.at || Date.now() - saved.at > MAX_AGE_MS) {
      remove(key);
      return;
    }
    var restored = false;
    if (saved.pending && sendsWhenOnline(form)) {
      /* A page that comes back with errors or a refusal is the answer to
       * the last try: the person decides what next (never a loop). So is a
       * third try that did not go through. */
      var answered = document.querySelector('.error-summary, .alert[role="alert"], [aria-invalid="true"]');
      if (answered || (saved.attempts || 0) >= MAX_AUTO_SENDS || typeof saved.idempotency_key !== 'string') {
        delete saved.pending;
        delete saved.idempotency_key;
        delete saved.attempts;
        writeJson(key, saved);
      } else {
        /* The same key as the held send: if that one did arrive after all,
         * this one is recognised as it and stored once. */
        form.elements.namedItem('idempotency_key').value = saved.idempotency_key;
        pendingOnOpen.push(form);
      }
    }
    var fields = draftFields(form);
    var checks = saved.checks && typeof saved.checks === 'object' ? saved.checks : null;
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.kind === 'checkbox') {
        var ticked = checks && checks[f.name];
        if (!Array.isArray(ticked)) continue;
        var on = ticked.indexOf(f.el.value) !== -1;
        if (f.el.checked !== on) {
          f.el.checked = on;
          restored = true;
        }
        continue;
      }
      var value = saved.fields[f.name];
      if (typeof value !== 'string' || !value) continue;
      if (f.kind === 'radio') {
        if (f.el.value === value && !f.el.checked) f.el.checked = true;
      } else if (f.el.value !== value) {
        f.el.value = value;
        restored = true;
      }
    }
    if (restored) showRestoredNote(form, key);
  }

  function showRestoredNote(form, key) {
    var note = document.createElement('div');
    note.className = 'draft-note';
    note.setAttribute('role', 'status');
    var text = document.createElement('p');
    text.textContent = 'We kept what you wrote earlier. It is saved only on this device.';
    var discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'link-button draft-note__discard';
    discard.textContent = 'Discard it';
    discard.addEventListener('click', function () {
      var fields = draftFields(form);
      for (var i = 0; i < fields.length; i++) {
        var el = fields[i].el;
        if (fields[i].kind === 'radio' || fields[i].kind === 'checkbox') el.checked = el.defaultChecked;
        else el.value = el.defaultValue;
      }
      remove(key);
      text.textContent = 'Discarded. The form shows what it had before.';
      note.removeChild(discard);
    });
    note.appendChild(text);
    note.appendChild(discard);
    form.insertBefore(note, form.firstChild);
  }

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].slice(0, eq) === name) {
        try {
          return decodeURIComponent(parts[i].slice(eq + 1));
        } catch (e) {
          return null;
        }
      }
    }
    return null;
  }

  /* The server accepted a form: forget its draft (see 3. above). */
  function forgetAcceptedDraft() {
    var key = readCookie(ACCEPTED_COOKIE);
    if (key === null) return;
    document.cookie = ACCEPTED_COOKIE + '=; Max-Age=0; Path=/; SameSite=Lax';
    if (key) remove(storageKey(key));
  }

  /* 4. Sending while offline -------------------------------------------- */
  var held = [];  /* forms whose send was held: [{form, message, label}] */
  var pendingOnOpen = [];  /* forms whose pending draft was restored on opening the page */
  var RETRY_MS = 15000;  /* while Hearth cannot be reached, how often a pending send tries again */
  var MAX_AUTO_SENDS = 3;  /* tries of a pending send that leave the page, before the person decides */

  function submitButton(form, submitter) {
    if (submitter) return submitter;
    return form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  function buttonLabel(button) {
    if (!button) return 'Send';
    return (button.textContent || button.value || 'Send').replace(/\s+/g, ' ').trim();
  }

  /* What a held send says: `kind` "draft" (a form that keeps a draft) or
   * "logout" (a log-out that did not happen: on a shared device the person
   * must not walk away thinking they are logged out). */
  var HELD_TEXT = {
    draft: {
      offline: function (label) {
        return 'You\'re offline. What you wrote is saved on this device; press “' + label +
          '” again when you\'re back online.';
      },
      unreachable: function (label) {
        return 'We can\'t reach Hearth at the moment, so nothing was sent. What you wrote is saved on this ' +
          'device; press “' + label + '” again in a little while.';
      },
      online: function (label) {
        return 'You\'re back online. What you wrote is still here; press “' + label + '” to send it.';
      },
    },
    /* A form sent by itself once Hearth can be reached (data-send-when-online). */
    auto: {
      offline: function () {
        return 'You\'re offline. What you wrote is saved on this device, and it will be sent as soon as ' +
          'you\'re back online. You can leave this page: it is sent when you come back.';
      },
      unreachable: function () {
        return 'We can\'t reach Hearth at the moment. What you wrote is saved on this device, and we will ' +
          'send it as soon as Hearth answers.';
      },
      online: function () {
        return 'You\'re back online. Sending what you wrote…';
      },
    },
    logout: {
      offline: function (label) {
        return 'You\'re offline, so you are still logged in on this device. Press “' + label +
          '” again when you\'re back online.';
      },
      unreachable: function (label) {
        return 'We can\'t reach Hearth at the moment, so you are still logged in on this device. Press “' +
          label + '” again in a little while.';
      },
      online: function (label) {
        return 'You\'re back online. You are still logged in; press “' + label + '” to log out.';
      },
    },
  };

  function holdMessage(form, submitter, kind) {
    for (var i = 0; i < held.length; i++) {
      if (held[i].form === form) return held[i];
    }
    var button = submitButton(form, submitter);
    var message = document.createElement('p');
    message.className = 'draft-held';
    message.setAttribute('role', 'alert');
    var anchor = button && button.parentNode !== form ? button.parentNode : button;
    /* The header's "Log out" sits in a narrow corner: its message goes at
     * the top of the page's content, where it can be read. */
    var page = kind === 'logout' && document.querySelector('main .container');
    if (page) {
      page.insertBefore(message, page.firstChild);
    } else if (anchor && anchor.parentNode) {
      anchor.parentNode.insertBefore(message, anchor.nextSibling);
    } else {
      form.appendChild(message);
    }
    var entry = { form: form, message: message, label: buttonLabel(button), kind: kind };
    held.push(entry);
    return entry;
  }

  /* `unreachable`: the device says it is online, but Hearth did not answer. */
  function showHeld(form, submitter, unreachable, kind) {
    var entry = holdMessage(form, submitter, kind);
    entry.message.classList.remove('draft-held--online');
    entry.message.textContent = HELD_TEXT[entry.kind][unreachable ? 'unreachable' : 'offline'](entry.label);
  }

  function announceBackOnline() {
    for (var i = 0; i < held.length; i++) {
      held[i].message.classList.add('draft-held--online');
      held[i].message.textContent = HELD_TEXT[held[i].kind].online(held[i].label);
    }
  }

  /* Can the server be reached? Any answer counts; only a network failure
   * or no answer within PROBE_TIMEOUT_MS does not. */
  function reachable() {
    if (!window.fetch) return Promise.resolve(true);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, PROBE_TIMEOUT_MS) : null;
    return fetch('/sw.js', { method: 'HEAD', cache: 'no-store', credentials: 'same-origin',
                             signal: controller ? controller.signal : undefined })
      .then(function () { return true; }, function () { return false; })
      .then(function (ok) {
        if (timer) window.clearTimeout(timer);
        return ok;
      });
  }

  var checking = null;  /* the form whose connection check is under way */

  function send(form, submitter) {
    form.setAttribute('data-draft-checked', '');
    if (form.requestSubmit) {
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    } else {
      form.submit();
    }
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || form.tagName !== 'FORM') return;
    var action = form.getAttribute('action') || '';
    /* A log-out forgets every draft at once, and is held like a draft form
     * when it cannot reach Hearth: the session would stay alive while the
     * offline page suggested nothing was wrong. Asking for the account to
     * be deleted logs out everywhere too, and its drafts go with it. */
    var ending = action === '/logout' || action === '/account/sessions/revoke' || action === '/account/delete';
    if (ending) {
      forgetAllDrafts();
    } else if (form.hasAttribute('data-draft')) {
      saveDraft(form);
    } else {
      return;
    }
    var kind = ending ? 'logout' : (sendsWhenOnline(form) ? 'auto' : 'draft');
    if (form.hasAttribute('data-draft-checked')) {
      /* Our own second submit, after the check below: let it go. */
      form.removeAttribute('data-draft-checked');
      return;
    }
    event.preventDefault();
    if (navigator.onLine === false) {
      /* Sending would fail and could lose the page: keep it instead. */
      showOffline();
      if (kind === 'auto') markPending(form);
      showHeld(form, event.submitter, false, kind);
      return;
    }
    if (checking) return;  /* a second press while checking */
    checking = form;
    var submitter = event.submitter;
    reachable().then(function (ok) {
      checking = null;
      if (ok) {
        send(form, submitter);
      } else {
        if (kind === 'auto') {
          markPending(form);
          scheduleRetry();
        }
        showHeld(form, submitter, navigator.onLine !== false, kind);
      }
    });
  }

  /* Sends every held or restored pending form that goes by itself, once
   * Hearth answers; one at a time (each send leaves the page). */
  var retryTimer = null;
  function sendPending() {
    if (retryTimer) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
    }
    var form = null;
    for (var i = 0; i < held.length && !form; i++) {
      if (held[i].kind === 'auto') form = held[i].form;
    }
    if (!form && pendingOnOpen.length) form = pendingOnOpen[0];
    if (!form || checking || navigator.onLine === false) return;
    checking = form;
    reachable().then(function (ok) {
      checking = null;
      if (ok) {
        var record = readJson(draftKey(form));
        if (record && record.pending) {
          record.attempts = (record.attempts || 0) + 1;
          writeJson(draftKey(form), record);
        }
        var entry = holdMessage(form, null, 'auto');
        entry.message.classList.add('draft-held--online');
        entry.message.textContent = HELD_TEXT.auto.online(entry.label);
        send(form, null);
      } else {
        showHeld(form, null, true, 'auto');
        scheduleRetry();
      }
    });
  }

  function scheduleRetry() {
    if (!retryTimer) retryTimer = window.setTimeout(sendPending, RETRY_MS);
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

  /* 5. The offline page in place of another ------------------------------ */
  function offerRetry() {
    var retry = document.querySelector('[data-offline-retry]');
    if (!retry || window.location.pathname === '/offline') return;
    var link = retry.querySelector('a');
    if (link) link.href = window.location.href;
    retry.hidden = false;
    function update() {
      var text = retry.querySelector('[data-offline-retry-text]');
      if (text) {
        text.textContent = navigator.onLine === false
          ? 'When you\'re back online, you can open the page you asked for again.'
          : 'You\'re back online.';
      }
    }
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
  }

  /* Start ----------------------------------------------------------------- */
  function start() {
    window.addEventListener('offline', showOffline);
    window.addEventListener('online', hideOffline);
    window.addEventListener('online', sendPending);
    if (navigator.onLine === false) showOffline();

    tidyDrafts();
    forgetAcceptedDraft();
    var forms = draftForms();
    for (var i = 0; i < forms.length; i++) restoreDraft(forms[i]);
    if (pendingOnOpen.length) {
      if (navigator.onLine === false) {
        showHeld(pendingOnOpen[0], null, false, 'auto');
      } else {
        sendPending();
      }
    }

    document.addEventListener('input', onInput);
    document.addEventListener('change', onInput);
    document.addEventListener('submit', onSubmit);
    window.addEventListener('storage', onStorage);
    window.addEventListener('pagehide', saveAllDrafts);
    /* A phone may discard a tab in the background without a pagehide:
     * hiding is the last moment that is sure to come, so the words typed
     * in the last moment before switching away are kept then. */
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') saveAllDrafts();
    });
    offerRetry();
    registerServiceWorker();

    var summary = document.querySelector('.error-summary, [role="alert"][tabindex="-1"]');
    if (summary) summary.focus();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
