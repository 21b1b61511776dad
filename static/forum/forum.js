// Forum enhancements; every page works without them.
// - topic page: new replies appear live (topic_reply frames over /ws/)
// - forum index and category pages: the list refreshes itself when a category has a new post
(function () {
  "use strict";

  // Uses the tab's one socket (static/js/live.js, loaded for signed-in members only).
  function openSocket(onOpen, onFrame) {
    if (!window.Live) { return; }
    window.Live.on("open", function () { onOpen(window.Live.send); });
    window.Live.on("topic_reply", onFrame);
    window.Live.start();
  }

  function appendPost(container, post) {
    if (document.getElementById("post-" + post.id)) { return; }
    var article = document.createElement("article");
    article.className = "post unread";
    article.id = "post-" + post.id;
    var header = document.createElement("header");
    header.className = "post-header";
    var author = document.createElement("h3");
    author.className = "post-author";
    author.textContent = post.author.name;
    author.dir = "auto";  // isolated, like <bdi> in the page: a name cannot reorder the line
    var link = document.createElement("a");
    link.href = "/" + document.documentElement.lang + post.url;
    var time = document.createElement("time");
    time.dateTime = post.created;
    // As the server's SHORT_DATETIME_FORMAT (network/formats/), in the site's time zone.
    var lang = document.documentElement.lang;
    time.textContent = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, {
      day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Warsaw"
    }).format(new Date(post.created));
    link.appendChild(time);
    header.appendChild(author);
    header.appendChild(link);
    var body = document.createElement("div");
    body.className = "post-body";
    body.dir = "auto";
    // Sanitised on the server when the post was written (network/core/markdown.py).
    body.innerHTML = post.body_html;
    article.appendChild(header);
    article.appendChild(body);
    if (post.attachments && post.attachments.length && window.Attachments) {
      article.appendChild(window.Attachments.render(post.attachments, container.dataset));
    }
    container.appendChild(article);
  }

  function refreshList(list) {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("category-list");
        if (fresh) { list.innerHTML = fresh.innerHTML; }
      });
  }

  function live() {
    var posts = document.querySelector("[data-topic]");
    var list = document.querySelector("[data-live-categories]");
    if (!posts && !list) { return; }
    openSocket(function (send) {
      if (posts) {
        send({ type: "watch", topic: Number(posts.dataset.topic) });
      }
      if (list && list.dataset.liveCategories) {
        list.dataset.liveCategories.split(",").forEach(function (id) {
          send({ type: "watch", category: Number(id) });
        });
      }
    }, function (frame) {
      if (posts && frame.topic === Number(posts.dataset.topic) && posts.dataset.lastPage === "1") {
        appendPost(posts, frame.post);
      } else if (list) {
        refreshList(list);
      }
    });
  }

  // After every deferred script has run, so live.js (at the end of the page) is there.
  document.addEventListener("DOMContentLoaded", function () {
    live();
  });
})();
