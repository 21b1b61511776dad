// The one WebSocket per tab (/ws/, docs/live-protocol.md), shared by every live feature.
// It reconnects by itself with exponential backoff and reports its state:
// "connecting", "connected", "reconnecting" or "offline".
(function () {
  "use strict";

  // network/core/live.py closes with these when the session or account ended: never reconnect then.
  var SESSION_ENDED = [4001, 4003];
  var PING_EVERY_MS = 25000;
  var PONG_WITHIN_MS = 10000;
  var listeners = {};
  var stateListeners = [];
  var socket = null;
  var state = "connecting";
  var attempt = 0;
  var reconnectTimer = null;
  var pingTimer = null;
  var pongTimer = null;
  var started = false;

  function emit(type, frame) {
    (listeners[type] || []).forEach(function (fn) { fn(frame); });
  }

  function setState(next) {
    state = next;
    stateListeners.forEach(function (fn) { fn(next); });
  }

  function socketUrl() {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/";
  }

  function stopTimers() {
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
  }

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    var current = new WebSocket(socketUrl());
    socket = current;
    current.addEventListener("open", function () {
      attempt = 0;
      setState("connected");
      emit("open", {});
      // A connection that stops answering is closed, so it cannot sit silently.
      pingTimer = setInterval(function () {
        send({ type: "ping" });
        pongTimer = setTimeout(function () { current.close(); }, PONG_WITHIN_MS);
      }, PING_EVERY_MS);
    });
    current.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame && typeof frame.type === "string") {
        if (frame.type === "pong") { clearTimeout(pongTimer); }
        emit(frame.type, frame);
      }
    });
    current.addEventListener("close", function (event) {
      if (socket !== current) { return; }
      socket = null;
      stopTimers();
      if (SESSION_ENDED.indexOf(event.code) !== -1) {
        setState("offline");
        return;
      }
      if (navigator.onLine === false) {
        setState("offline");  // "online" reconnects
      } else {
        scheduleReconnect();
      }
    });
  }

  function scheduleReconnect() {
    attempt += 1;
    setState(navigator.onLine === false || attempt > 4 ? "offline" : "reconnecting");
    // 1 s, 2 s, 4 s … up to 30 s, with jitter so a restarted server is not hit all at once.
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt - 1)) * (0.5 + Math.random() / 2);
    reconnectTimer = setTimeout(connect, delay);
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  window.addEventListener("online", function () {
    if (!socket && started) { connect(); }
  });

  // The browser knows before the socket does: drop it now and wait for "online".
  window.addEventListener("offline", function () {
    if (!socket) { return; }
    var current = socket;
    socket = null;
    stopTimers();
    clearTimeout(reconnectTimer);
    current.close();
    setState("offline");
  });

  window.Live = {
    start: function () {
      if (!started) { started = true; connect(); }
    },
    on: function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    onState: function (fn) { stateListeners.push(fn); fn(state); },
    send: send,
    isOpen: function () { return state === "connected"; }
  };

  // The unread count in the header follows the member's notifications on every page.
  window.Live.on("notification", function (frame) {
    document.querySelectorAll("[data-unread-count]").forEach(function (badge) {
      badge.querySelector("[data-unread-number]").textContent = frame.unread;
      badge.hidden = frame.unread === 0;
    });
  });
  // Once every deferred script has registered its listeners, so none misses "open".
  document.addEventListener("DOMContentLoaded", function () { window.Live.start(); });
})();
