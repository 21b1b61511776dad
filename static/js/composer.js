// The composer of forum posts and chat messages (network/templates/network/includes/composer.html);
// without it the text area and the form work as they are.
// - a Markdown toolbar: one tab stop, arrow keys between its buttons, Ctrl+B / Ctrl+I / Ctrl+K
// - a preview rendered by the server (htmx posts the form to the composer's preview address)
// - @mention completion at the caret: a listbox the text area drives with arrow keys, Enter, Escape
// - a draft kept in localStorage while the member writes, dropped once the post went through
//   (a page that sends without reloading, like the chat, says so with a "composer:sent" event)
// - in the chat (data-enter-sends), Enter sends the form and Shift+Enter breaks the line
(function () {
  "use strict";

  var SENT = "composer-draft-sent";
  var LINK_PLACEHOLDER = "https://";

  // Replaces the selection and keeps the browser's undo history where it can.
  function insert(textarea, text, selectStart, selectEnd) {
    var start = textarea.selectionStart;
    textarea.focus();
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      textarea.setRangeText(text, start, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectStart !== undefined) {
      textarea.setSelectionRange(start + selectStart, start + selectEnd);
    }
  }

  function prefixLines(textarea, prefix) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = textarea.selectionEnd;
    textarea.setSelectionRange(start, end);
    var lines = value.slice(start, end).split("\n").map(function (line) { return prefix + line; });
    var text = lines.join("\n");
    insert(textarea, text, text.length, text.length);
  }

  function format(textarea, kind) {
    var selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
    if (kind === "list") { prefixLines(textarea, "- "); return; }
    if (kind === "quote") { prefixLines(textarea, "> "); return; }
    if (kind === "link") {
      var label = selected || "";
      var text = "[" + label + "](" + LINK_PLACEHOLDER + ")";
      // With a label, the address is selected for typing; without one, the caret goes in the brackets.
      if (label) { insert(textarea, text, label.length + 3, text.length - 1); }
      else { insert(textarea, text, 1, 1); }
      return;
    }
    var mark = { bold: "**", italic: "*", code: "`" }[kind];
    if (kind === "code" && selected.indexOf("\n") !== -1) { mark = "\n```\n"; }
    insert(textarea, mark + selected + mark, mark.length, mark.length + selected.length);
  }

  function toolbar(composer, textarea) {
    var bar = composer.querySelector(".composer-toolbar");
    if (!bar) { return; }
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-markdown]");
      if (button) { format(textarea, button.dataset.markdown); }
    });
    // A toolbar is one tab stop; the arrow keys, Home and End move between its buttons.
    bar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (index === -1 || next === undefined) { return; }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons.forEach(function (button, i) { button.tabIndex = i === next ? 0 : -1; });
      buttons[next].focus();
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) { return; }
      var kind = { b: "bold", i: "italic", k: "link" }[event.key.toLowerCase()];
      if (kind) { event.preventDefault(); format(textarea, kind); }
    });
  }

  function preview(composer) {
    var bar = composer.querySelector(".composer-preview-bar");
    if (!bar || !window.htmx) { return; }
    bar.hidden = false;
    // What was sent is no longer previewed.
    composer.addEventListener("composer:sent", function () {
      composer.querySelector(".composer-preview").replaceChildren();
    });
    // A refusal (too long, locked topic) is a clear message in the preview, not a silent failure.
    composer.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.xhr.status === 400 || event.detail.xhr.status === 403) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
  }

  // Where the caret is, in pixels inside the text area: a hidden copy of its text up to the caret.
  function caretPoint(textarea) {
    var style = window.getComputedStyle(textarea);
    var mirror = document.createElement("div");
    ["boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "borderTopWidth",
      "borderLeftWidth", "fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "wordSpacing"]
      .forEach(function (name) { mirror.style[name] = style[name]; });
    mirror.style.position = "absolute";
    mirror.style.visibility = "hidden";
    mirror.style.whiteSpace = "pre-wrap";
    mirror.style.overflowWrap = "break-word";
    mirror.textContent = textarea.value.slice(0, textarea.selectionStart);
    var marker = document.createElement("span");
    marker.textContent = "\u200b";
    mirror.appendChild(marker);
    document.body.appendChild(mirror);
    var point = { top: marker.offsetTop - textarea.scrollTop, left: marker.offsetLeft, height: marker.offsetHeight };
    mirror.remove();
    return point;
  }

  function mentions(composer, textarea) {
    var url = composer.dataset.mentionsUrl;
    if (!url) { return; }
    var list = document.createElement("ul");
    list.id = textarea.id + "-mentions";
    list.className = "mention-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", composer.dataset.mentionsLabel);
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    composer.appendChild(list);
    composer.appendChild(status);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    var members = [];
    var active = -1;
    var query = null;
    var timer = null;

    function close() {
      list.hidden = true;
      members = [];
      active = -1;
      query = null;
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      var option = list.children[index];
      if (option) {
        textarea.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      var member = members[index];
      if (!member || !query) { return; }
      var end = textarea.selectionStart;
      textarea.setSelectionRange(end - query.length, end);
      close();
      insert(textarea, member.handle + " ");
    }

    function show(found) {
      members = found;
      list.replaceChildren();
      found.forEach(function (member, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.className = "mention-option";
        var picture = document.createElement("span");
        picture.className = "mention-avatar";
        picture.innerHTML = member.avatar;  // built and escaped by the server's avatar tag
        var text = document.createElement("span");
        var name = document.createElement("bdi");
        name.className = "mention-name";
        name.textContent = member.name;
        var where = document.createElement("span");
        where.className = "mention-where";
        where.textContent = ["@" + member.handle, member.library, member.town].filter(Boolean).join(" · ");
        text.appendChild(name);
        text.appendChild(where);
        option.appendChild(picture);
        option.appendChild(text);
        // mousedown, not click: the text area keeps focus and its caret.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(option);
      });
      status.textContent = found.length ? "" : composer.dataset.noMatch;
      if (!found.length) { close(); return; }
      var point = caretPoint(textarea);
      list.style.left = Math.min(textarea.offsetLeft + point.left, Math.max(0, composer.clientWidth - 320)) + "px";
      list.hidden = false;
      // Under the caret, or above it where the window ends below (the chat's box at the bottom).
      var below = textarea.offsetTop + point.top + point.height + 4;
      var room = window.innerHeight - (textarea.getBoundingClientRect().top + point.top + point.height + 4);
      list.style.top = (room < list.offsetHeight ? textarea.offsetTop + point.top - 4 - list.offsetHeight : below) + "px";
      highlight(0);
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      var match = /(?:^|\s)@([\w.-]{2,30})$/.exec(textarea.value.slice(0, textarea.selectionStart));
      if (!match) { close(); return; }
      timer = window.setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(match[1]), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { members: [] }; })
          .then(function (data) { query = match[1]; show(data.members || []); });
      }, 200);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + members.length) % members.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    textarea.addEventListener("blur", close);
  }

  function draft(composer, textarea) {
    var key = composer.dataset.draftKey;
    var form = composer.closest("form");
    var storage;
    try { storage = window.localStorage; } catch (error) { return; }
    if (!storage || !key) { return; }
    var saved = storage.getItem(key);
    // Only into an untouched box: a form sent back with errors already holds what was written.
    if (saved && textarea.value === textarea.defaultValue && saved !== textarea.value) {
      textarea.value = saved;
    }
    var timer = null;
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (textarea.value.trim() && textarea.value !== textarea.defaultValue) { storage.setItem(key, textarea.value); }
        else { storage.removeItem(key); }
      }, 400);
    });
    if (form) {
      form.addEventListener("submit", function (event) {
        // Taken over by a script (the chat's socket): no new page follows, the script says when
        // the text went with composer:sent.
        if (event.defaultPrevented) { return; }
        storage.setItem(key, textarea.value);
        window.sessionStorage.setItem(SENT, key);
      });
    }
    textarea.addEventListener("composer:sent", function () {
      window.clearTimeout(timer);
      storage.removeItem(key);
      if (window.sessionStorage.getItem(SENT) === key) { window.sessionStorage.removeItem(SENT); }
    });
  }

  // Chat: Enter sends, Shift+Enter (or Enter while an input method composes) breaks the line.
  // Registered after the mention list's handler, which takes Enter while the list is open.
  function enterSends(composer, textarea) {
    var form = composer.closest("form");
    if (!form || !composer.hasAttribute("data-enter-sends")) { return; }
    textarea.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.defaultPrevented) { return; }
      event.preventDefault();
      form.requestSubmit();
    });
  }

  // The page after a submission: unless the form came back with errors, the post went through.
  function forgetSentDraft() {
    var key = window.sessionStorage.getItem(SENT);
    if (!key) { return; }
    window.sessionStorage.removeItem(SENT);
    var composer = document.querySelector('[data-draft-key="' + CSS.escape(key) + '"]');
    var failed = composer && composer.closest("form").querySelector(".errorlist");
    if (!failed) { window.localStorage.removeItem(key); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    try { forgetSentDraft(); } catch (error) { /* storage refused: nothing was kept */ }
    document.querySelectorAll("[data-composer]").forEach(function (composer) {
      var textarea = composer.querySelector("textarea");
      if (!textarea) { return; }
      toolbar(composer, textarea);
      preview(composer);
      mentions(composer, textarea);
      enterSends(composer, textarea);
      draft(composer, textarea);
    });
  });
})();
