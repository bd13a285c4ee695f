/* Hearth: opens the directory's filters on wide screens.
 *
 * The filters sit in a <details> that the page sends folded, so that on a
 * phone the results come first and one "Filters" button opens them (with or
 * without JavaScript). On a screen wide enough to show them beside the
 * results (the stylesheet's 60rem layout), this opens them once, on load.
 */
(function () {
  'use strict';

  function start() {
    var panel = document.getElementById('directory-filters');
    if (!panel || !window.matchMedia) return;
    if (window.matchMedia('(min-width: 60rem)').matches) panel.open = true;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
