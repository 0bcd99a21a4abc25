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
// The lending form at the counter (loans/counter.py). Enter on a menu lends, as Enter in a box
// does; and as a name is typed in the peer box, the peers it names are shown, drawn by the
// server (asked for by POST, so that the name stays out of addresses and logs). Without this
// script, "Find" does the same.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("lend-form");
  var box = document.getElementById("peer_code");
  var shown = document.getElementById("peer-suggestions");
  if (!form || !box || !shown) {
    return;
  }
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "SELECT") {
      event.preventDefault();
      form.requestSubmit(form.querySelector('button[name="lend"]'));
    }
  });
  var timer = null;
  var asked = 0;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    var words = box.value.trim();
    if (words.length < 3 || /^P-?\w{7}$/i.test(words)) {
      shown.innerHTML = "";
      return;
    }
    timer = setTimeout(function () {
      var body = new FormData();
      body.append("q", words);
      body.append("csrf_token", form.querySelector('input[name="csrf_token"]').value);
      var mine = ++asked;
      fetch(form.getAttribute("data-suggestions"), { method: "POST", body: body,
                                                     credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (mine === asked) {
            shown.innerHTML = html;
          }
        });
    }, 300);
  });
});
// A job's page (jobs/routes.py): follows its progress by asking for its state every two
// seconds, without reloading the page; once it is over, the page is drawn again to show the
// file or the reason. Without this script, the page's Refresh link does the same.
document.addEventListener("DOMContentLoaded", function () {
  var section = document.getElementById("job");
  if (!section) {
    return;
  }
  var url = section.getAttribute("data-state-url");
  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
          return;
        }
        var bar = document.getElementById("job-progress");
        if (bar) {
          bar.value = job.progress;
          bar.textContent = job.progress + "%";
        }
        var percent = document.getElementById("job-percent");
        if (percent) {
          percent.textContent = job.progress;
        }
        document.getElementById("job-message").textContent = job.message;
        document.getElementById("job-waiting").classList.toggle("d-none", !job.waiting_long);
        setTimeout(poll, 2000);
      }, function () { setTimeout(poll, 5000); });
  }
  if (section.getAttribute("data-state") === "queued" ||
      section.getAttribute("data-state") === "running") {
    setTimeout(poll, 1000);
  }
});
