// The one WebSocket per tab (DESIGN.md, "Live updates"). Every server frame is re-dispatched on
// `document` as a `live:<type>` event, so features listen without opening sockets of their own.
(function () {
  "use strict";
  var SESSION_ENDED = [4001, 4003];  // network/live.py: do not reconnect, the session is over
  var delay = 1000;

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/");
    window.liveSocket = socket;
    socket.addEventListener("open", function () { delay = 1000; });
    socket.addEventListener("message", function (message) {
      var frame;
      try { frame = JSON.parse(message.data); } catch (error) { return; }
      if (frame && typeof frame.type === "string") {
        document.dispatchEvent(new CustomEvent("live:" + frame.type, { detail: frame }));
      }
    });
    socket.addEventListener("close", function (event) {
      if (SESSION_ENDED.indexOf(event.code) !== -1) { return; }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }

  document.addEventListener("live:notification", function (event) {
    document.querySelectorAll("[data-unread-count]").forEach(function (badge) {
      badge.querySelector("[data-unread-number]").textContent = event.detail.unread;
      badge.hidden = event.detail.unread === 0;
    });
  });

  connect();
})();
