// The review page: each choice is sent at once; the keyboard does everything.
"use strict";
(function () {
  const base = document.querySelector('meta[name="formgen-base"]').content;
  const article = document.querySelector("article[data-return]");
  if (!article) { document.body.dataset.ready = "1"; return; }
  const rid = article.dataset.return;

  function open() {
    return Array.from(document.querySelectorAll("fieldset.field:not(.done)"));
  }

  function focusNext() {
    const next = open()[0];
    if (next) {
      next.querySelector("button, input").focus();
    } else {
      const link = document.getElementById("next");
      if (link) link.focus();
    }
  }

  async function send(field, value, status) {
    let reply;
    try {
      const r = await fetch(base + "decide", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({return: rid, field: field, value: value}),
      });
      reply = await r.json();
    } catch (e) {
      reply = {ok: false, error: String(e)};
    }
    if (status) {
      status.textContent = reply.ok
        ? status.dataset.saved.replace("{user}", reply.user).replace("{at}", reply.at.replace("T", " ").slice(0, 16))
        : status.dataset.error.replace("{error}", reply.error);
    }
    return reply;
  }

  document.querySelectorAll("p.saved").forEach(function (p) {
    p.dataset.saved = document.body.dataset.saved || "";
    p.dataset.error = document.body.dataset.error || "";
  });

  document.addEventListener("click", async function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const box = button.closest("fieldset.field, section");
    const status = box ? box.querySelector("p.saved") : null;
    if (button.dataset.field) {               // a whole return, or the student it is
      const reply = await send(button.dataset.field, button.dataset.value, status);
      if (reply.ok) window.location.reload();
      return;
    }
    if (!box || !box.dataset.field) return;
    let value = button.dataset.value;
    if (button.dataset.typed) value = box.querySelector("input.typed").value;
    const reply = await send(box.dataset.field, value, status);
    if (!reply.ok) return;
    box.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    });
    box.classList.add("done");
    const queue = document.getElementById("queue");
    if (queue && reply.open === 0 && !queue.dataset.counted) {   // this return is done
      queue.dataset.counted = "1";
      const left = Math.max(0, Number(queue.dataset.n) - 1);
      queue.textContent = queue.dataset.words.replace("{n}", String(left));
    }
    focusNext();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target.tagName === "INPUT";
    if (target.id === "search") {
      if (event.key === "Enter") {
        const first = Array.from(document.querySelectorAll("#students button"))
          .find(function (b) { return !b.closest("li").hidden; });
        if (first) first.click();
        event.preventDefault();
      }
      return;
    }
    if (typing) {
      if (event.key === "Enter") target.closest("fieldset").querySelector("button.save").click();
      return;
    }
    if (event.key === "/") {
      const search = document.getElementById("search");
      if (search) { search.focus(); event.preventDefault(); }
      return;
    }
    if (event.key === "n" || event.key === "p") {
      const link = document.getElementById(event.key === "n" ? "next" : "prev");
      if (link) window.location.href = link.href;
      return;
    }
    if (/^[0-9]$/.test(event.key)) {
      const box = target.closest("fieldset.field") || open()[0];
      if (!box) return;
      const button = box.querySelector('button[aria-keyshortcuts="' + event.key + '"]');
      if (button) { button.focus(); button.click(); event.preventDefault(); }
    }
  });

  const search = document.getElementById("search");
  if (search) {
    search.addEventListener("input", function () {
      const want = search.value.trim().toLocaleLowerCase();
      document.querySelectorAll("#students li").forEach(function (li) {
        li.hidden = want !== "" && !li.textContent.toLocaleLowerCase().includes(want);
      });
    });
  }
  if (search) search.focus(); else focusNext();
  document.body.dataset.ready = "1";
})();
