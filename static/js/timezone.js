/* Hearth: shows consultation times in the visitor's own time zone.
 *
 * A booking page that was not told a zone (no ?tz= and none remembered)
 * marks its time zone form with data-tz-auto. This picks the browser's zone,
 * selects it, and submits the form once; the page then comes back with ?tz=
 * and no mark, so it never loops. Without JavaScript the page shows UTC and
 * the person chooses their zone from the list.
 */
(function () {
  'use strict';

  function start() {
    var form = document.querySelector('form[data-tz-auto]');
    if (!form) return;
    var select = form.querySelector('select[name="tz"]');
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!select || !zone || select.value === zone) return;
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
    if (!known) select.add(new Option(zone.replace(/_/g, ' '), zone));
    select.value = zone;
    form.submit();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
