/* poa serve — the little JavaScript the pages use: copy buttons, and the
 * letter editor's live check (POST /api/lint, debounced, with the session's
 * CSRF token). Every page works without it; only the live check needs it. */
'use strict';
(function () {
  var body = document.body;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';

  function copyText(text, button) {
    var done = function () {
      var old = button.textContent;
      button.textContent = body.dataset.copied || 'Copied';
      button.classList.add('done');
      setTimeout(function () { button.textContent = old; button.classList.remove('done'); }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }
  function fallback(text) {
    var t = document.createElement('textarea');
    t.value = text;
    document.body.appendChild(t);
    t.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(t);
  }
  document.querySelectorAll('button.copy').forEach(function (b) {
    b.addEventListener('click', function () {
      var el = document.getElementById(b.dataset.copy);
      if (el) copyText(el.value !== undefined && el.tagName === 'TEXTAREA' ? el.value : el.textContent, b);
    });
  });

  var editor = document.getElementById('editor');
  if (!editor) return;
  var form = document.getElementById('letter-form');
  var list = document.getElementById('diagnostics');
  var gutter = document.getElementById('gutter');
  var state = document.getElementById('lint-state');
  var timer = null, seq = 0, diags = [];

  function lineHeight() {
    var lh = parseFloat(getComputedStyle(editor).lineHeight);
    return isNaN(lh) ? 20 : lh;
  }
  function drawGutter() {
    gutter.textContent = '';
    var lh = lineHeight(), pad = parseFloat(getComputedStyle(editor).paddingTop) || 0;
    diags.forEach(function (d) {
      var m = document.createElement('span');
      m.className = 'marker ' + d.level;
      m.title = d.rule + ': ' + d.message;
      m.style.top = (pad + (d.line - 1) * lh - editor.scrollTop) + 'px';
      gutter.appendChild(m);
    });
  }
  function goToLine(n) {
    var lines = editor.value.split('\n'), at = 0;
    for (var i = 0; i < n - 1 && i < lines.length; i++) at += lines[i].length + 1;
    editor.focus();
    editor.setSelectionRange(at, at + (lines[n - 1] || '').length);
    editor.scrollTop = Math.max(0, (n - 3) * lineHeight());
  }
  function render(result) {
    diags = (result && result.diagnostics) || [];
    list.textContent = '';
    list.dataset.count = String(diags.length);
    if (!diags.length) {
      var ok = document.createElement('li');
      ok.className = 'clean';
      ok.id = 'lint-clean';
      ok.textContent = body.dataset.clean || 'clean';
      list.appendChild(ok);
    }
    diags.forEach(function (d) {
      var li = document.createElement('li');
      li.className = 'diag ' + d.level;
      li.dataset.line = String(d.line);
      li.dataset.rule = d.rule;
      var where = document.createElement('span');
      where.className = 'where';
      where.textContent = (body.dataset.line || 'line') + ' ' + d.line;
      var level = document.createElement('span');
      level.className = 'level';
      level.textContent = body.dataset['level' + d.level.charAt(0).toUpperCase() + d.level.slice(1)] || d.level;
      // The rule's page in a tab of its own, without moving the editor.
      var rule = document.createElement('a');
      rule.className = 'rule';
      rule.target = '_blank';
      rule.rel = 'noopener';
      rule.href = '/rules/' + encodeURIComponent(d.rule);
      rule.appendChild(document.createElement('code')).textContent = d.rule;
      rule.addEventListener('click', function (e) { e.stopPropagation(); });
      li.appendChild(where);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(level);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(rule);
      li.appendChild(document.createTextNode(' ' + d.message));
      li.addEventListener('click', function () { goToLine(d.line); });
      list.appendChild(li);
    });
    var worst = diags.reduce(function (w, d) { return Math.max(w, { info: 0, warn: 1, block: 2 }[d.level]); }, -1);
    state.dataset.worst = String(worst);
    state.textContent = '';
    drawGutter();
  }
  function check() {
    var mine = ++seq;
    state.textContent = body.dataset.checking || '…';
    body.dataset.lint = 'busy';
    var payload = { text: editor.value, case_id: parseInt(form.dataset['case'], 10), letter: form.dataset.letter };
    if (form.dataset.kind) payload.kind = form.dataset.kind;
    fetch('/api/lint', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(payload)
    }).then(function (r) { return r.json(); }).then(function (result) {
      if (mine !== seq) return;
      render(result);
      body.dataset.lint = 'done';
      body.dataset.lintSeq = String(mine);
    }).catch(function () { state.textContent = '!'; body.dataset.lint = 'error'; });
  }
  editor.addEventListener('input', function () {
    clearTimeout(timer);
    body.dataset.lint = 'pending';
    timer = setTimeout(check, 300);
  });
  editor.addEventListener('scroll', drawGutter);
  list.querySelectorAll('li.diag').forEach(function (li) {
    diags.push({ line: parseInt(li.dataset.line, 10), level: li.className.split(' ')[1], rule: li.dataset.rule, message: li.textContent });
    li.addEventListener('click', function () { goToLine(parseInt(li.dataset.line, 10)); });
    li.querySelectorAll('a.rule').forEach(function (a) {
      a.addEventListener('click', function (e) { e.stopPropagation(); });
    });
  });
  drawGutter();
  body.dataset.lint = 'done';
})();
