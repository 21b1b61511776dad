// Attachments; every page works without this file.
// - composers (fieldset.composer-files): files chosen with the button, dropped on the composer or
//   pasted into its form upload at once, each with a progress bar and a cancel button; the form
//   then carries their ids (hidden "attachments" inputs), as it does after a plain submission.
// - posts and messages: a click (or Enter) on an image opens a lightbox of that post's images;
//   arrow keys move between them, Escape closes it and focus goes back to the image's link.
// - file fields with data-choose: the browser's own button speaks the browser's language, not the
//   page's ("Choose Files", "No file chosen" on a Polish page); a button in the page's language
//   opens the same field, and data-none names the empty choice until files are chosen.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function formatSize(bytes) {
    var lang = document.documentElement.lang || "en";
    var units = ["B", "KB", "MB", "GB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value) + " " + units[unit];
  }

  // --- file fields in the page's language ---------------------------------------------------

  function fileButton(input) {
    var button = el("button", "secondary small file-choose", input.dataset.choose);
    button.type = "button";
    var help = input.getAttribute("aria-describedby");
    var chosen = input.dataset.none ? el("span", "file-chosen", input.dataset.none) : null;
    if (chosen) {
      chosen.id = input.id + "-chosen";
      help = help ? help + " " + chosen.id : chosen.id;
    }
    if (help) { button.setAttribute("aria-describedby", help); }
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      if (!chosen) { return; }
      var names = Array.prototype.map.call(input.files, function (file) { return file.name; });
      chosen.textContent = names.join(", ") || input.dataset.none;
    });
    input.hidden = true;
    input.after(button);
    if (chosen) { button.after(chosen); }
  }

  document.querySelectorAll('input[type="file"][data-choose]').forEach(fileButton);

  // --- the uploader -------------------------------------------------------------------------

  function Composer(fieldset) {
    this.fieldset = fieldset;
    this.form = fieldset.closest("form");
    this.list = fieldset.querySelector(".composer-file-list");
    this.input = fieldset.querySelector('input[type="file"]');
    // Where focus goes back after a file leaves the list: the page's button for the field.
    this.chooser = fieldset.querySelector(".file-choose") || this.input;
    this.status = fieldset.querySelector("[data-upload-status]");
    this.labels = fieldset.dataset;
    this.maxBytes = Number(fieldset.dataset.maxBytes);
    this.maxFiles = Number(fieldset.dataset.maxFiles);
    this.uploading = 0;
    this.bind();
  }

  Composer.prototype.count = function () {
    return this.list.querySelectorAll("li.composer-file:not(.is-failed)").length;
  };

  Composer.prototype.announce = function (text) {
    if (this.status) { this.status.textContent = text; }
  };

  Composer.prototype.bind = function () {
    var self = this;
    // The button's files go up at once; the field is emptied so the form does not send them again.
    this.input.addEventListener("change", function () {
      self.addAll(self.input.files);
      self.input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (type) {
      self.form.addEventListener(type, function (event) {
        if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types, "Files") < 0) { return; }
        event.preventDefault();
        self.fieldset.classList.add("is-dragging");
      });
    });
    ["dragleave", "dragend"].forEach(function (type) {
      self.form.addEventListener(type, function (event) {
        if (!self.form.contains(event.relatedTarget)) { self.fieldset.classList.remove("is-dragging"); }
      });
    });
    this.form.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      event.preventDefault();
      self.fieldset.classList.remove("is-dragging");
      self.addAll(event.dataTransfer.files);
    });
    this.form.addEventListener("paste", function (event) {
      var files = event.clipboardData ? event.clipboardData.files : null;
      if (!files || !files.length) { return; }
      event.preventDefault();
      self.addAll(files);
    });
    // Files the server stored earlier (a re-shown form) are removed with their checkbox as before.
    this.form.addEventListener("submit", function (event) {
      if (self.uploading > 0) {
        event.preventDefault();
        self.announce(self.labels.labelWait);
      }
    });
  };

  Composer.prototype.addAll = function (files) {
    for (var i = 0; i < files.length; i += 1) { this.add(files[i]); }
  };

  Composer.prototype.add = function (file) {
    var item = el("li", "composer-file");
    var name = el("span", "composer-file-name", file.name || this.labels.labelPasted);
    name.dir = "auto";
    item.append(name, el("span", "attachment-meta", formatSize(file.size)));
    this.list.append(item);
    if (this.count() > this.maxFiles) {
      return this.fail(item, this.labels.labelTooMany);
    }
    if (file.size > this.maxBytes) {
      return this.fail(item, this.labels.labelTooLarge);
    }
    this.upload(file, item);
  };

  Composer.prototype.fail = function (item, message) {
    var self = this;
    item.classList.add("is-failed");
    item.querySelectorAll("progress, .composer-cancel").forEach(function (node) { node.remove(); });
    var error = el("span", "error", message);
    error.setAttribute("role", "alert");
    var dismiss = el("button", "small quiet", this.labels.labelDismiss);
    dismiss.type = "button";
    dismiss.addEventListener("click", function () { item.remove(); self.chooser.focus(); });
    item.append(error, dismiss);
  };

  Composer.prototype.upload = function (file, item) {
    var self = this;
    var progress = el("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", this.labels.labelUploading + " " + (file.name || ""));
    var cancel = el("button", "small secondary composer-cancel", this.labels.labelCancel);
    cancel.type = "button";
    item.append(progress, cancel);
    var data = new FormData();
    data.append("csrfmiddlewaretoken", this.form.querySelector('[name="csrfmiddlewaretoken"]').value);
    data.append("target", this.fieldset.dataset.uploadTarget);
    data.append("file", file, file.name || "image.png");
    var request = new XMLHttpRequest();
    request.open("POST", this.fieldset.dataset.uploadUrl);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { progress.value = Math.round((event.loaded / event.total) * 100); }
    });
    var finished = function () { self.uploading -= 1; };
    request.addEventListener("load", function () {
      finished();
      var answer = request.response || {};
      if (request.status === 201 && answer.files && answer.files.length) {
        self.show(item, answer.files[0]);
        self.announce(self.labels.labelDone + " " + answer.files[0].name);
      } else {
        self.fail(item, answer.error || self.labels.labelFailed);
      }
    });
    request.addEventListener("error", function () { finished(); self.fail(item, self.labels.labelFailed); });
    request.addEventListener("abort", function () { finished(); item.remove(); self.announce(self.labels.labelCancelled); self.chooser.focus(); });
    cancel.addEventListener("click", function () { request.abort(); });
    this.uploading += 1;
    request.send(data);
  };

  // What the server renders for a stored upload (network/templates/attachments/composer.html).
  Composer.prototype.show = function (item, file) {
    var self = this;
    item.textContent = "";
    item.dataset.id = file.id;
    var hidden = el("input");
    hidden.type = "hidden";
    hidden.name = "attachments";
    hidden.value = file.id;
    item.append(hidden);
    if (file.kind === "image") {
      var thumb = el("img", "composer-thumb");
      thumb.src = file.thumb_url;
      thumb.alt = "";
      item.append(thumb);
    }
    var name = el("span", "composer-file-name", file.name);
    name.dir = "auto";
    item.append(name, el("span", "attachment-meta", file.size_text));
    if (file.kind === "image") {
      [["alt", this.labels.labelAlt], ["caption", this.labels.labelCaption]].forEach(function (pair) {
        var id = pair[0] + "-" + file.id;
        var label = el("label", "", pair[1]);
        label.htmlFor = id;
        var input = el("input");
        input.type = "text";
        input.id = id;
        input.name = id;
        input.maxLength = 300;
        item.append(label, input);
      });
    }
    var remove = el("button", "small quiet composer-remove-now", this.labels.labelRemove);
    remove.type = "button";
    remove.setAttribute("aria-label", this.labels.labelRemove + " " + file.name);
    remove.addEventListener("click", function () { self.remove(item, file); });
    item.append(remove);
  };

  Composer.prototype.remove = function (item, file) {
    var self = this;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", this.form.querySelector('[name="csrfmiddlewaretoken"]').value);
    // The server forgets the upload; the sweep would remove it a day later anyway.
    fetch(this.fieldset.dataset.removeUrl.replace("999999999", String(file.id)), {
      method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" }
    }).catch(function () { return null; });
    item.remove();
    self.announce(self.labels.labelRemoved + " " + file.name);
    self.chooser.focus();
  };

  document.querySelectorAll("fieldset.composer-files").forEach(function (fieldset) {
    if (fieldset.closest("form")) { fieldset.composer = new Composer(fieldset); }
  });

  // A post's or message's files from a live frame, as network/templates/attachments/list.html
  // renders them; `labels` carries the lightbox's words and "(open at full size)".
  function render(files, labels) {
    var box = document.createElement("div");
    box.className = "attachments";
    ["lightboxLabel", "lightboxClose", "lightboxPrevious", "lightboxNext"].forEach(function (key) {
      box.dataset[key] = labels[key];
    });
    var images = document.createElement("ul");
    images.className = "attachment-images";
    var documents = document.createElement("ul");
    documents.className = "attachment-files";
    files.forEach(function (file) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = file.url;
      if (file.kind === "image") {
        var figure = document.createElement("figure");
        figure.className = "attachment-image";
        link.className = "lightbox-link";
        link.dataset.full = file.url;
        link.dataset.alt = file.alt;
        link.dataset.caption = file.caption;
        var image = document.createElement("img");
        image.src = file.display_url;
        image.alt = file.alt;
        if (file.width) { image.width = file.width; image.height = file.height; }
        var hint = document.createElement("span");
        hint.className = "visually-hidden";
        hint.textContent = " " + file.name + " " + labels.fullSize;
        link.append(image, hint);
        figure.append(link);
        if (file.caption) {
          var caption = document.createElement("figcaption");
          caption.textContent = file.caption;
          figure.append(caption);
        }
        item.append(figure);
        images.append(item);
      } else {
        item.className = "attachment-card";
        link.setAttribute("download", "");
        var name = document.createElement("span");
        name.className = "attachment-name";
        name.textContent = file.name;
        link.append(name);
        item.append(link);
        documents.append(item);
      }
    });
    if (images.children.length) { box.append(images); }
    if (documents.children.length) { box.append(documents); }
    return box;
  }

  window.Attachments = { render: render };

  // --- the lightbox -------------------------------------------------------------------------

  var dialog = null;
  var group = [];
  var index = 0;
  var opener = null;

  function buildDialog(labels) {
    var box = el("dialog", "lightbox");
    box.setAttribute("aria-label", labels.lightboxLabel);
    var controls = el("div", "lightbox-controls");
    var prev = el("button", "icon-button", "‹");
    prev.type = "button";
    prev.setAttribute("aria-label", labels.lightboxPrevious);
    prev.dataset.move = "-1";
    var next = el("button", "icon-button", "›");
    next.type = "button";
    next.setAttribute("aria-label", labels.lightboxNext);
    next.dataset.move = "1";
    var close = el("button", "icon-button lightbox-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", labels.lightboxClose);
    controls.append(prev, next, close);
    var image = el("img");
    var caption = el("p", "lightbox-caption");
    caption.setAttribute("aria-live", "polite");
    box.append(controls, image, caption);
    prev.addEventListener("click", function () { move(-1); });
    next.addEventListener("click", function () { move(1); });
    close.addEventListener("click", function () { box.close(); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { event.preventDefault(); move(1); }
      if (event.key === "ArrowLeft") { event.preventDefault(); move(-1); }
    });
    // A click on the dark backdrop (the dialog itself, not its content) closes it.
    box.addEventListener("click", function (event) { if (event.target === box) { box.close(); } });
    box.addEventListener("close", function () { if (opener) { opener.focus(); } });
    document.body.append(box);
    return box;
  }

  function show() {
    var link = group[index];
    var image = dialog.querySelector("img");
    image.src = link.dataset.full;
    image.alt = link.dataset.alt || "";
    var words = [link.dataset.caption || link.dataset.alt || "", (index + 1) + " / " + group.length];
    dialog.querySelector(".lightbox-caption").textContent = words.filter(Boolean).join(" · ");
    dialog.querySelectorAll("[data-move]").forEach(function (button) { button.hidden = group.length < 2; });
  }

  function move(step) {
    index = (index + step + group.length) % group.length;
    show();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.lightbox-link") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    var container = link.closest(".attachments");
    event.preventDefault();
    dialog = dialog || buildDialog(container.dataset);
    group = Array.prototype.slice.call(container.querySelectorAll("a.lightbox-link"));
    index = group.indexOf(link);
    opener = link;
    show();
    dialog.showModal();
    dialog.querySelector(".lightbox-close").focus();
  });
})();
