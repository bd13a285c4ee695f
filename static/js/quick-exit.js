/* Hearth: "Leave this site", for people whose partner may check their device.
 *
 * Every page carries a plain link (a[data-quick-exit]) to a neutral page
 * elsewhere, which works without JavaScript. With JavaScript, leaving also:
 *   - hides this page at once, before the other site has loaded;
 *   - replaces the current history entry (location.replace), so Back does
 *     not return to Hearth;
 *   - sends no Referer, so the other site is not told where the person was;
 *   - happens when Escape is pressed three times within 2 seconds (held-down
 *     repeats do not count), as domestic-abuse services offer.
 */
(function () {
  'use strict';

  var PRESSES = 3;
  var WITHIN_MS = 2000;
  var escapes = [];

  function leave(url) {
    var meta = document.createElement('meta');
    meta.name = 'referrer';
    meta.content = 'no-referrer';
    document.head.appendChild(meta);
    document.title = '';
    document.body.hidden = true;
    window.location.replace(url);
  }

  function exitLink() {
    return document.querySelector('a[data-quick-exit]');
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-quick-exit]') : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    leave(link.href);
  });

  document.addEventListener('keydown', function (event) {
    if ((event.key !== 'Escape' && event.key !== 'Esc') || event.repeat) return;
    var now = Date.now();
    escapes = escapes.filter(function (at) { return now - at < WITHIN_MS; });
    escapes.push(now);
    var link = exitLink();
    if (escapes.length >= PRESSES && link) {
      escapes = [];
      leave(link.href);
    }
  });

  function showHint() {
    var hint = document.querySelector('[data-quick-exit-hint]');
    if (hint) hint.hidden = false;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', showHint);
  } else {
    showHint();
  }
})();
