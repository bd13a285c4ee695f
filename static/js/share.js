// The article page's "Share…" and "Copy link" buttons, shown only when this
// script runs (the plain share links above them work without it). Nothing
// is loaded from elsewhere: the device's own share sheet, or the clipboard.
(function () {
  "use strict";
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var url = box.getAttribute("data-share-url");
  var title = box.getAttribute("data-share-title");
  var status = box.querySelector("[data-share-status]");
  var native = box.querySelector("[data-share-native]");
  var copy = box.querySelector("[data-share-copy]");

  function say(text) {
    status.textContent = "";
    // A fresh text each time, so screen readers announce a repeated copy.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  if (navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () { /* closed: nothing to say */ });
    });
  }

  if (navigator.clipboard && navigator.clipboard.writeText) {
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(
        function () { say("Link copied. You can paste it wherever you like."); },
        function () { say("We could not copy the link. Its address is " + url); }
      );
    });
  } else {
    copy.hidden = true;
  }
  if (!native.hidden || !copy.hidden) box.hidden = false;
})();
