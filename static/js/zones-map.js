// The zone map and "near me": an enhancement over the zone list, which works without them.
// Reads everything from data-* attributes (the CSP allows no inline scripts).
(function () {
  "use strict";

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function attribution(setting) {
    // "text|https://link" → a safe link; Leaflet inserts attributions as HTML.
    var parts = (setting || "").split("|");
    var text = escapeHtml(parts[0] || "");
    return parts[1] ? '<a href="' + escapeHtml(parts[1]) + '">' + text + "</a>" : text;
  }

  function popup(item, linkText) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = item.dataset.name;
    var address = document.createElement("p");
    address.textContent = item.dataset.address;
    var link = document.createElement("a");
    link.href = item.dataset.url;
    link.textContent = linkText;
    box.append(name, address, link);
    return box;
  }

  function drawMap() {
    var element = document.getElementById("zone-map");
    var items = document.querySelectorAll("[data-zone]");
    if (!element || !window.L || items.length === 0) return;
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tileUrl, {
      maxZoom: 18,
      attribution: attribution(element.dataset.attribution),
    }).addTo(map);
    var icon = L.icon({
      iconUrl: element.dataset.iconUrl,
      iconRetinaUrl: element.dataset.iconRetinaUrl,
      shadowUrl: element.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    var points = [];
    items.forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      if (isNaN(point[0]) || isNaN(point[1])) return;
      points.push(point);
      L.marker(point, { icon: icon, alt: item.dataset.name, title: item.dataset.name })
        .bindPopup(popup(item, element.dataset.linkText))
        .addTo(map);
    });
    if (points.length === 1) {
      map.setView(points[0], 14);
    } else {
      map.fitBounds(points, { padding: [20, 20] });
    }
  }

  function nearMe() {
    var button = document.getElementById("near-me");
    var form = document.getElementById("zone-filters");
    var status = document.getElementById("near-me-status");
    if (!button || !form || !("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = status.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // Two decimals (about 1 km) are enough to sort the list, and tell the server less.
          var lat = form.querySelector("[name=lat]");
          var lon = form.querySelector("[name=lon]");
          lat.value = position.coords.latitude.toFixed(2);
          lon.value = position.coords.longitude.toFixed(2);
          lat.disabled = false;
          lon.disabled = false;
          form.submit();
        },
        function () {
          status.textContent = status.dataset.failed;
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  drawMap();
  nearMe();
})();
