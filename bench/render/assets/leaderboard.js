(function () {
  "use strict";
  function sortKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.getAttribute("data-sort");
    return raw === null ? cell.textContent.trim() : raw;
  }
  function sortRows(table, index, direction, numeric) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a, index), y = sortKey(b, index);
      if (x === "" || y === "") return (x === "") - (y === "");
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return direction === "ascending" ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.tHead.rows[0].cells;
    var status = document.getElementById(table.getAttribute("data-status"));
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var first = th.getAttribute("data-first") || "ascending";
        var other = first === "ascending" ? "descending" : "ascending";
        var direction = th.getAttribute("aria-sort") === first ? other : first;
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", direction);
        sortRows(table, index, direction, th.getAttribute("data-type") === "number");
        if (status) status.textContent = "Sorted by " + button.textContent.trim() + ", " + direction + ".";
      });
    });
  });
})();
