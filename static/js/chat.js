// A chat room page made live: messages in id order without duplicates, unsent messages kept
// (also across reloads of the tab) and resent with the same client_id, typing and presence.
(function () {
  "use strict";

  var root = document.querySelector(".chat-room[data-room]");
  if (!root || !window.Live || root.dataset.live !== "1") { return; }

  var roomId = Number(root.dataset.room);
  var me = root.dataset.me;
  var lastId = Number(root.dataset.after || 0);
  var list = root.querySelector("[data-messages]");
  var log = root.querySelector(".chat-log");
  var statusLine = root.querySelector("[data-status]");
  var typingLine = root.querySelector("[data-typing]");
  var presenceLine = root.querySelector("[data-presence]");
  // Absent where the member may only read (staff in a group room they do not belong to).
  var form = root.querySelector("[data-send-form]");
  var textarea = form ? form.querySelector("textarea") : null;
  var storageKey = "chat-pending-" + roomId;
  var pending = loadPending();
  var removed = false;
  var typingTimer = null;
  var lastTypingSent = 0;
  var readTimer = null;

  function label(name) { return root.dataset["label" + name.charAt(0).toUpperCase() + name.slice(1)] || ""; }

  function loadPending() {
    try { return JSON.parse(sessionStorage.getItem(storageKey)) || {}; } catch (error) { return {}; }
  }

  function savePending() {
    try { sessionStorage.setItem(storageKey, JSON.stringify(pending)); } catch (error) { /* private mode */ }
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function atBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 80; }

  function dropEmptyNote() {
    var empty = list.querySelector("[data-empty]");
    if (empty) { empty.remove(); }
  }

  function insertInOrder(item, id) {
    dropEmptyNote();
    var after = null;
    var items = list.querySelectorAll("li[data-id]");
    for (var i = items.length - 1; i >= 0; i--) {
      if (Number(items[i].dataset.id) < id) { after = items[i]; break; }
    }
    var firstPending = list.querySelector("li.is-pending");
    if (after) {
      after.after(item);
    } else if (items.length) {
      items[0].before(item);
    } else if (firstPending) {
      firstPending.before(item);
    } else {
      list.append(item);
    }
  }

  function actionsFor(id) {
    var actions = document.createElement("div");
    actions.className = "chat-actions";
    var edit = document.createElement("a");
    edit.href = root.dataset.editUrl.replace("999999999", String(id));
    edit.textContent = label("edit");
    var del = document.createElement("button");
    del.type = "button";
    del.className = "link-button";
    del.textContent = label("delete");
    del.addEventListener("click", function () { Live.send({ type: "delete", room: roomId, message: id }); });
    actions.append(edit, " ", del);
    return actions;
  }

  // Presence and typing frames carry handles; people read names (the room's member list has them).
  var names = {};
  root.querySelectorAll("[data-member-handle]").forEach(function (node) {
    names[node.dataset.memberHandle] = node.dataset.memberName;
  });
  function nameOf(handle) { return names[handle] || handle; }

  // The same form as the server's SHORT_DATETIME_FORMAT (network/formats/): "04.12.2026, 17:00",
  // in English the European "04/12/2026, 17:00", always in the site's time zone.
  var timeFormat = new Intl.DateTimeFormat(document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang, {
    day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Warsaw"
  });
  function formatTime(iso) { return timeFormat.format(new Date(iso)); }
  // Day separators read like the server's ("piątek, 4 grudnia 2026"), in the same time zone.
  var dayFormat = new Intl.DateTimeFormat(document.documentElement.lang || "pl", {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Warsaw"
  });
  var dayKey = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw" });

  // A live message joins its author's block like the server groups them
  // (network/chat/selectors.mark_thread): a day separator first if the day changed.
  function placeInThread(item, message) {
    var previous = item.previousElementSibling;
    while (previous && !previous.dataset.id) { previous = previous.previousElementSibling; }
    var day = dayKey.format(new Date(message.created));
    var previousTime = previous && previous.querySelector("time[datetime]");
    var previousDate = previousTime ? new Date(previousTime.dateTime) : null;
    if (!previousDate || dayKey.format(previousDate) !== day) {
      if (previous || !list.querySelector(".chat-day")) {
        var separator = document.createElement("li");
        separator.className = "chat-day";
        separator.textContent = dayFormat.format(new Date(message.created));
        item.before(separator);
      }
      return;
    }
    if (previous.dataset.author === message.author.handle && !previous.classList.contains("is-deleted") &&
        new Date(message.created) - previousDate < 5 * 60 * 1000) {
      item.classList.add("is-continued");
    }
  }

  // The same avatar as the server renders (network/templatetags/ui.py): initials on one of
  // eight colours chosen by the author's id.
  function avatarFor(author) {
    var words = (author.name || "").replace(/-/g, " ").split(/\s+/).filter(function (word) { return /^\p{L}/u.test(word); });
    var letters = words.length ? words[0][0] + (words.length > 1 ? words[words.length - 1][0] : "") : (author.name || "?")[0];
    var avatar = document.createElement("span");
    avatar.className = "avatar avatar-md avatar-c" + ((author.id || 0) % 8);
    avatar.setAttribute("aria-hidden", "true");
    avatar.textContent = letters.toUpperCase();
    return avatar;
  }

  function fillMessage(item, message) {
    item.textContent = "";
    // An edit keeps the message where it was in its author's block.
    item.className = item.classList.contains("is-continued") ? "chat-message is-continued" : "chat-message";
    var meta = document.createElement("p");
    meta.className = "chat-meta";
    var author = document.createElement("span");
    author.className = "chat-author";
    author.textContent = message.author.name;
    author.dir = "auto";  // isolated, like <bdi> in the page: a name cannot reorder the line
    var time = document.createElement("time");
    time.dateTime = message.created;
    time.textContent = formatTime(message.created);
    meta.append(author, " ", time);
    if (message.edited) {
      var edited = document.createElement("span");
      edited.className = "chat-edited";
      edited.textContent = " " + label("edited");
      meta.append(edited);
    }
    var body = document.createElement("div");
    body.className = "chat-body";
    body.dir = "auto";
    body.innerHTML = message.body_html;  // sanitised on the server (network/core/markdown.py)
    item.append(avatarFor(message.author), meta, body);
    if (message.attachments && message.attachments.length && window.Attachments) {
      item.append(window.Attachments.render(message.attachments, root.dataset));
    }
    if (message.author.handle === me) { item.append(actionsFor(message.id)); }
  }


  function showDeleted(item) {
    item.classList.add("is-deleted");
    item.querySelectorAll(".chat-body, .chat-actions, .chat-edited").forEach(function (node) { node.remove(); });
    var note = document.createElement("p");
    note.className = "chat-body chat-deleted";
    note.textContent = label("deleted");
    item.append(note);
  }

  function renderPending(clientId, body) {
    dropEmptyNote();
    var item = document.createElement("li");
    item.className = "chat-message is-pending";
    item.dataset.clientId = clientId;
    var meta = document.createElement("p");
    meta.className = "chat-meta";
    meta.textContent = label("pending");
    var text = document.createElement("p");
    text.className = "chat-body";
    text.textContent = body;
    item.append(meta, text);
    list.append(item);
  }

  function settle(clientId) {
    if (!(clientId in pending)) { return; }
    delete pending[clientId];
    savePending();
    var item = list.querySelector('li.is-pending[data-client-id="' + CSS.escape(clientId) + '"]');
    if (item) { item.remove(); }
  }

  function sendPending(clientId) {
    Live.send({ type: "send", room: roomId, client_id: clientId, body: pending[clientId] });
  }

  function markRead() {
    if (!form || document.visibilityState !== "visible" || !lastId) { return; }
    clearTimeout(readTimer);
    readTimer = setTimeout(function () { Live.send({ type: "read", room: roomId, message: lastId }); }, 500);
  }

  Live.onState(function (state) {
    if (!removed) { statusLine.textContent = label(state); }
  });

  Live.on("open", function () {
    if (removed) { return; }
    Live.send({ type: "subscribe", room: roomId, after: lastId });
    Object.keys(pending).forEach(sendPending);
  });

  Live.on("message", function (frame) {
    if (frame.room !== roomId) { return; }
    var message = frame.message;
    if (message.author.handle === me) { settle(message.client_id); }
    if (!document.getElementById("m" + message.id)) {
      var stick = atBottom();
      var item = document.createElement("li");
      item.id = "m" + message.id;
      item.dataset.id = message.id;
      item.dataset.author = message.author.handle;
      fillMessage(item, message);
      insertInOrder(item, message.id);
      placeInThread(item, message);
      if (stick) { log.scrollTop = log.scrollHeight; }
    }
    lastId = Math.max(lastId, message.id);
    typingLine.textContent = "";
    markRead();
  });

  Live.on("ack", function (frame) { settle(frame.client_id); });

  // A replay comes in pages; the server says when more remain, and we ask for the next one.
  Live.on("backlog", function (frame) {
    if (frame.room === roomId && frame.has_more && !removed) {
      Live.send({ type: "subscribe", room: roomId, after: lastId });
    }
  });

  Live.on("edited", function (frame) {
    if (frame.room !== roomId) { return; }
    var item = document.getElementById("m" + frame.message.id);
    if (item) { fillMessage(item, frame.message); item.id = "m" + frame.message.id; }
  });

  Live.on("deleted", function (frame) {
    if (frame.room !== roomId) { return; }
    var item = document.getElementById("m" + frame.message);
    if (!item) {
      item = document.createElement("li");
      item.id = "m" + frame.message;
      item.dataset.id = frame.message;
      item.className = "chat-message";
      insertInOrder(item, frame.message);
    }
    showDeleted(item);
    lastId = Math.max(lastId, frame.message);
  });

  Live.on("typing", function (frame) {
    if (frame.room !== roomId) { return; }
    typingLine.textContent = label("typing").replace("{name}", nameOf(frame.author));
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 4000);
  });

  Live.on("presence", function (frame) {
    if (frame.room !== roomId) { return; }
    presenceLine.textContent = label("online") + " " + frame.online.map(nameOf).join(", ");
  });

  Live.on("error", function (frame) {
    if (frame.code === "removed" && frame.ref === roomId) {
      removed = true;
      statusLine.textContent = label("removed");
      if (form) {
        form.querySelectorAll("textarea, button").forEach(function (control) { control.disabled = true; });
      }
    } else if ((frame.code === "rate_limited" || frame.code === "unavailable") && frame.ref in pending) {
      // Not stored: kept and sent again with the same client_id.
      if (frame.code === "unavailable") { statusLine.textContent = frame.detail; }
      setTimeout(function () { if (frame.ref in pending) { sendPending(frame.ref); } }, 5000);
    } else {
      if (frame.ref in pending) { settle(frame.ref); }
      statusLine.textContent = frame.detail;
    }
  });

  if (form) {
  form.addEventListener("submit", function (event) {
    // A message with files goes as the plain form does (the server attaches them, then the
    // page shows the room again); text alone goes over the socket.
    if (form.querySelector('input[name="attachments"]')) { return; }
    event.preventDefault();
    var body = textarea.value.trim();
    if (!body || removed) { return; }
    var clientId = newClientId();
    pending[clientId] = body;
    savePending();
    renderPending(clientId, body);
    sendPending(clientId);
    textarea.value = "";
    // composer.js (Enter sends, the draft) drops the draft and the preview.
    textarea.dispatchEvent(new Event("composer:sent", { bubbles: true }));
    log.scrollTop = log.scrollHeight;
  });

  textarea.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTypingSent > 2000) {
      lastTypingSent = now;
      Live.send({ type: "typing", room: roomId });
    }
  });
  }

  document.addEventListener("visibilitychange", markRead);

  Object.keys(pending).forEach(function (clientId) { renderPending(clientId, pending[clientId]); });
  log.scrollTop = log.scrollHeight;
  Live.start();
})();
