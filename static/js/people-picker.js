// The people picker: a text field of handles (data-people-picker="<suggestions URL>") becomes an
// ARIA 1.2 combobox over the word being typed. Without JavaScript the field takes typed handles.
(function () {
  "use strict";
  var count = 0;

  function setUp(input) {
    var id = "people-" + (++count);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "people-options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    input.after(list);
    input.parentNode.classList.add("people-picker");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    var active = -1;
    var timer = null;
    var asked = 0;

    function word() {
      var parts = input.value.split(/[\s,]+/);
      return parts[parts.length - 1].replace(/^@/, "");
    }
    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function choose(option) {
      var parts = input.value.split(/([\s,]+)/);
      parts[parts.length - 1] = "@" + option.dataset.handle;
      input.value = parts.join("") + ", ";
      close();
      input.focus();
    }
    function show(members) {
      list.textContent = "";
      members.forEach(function (member, i) {
        var option = document.createElement("li");
        option.id = id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.handle = member.handle;
        var face = document.createElement("span");
        face.innerHTML = member.avatar;  // rendered by the server's avatar tag
        var text = document.createElement("span");
        text.className = "people-text";
        var name = document.createElement("span");
        name.className = "people-name";
        name.dir = "auto";
        name.textContent = member.name;
        var where = document.createElement("span");
        where.className = "people-where";
        where.textContent = ["@" + member.handle, member.library, member.town].filter(Boolean).join(" · ");
        text.append(name, where);
        option.append(face.firstElementChild || face, text);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(option); });
        list.append(option);
      });
      list.hidden = !members.length;
      input.setAttribute("aria-expanded", members.length ? "true" : "false");
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
    function lookUp() {
      var query = word();
      if (query.length < 2) { close(); return; }
      var mine = ++asked;
      fetch(input.dataset.peoplePicker + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (mine === asked) { show(data.members || []); } })
        .catch(close);
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookUp, 200); });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) { highlight(active + 1); } else { lookUp(); }
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
  }

  document.querySelectorAll("input[data-people-picker]").forEach(setUp);
})();
