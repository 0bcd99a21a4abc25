// Ask before destructive or irreversible actions: <form data-confirm="Are you sure?">, and
// links that do something worth a second thought: <a data-confirm="...">.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-confirm]");
  if (link && !window.confirm(link.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
// On a phone a wide table becomes one card per row, each cell labelled with its column's
// heading (app.css, .table-stack). CSS display changes drop table semantics in some
// browsers, so the roles are set explicitly to keep screen readers reading a table.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".table-responsive > table").forEach(function (table) {
    var headings = Array.from(table.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.replace(/[▲▼]/g, "").trim();
    });
    table.classList.add("table-stack");
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    table.querySelectorAll("tr").forEach(function (row) {
      row.setAttribute("role", "row");
      Array.from(row.children).forEach(function (cell, index) {
        var header = cell.tagName === "TH";
        cell.setAttribute("role", header ? (row.parentElement.tagName === "THEAD"
          ? "columnheader" : "rowheader") : "cell");
        if (!header && headings[index]) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  });
});
// The lending form: a data plan goes out with the SIM card it is on. Choosing a plan fills in
// its SIM card; choosing a SIM card puts its plans first (and clears a plan of another SIM).
// Without this script the server does the same when the form is sent.
document.addEventListener("DOMContentLoaded", function () {
  var sim = document.getElementById("sim_id");
  var plan = document.getElementById("plan_id");
  if (!sim || !plan) {
    return;
  }
  plan.addEventListener("change", function () {
    var option = plan.options[plan.selectedIndex];
    var owner = option && option.getAttribute("data-sim");
    if (owner && sim.querySelector('option[value="' + owner + '"]')) {
      sim.value = owner;
    }
  });
  sim.addEventListener("change", function () {
    var chosen = sim.value;
    var none = plan.options[0];
    var theirs = Array.from(plan.options).filter(function (option) {
      return option.getAttribute("data-sim") === chosen;
    });
    theirs.reverse().forEach(function (option) {
      plan.insertBefore(option, none.nextSibling);
    });
    var current = plan.options[plan.selectedIndex];
    if (current && current.value !== "0" && current.getAttribute("data-sim") !== chosen) {
      plan.value = theirs.length ? theirs[theirs.length - 1].value : "0";
    }
  });
});
