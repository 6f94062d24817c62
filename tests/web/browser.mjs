// Browser tests of `poa serve` (issue 8): Debian's Chromium, headless, driven
// by playwright-core. For each language (en, zh), on a throwaway store: a
// request without the token (403), the token trade, then the whole flow:
// paste a notice -> questions (one refused answer, shown beside its field)
// -> plan -> draft -> live lint -> a placeholder typed in (a blocker appears
// beside its line; "mark as sent" is refused) -> edit until clean -> save ->
// copy a part -> mark as sent; evidence upload; a bad upload. A screenshot of
// each page goes to tests/web/out/.
//
// Then poa serve --team (issue 9): an owner and an operator added with poa
// user add; a page asked for without a session goes to the sign-in form; a
// wrong password is refused there; the right one comes back to the page
// asked for, which says who is signed in; the operator files a notice under
// their store, changes the case's status (the timeline says "by oscar"),
// signs out, and the case page goes back to the sign-in form. The owner
// signs in, opens Users from the header (an operator has no such link),
// adds an operator (mismatched passwords refused first), changes their
// stores, sets them a new password, tries to remove the last owner
// (themselves: the confirmation
// page, then the refusal), and removes the operator.
//
// usage: node tests/web/browser.mjs BUILD_DIR
// Prints PASS/FAIL lines, then "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const OUT = path.join(HERE, 'out');
const CHROMIUM = process.env.POA_CHROMIUM || '/usr/bin/chromium';
const build = path.resolve(process.argv[2] || 'build');
const POA = path.join(build, 'poa');
const answers = JSON.parse(readFileSync(path.join(HERE, 'answers-trademark.json'), 'utf8'));
const noticeText = readFileSync(path.join(HERE, 'trademark-notice.txt'), 'utf8');
let passed = 0, failed = 0;

function check(name, cond, why = '') {
  if (cond) { passed++; console.log('PASS ' + name); }
  else { failed++; console.log('FAIL ' + name + ': ' + why); }
}

function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'poa-web-'));
  const proc = spawn(POA, ['serve', '--listen', '127.0.0.1:0', '--today', '2026-11-28'], {
    env: { ...process.env, POA_DB: path.join(dir, 'poa.db'), TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('poa serve printed no URL: ' + stderr)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/[^\s/]+)\/\?token=([0-9a-f]+)/);
      if (m) { clearTimeout(timer); resolve({ proc, dir, url: m[0], base: m[1], stderr: () => stderr }); }
    });
    proc.on('exit', (code) => reject(new Error('poa serve exited ' + code + ': ' + stderr)));
  });
}

async function shot(page, lang, n, name) {
  await page.screenshot({ path: path.join(OUT, `${lang}-${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
}

async function lintDone(page) {
  await page.waitForFunction(() => document.body.dataset.lint === 'done', null, { timeout: 30000 });
}

// Fills the question fields the answers file answers; returns how many
// fields changed. override: id -> value to use instead.
async function fillQuestions(page, override = {}) {
  let changed = 0;
  const ids = await page.$$eval('#answers .question', (qs) => qs.map((q) => q.id.replace(/^question-/, '')));
  for (const id of ids) {
    let want = override[id] !== undefined ? override[id] : answers[id];
    if (want === undefined) continue;
    if (Array.isArray(want)) want = want.join(', ');
    const name = `q.${id}`;
    const radios = await page.$$(`#answers input[type=radio][name="${name}"]`);
    if (radios.length) {
      const cur = await page.$eval(`#question-${id}`, (q) => (q.querySelector('input:checked') || {}).value || '');
      if (cur !== want) { await page.check(`#answers input[type=radio][name="${name}"][value="${want}"]`); changed++; }
      continue;
    }
    const field = page.locator(`[id="${name}"]`);
    const tag = await field.evaluate((el) => el.tagName);
    const cur = await field.inputValue();
    if (cur === want) continue;
    if (tag === 'SELECT') await field.selectOption(want);
    else await field.fill(want);
    changed++;
  }
  return changed;
}

async function flow(browser, lang) {
  const srv = await startServer();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.base });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Pages answered 4xx on purpose log "Failed to load resource"; anything
  // else (a script error, a CSP or MIME refusal) is a failure.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  let n = 0;
  const L = (s) => `${lang}: ${s}`;
  try {
    // Without the token: 403, and a page saying what to do.
    let resp = await page.goto(srv.base + '/');
    check(L('a request without the token gets 403'), resp.status() === 403, resp.status());
    check(L('the 403 page names the printed URL'), (await page.textContent('body')).includes('poa serve'));
    await shot(page, lang, n++, 'no-token');
    resp = await page.goto(srv.url.replace(/token=.*/, 'token=' + '0'.repeat(64)));
    check(L('a wrong token gets 403'), resp.status() === 403, resp.status());

    // The token is traded for the cookie; the URL loses it.
    resp = await page.goto(srv.url + (lang === 'zh' ? '&lang=zh' : ''));
    check(L('the token trade lands on the case list'), resp.status() === 200 && !page.url().includes('token'),
      page.url());
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'poa_session');
    check(L('session cookie: HttpOnly, SameSite=Strict'), session && session.httpOnly && session.sameSite === 'Strict',
      JSON.stringify(session));
    if (lang === 'zh') check(L('pages in Chinese'), (await page.textContent('h1')).includes('案件'));
    await shot(page, lang, n++, 'empty-list');

    // A bad upload: a PNG as a notice.
    await page.click('text=' + (lang === 'zh' ? '新建案件' : 'New case'));
    await page.setInputFiles('#files', path.join(ROOT, 'tests', 'bad', 'binary.png'));
    resp = await Promise.all([page.waitForNavigation(), page.click('#file-notice')]).then((r) => r[0]);
    check(L('a bad upload is refused with a message'), resp.status() === 422 && await page.isVisible('#error'),
      resp.status());
    await shot(page, lang, n++, 'bad-upload');

    // Paste the notice.
    await page.goto(srv.base + '/cases/new');
    await shot(page, lang, n++, 'new-case');
    await page.fill('#notice', noticeText);
    await Promise.all([page.waitForNavigation(), page.click('#file-notice')]);
    check(L('the pasted notice files case 1'), /\/cases\/1$/.test(page.url()), page.url());
    const marks = await page.$$eval('#notice-text mark', (ms) => ms.map((m) => m.dataset.field + '=' + m.textContent));
    check(L('the notice shows its fields highlighted in place'),
      marks.includes('asins=B0CK7TQ2WD') && marks.some((m) => m.startsWith('rights_owner=')) &&
      marks.some((m) => m.startsWith('deadline=')), marks.join(' | '));
    await shot(page, lang, n++, 'case-new');

    // Questions: one refused answer first, shown beside its field.
    let refusedSeen = false;
    for (let round = 0; round < 20; round++) {
      const override = {};
      const hasDate = await page.$('[id="q.changes_date"]');
      if (hasDate && !refusedSeen) override.changes_date = '2099-01-01';
      const changed = await fillQuestions(page, override);
      if (!changed) break;
      const r = await Promise.all([page.waitForNavigation(), page.click('#save-answers')]).then((x) => x[0]);
      if (override.changes_date) {
        refusedSeen = true;
        check(L('a refused answer: 422, the error beside its field'),
          r.status() === 422 && await page.isVisible('#error-changes_date'), r.status());
        await shot(page, lang, n++, 'answer-refused');
      }
    }
    check(L('the refused answer was tried'), refusedSeen);
    const open = await page.$$eval('#answers .question.open', (qs) => qs.map((q) => q.id));
    check(L('every question the plan asks is answered'), open.length === 0, open.join(' '));
    await shot(page, lang, n++, 'questions');

    // The plan: a best route, with reasons and a checklist.
    const best = await page.$('#plan article.route.best');
    check(L('the plan has a best route'), !!best);
    check(L('the best route shows why and a checklist'),
      best && await best.$('.why') && (await best.$$('ul.checklist li')).length > 0);
    if (lang === 'zh') check(L('the plan in Chinese'), /[\u4e00-\u9fff]/.test(await page.textContent('#plan .why')));
    const routes = await page.$$eval('#route option', (os) => os.map((o) => o.value));
    if (routes.includes('edit_and_appeal')) await page.selectOption('#route', 'edit_and_appeal');
    await page.locator('#plan').screenshot({ path: path.join(OUT, `${lang}-${String(n++).padStart(2, '0')}-plan.png`) });

    // Draft: the letter editor, checked live.
    await Promise.all([page.waitForNavigation(), page.click('#draft-letters')]);
    check(L('drafting opens the letter editor'), /\/cases\/1\/letters\/poa/.test(page.url()), page.url());
    await lintDone(page);
    const draftText = await page.inputValue('#editor');
    const blockersAtFirst = await page.$$('#diagnostics li.diag.block');
    check(L('the draft has no blockers'), blockersAtFirst.length === 0);
    await shot(page, lang, n++, 'letter-draft');

    // Type a placeholder: a blocker appears beside its line, live.
    await page.click('#editor');
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Dear xxx, (Your Store)\n');
    await page.waitForFunction(() => document.querySelectorAll('#diagnostics li.diag.block').length > 0, null,
      { timeout: 30000 });
    const line1 = await page.$$eval('#diagnostics li.diag.block', (ls) => ls.map((l) => l.dataset.line));
    check(L('live lint shows the blocker on line 1'), line1.includes('1'), line1.join(','));
    check(L('a marker stands beside the line'), (await page.$$('#gutter .marker.block')).length > 0);
    await shot(page, lang, n++, 'letter-blocker');

    // The finding's rule opens its page in a tab of its own; the editor keeps its text.
    const ruleLink = await page.$('#diagnostics li.diag.block a.rule[href="/rules/R26-placeholder"]');
    check(L('the finding links its rule\'s page'), ruleLink !== null);
    if (ruleLink) {
      const [tab] = await Promise.all([page.context().waitForEvent('page'), ruleLink.click()]);
      await tab.waitForLoadState();
      check(L('the rule\'s page opens in a new tab'), (await tab.textContent('h1') || '').startsWith('R26-placeholder') &&
        (await page.inputValue('#editor')).startsWith('Dear xxx'), await tab.url());
      await tab.close();
    }

    // Saved with the blocker: "mark as sent" is refused.
    await Promise.all([page.waitForNavigation(), page.click('#save-letter')]);
    resp = await Promise.all([page.waitForNavigation(), page.click('#mark-sent')]).then((r) => r[0]);
    check(L('mark as sent is refused while there are blockers'), resp.status() === 409 && await page.isVisible('#error'),
      resp.status());
    await shot(page, lang, n++, 'sent-refused');

    // Edit until clean: remove the lines that carry blockers.
    for (let round = 0; round < 5; round++) {
      await lintDone(page);
      const bad = await page.$$eval('#diagnostics li.diag.block', (ls) => ls.map((l) => parseInt(l.dataset.line, 10)));
      if (!bad.length) break;
      const lines = (await page.inputValue('#editor')).split('\n');
      const kept = lines.filter((_, i) => !bad.includes(i + 1));
      await page.fill('#editor', kept.join('\n'));
      await page.waitForFunction(() => document.body.dataset.lint !== 'done' || true);
      await page.waitForTimeout(400);
    }
    await lintDone(page);
    check(L('edited until clean: no blockers'), (await page.$$('#diagnostics li.diag.block')).length === 0);
    check(L('the clean letter is the draft again'), (await page.inputValue('#editor')) === draftText);
    await Promise.all([page.waitForNavigation(), page.click('#save-letter')]);
    check(L('saved as a new version'), await page.isVisible('#flash'));

    // Copy buttons: each part of the Plan of Action.
    const parts = await page.$$('#parts pre.part-text');
    check(L('the Plan of Action has its three parts or more'), parts.length >= 3, parts.length);
    await page.click('#copy-part-0');
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    check(L('copy puts the part on the clipboard'), clip === await page.textContent('#part-0'), clip.slice(0, 80));
    await shot(page, lang, n++, 'letter-clean');

    // Mark as sent.
    await page.fill('#sent-to', 'Account Health');
    resp = await Promise.all([page.waitForNavigation(), page.click('#mark-sent')]).then((r) => r[0]);
    check(L('marked as sent'), resp.status() === 200 && page.url().includes('msg=sent'), page.url());
    await shot(page, lang, n++, 'sent');

    // Evidence, then the case page with its timeline.
    await page.goto(srv.base + '/cases/1');
    await page.selectOption('#ev-kind', 'photo');
    await page.setInputFiles('#ev-file', { name: 'listing.png', mimeType: 'image/png',
      buffer: Buffer.from('\x89PNG\r\n\x1a\n0000IHDR', 'latin1') });
    await Promise.all([page.waitForNavigation(), page.click('#upload-evidence')]);
    check(L('evidence uploaded'), (await page.$$('#evidence ul.evidence li')).length === 1);
    const timeline = await page.textContent('#timeline');
    check(L('the timeline shows the draft and the sending'), timeline.includes('draft') && timeline.includes('sent'),
      timeline.slice(0, 300));
    await shot(page, lang, n++, 'case-done');

    // The case list: the case, its deadline and days left.
    await page.goto(srv.base + '/?sort=deadline');
    check(L('the case list shows the case'), (await page.$$('#cases tbody tr')).length === 1);
    await shot(page, lang, n++, 'list');

    // Without JavaScript the pages still read.
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    await nojs.addCookies(await context.cookies());
    const p2 = await nojs.newPage();
    await p2.goto(srv.base + '/cases/1/letters/poa');
    check(L('the letter page reads without JavaScript'), (await p2.$$('#diagnostics li')).length > 0);
    await p2.screenshot({ path: path.join(OUT, `${lang}-${String(n++).padStart(2, '0')}-letter-nojs.png`), fullPage: true });
    await nojs.close();
    check(L('no script errors (CSP included)'), errors.length === 0, errors.join(' | '));
  } catch (e) {
    check(L('the flow ran to its end'), false, e.stack);
    try { await shot(page, lang, 99, 'failure'); } catch (e2) { /* the page may be gone */ }
  } finally {
    await context.close();
    srv.proc.kill('SIGTERM');
    await new Promise((r) => srv.proc.exitCode !== null ? r() : srv.proc.on('exit', r));
    check(L('the server stopped cleanly'), srv.proc.exitCode === 0, srv.proc.exitCode + ' ' + srv.stderr());
    rmSync(srv.dir, { recursive: true, force: true });
  }
}

function startTeamServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'poa-web-team-'));
  const env = { ...process.env, POA_DB: process.env.POA_TEST_STORE_B || path.join(dir, 'poa.db'), TZ: 'UTC' };
  const run = (...args) => {
    const p = spawnSync(POA, args, { env, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`poa ${args.join(' ')}: exit ${p.status}: ${p.stderr}`);
  };
  run('store', 'add', 'north', '--marketplace', 'amazon.com');
  run('store', 'add', 'south', '--marketplace', 'amazon.de');
  for (const [name, role, pw] of [['olivia', 'owner', 'owner-password-1'], ['oscar', 'operator', 'operator-password-2']]) {
    const f = path.join(dir, name + '.pw');
    writeFileSync(f, pw + '\n', { mode: 0o600 });
    run('user', 'add', name, '--role', role, ...(role === 'owner' ? [] : ['--store', 'north']), '--password-file', f);
  }
  const proc = spawn(POA, ['serve', '--team', '--listen', '127.0.0.1:0', '--today', '2026-11-28'], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('poa serve --team printed no URL: ' + stderr)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/open (http:\/\/[^\s/]+)\//);
      if (m) { clearTimeout(timer); resolve({ proc, dir, base: m[1], stderr: () => stderr }); }
    });
    proc.on('exit', (code) => reject(new Error('poa serve --team exited ' + code + ': ' + stderr)));
  });
}

async function teamFlow(browser) {
  const srv = await startTeamServer();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  let n = 0;
  const L = (s) => `team: ${s}`;
  try {
    let resp = await page.goto(srv.base + '/cases/new');
    check(L('a page without a session goes to the sign-in form'),
      page.url().includes('/login?next=%2Fcases%2Fnew') && (await page.$('#login-form')) !== null, page.url());
    await shot(page, 'team', n++, 'login');
    await page.fill('#login-name', 'oscar');
    await page.fill('#login-password', 'not-the-password');
    await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
    check(L('a wrong password: the form again with an error'), (await page.$('#error')) !== null &&
      (await page.$('#login-form')) !== null);
    await page.fill('#login-password', 'operator-password-2');
    await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
    check(L('signed in: back to the page asked for'), new URL(page.url()).pathname === '/cases/new', page.url());
    check(L('the page says who is signed in'), (await page.textContent('#user-name')) === 'oscar');
    check(L('an operator has no Users link'), (await page.$('#nav-users')) === null);
    const stores = await page.$$eval('#store option', (os) => os.map((o) => o.value));
    check(L("the new-case form offers the operator's store only"), stores.join() === 'north', stores.join());
    const session = (await context.cookies()).find((c) => c.name === 'poa_session');
    check(L('session cookie: HttpOnly, SameSite=Strict'), session && session.httpOnly && session.sameSite === 'Strict',
      JSON.stringify(session));
    await page.fill('#notice', noticeText);
    await Promise.all([page.waitForNavigation(), page.click('#file-notice')]);
    check(L('the notice filed: the case page'), /\/cases\/\d+$/.test(new URL(page.url()).pathname), page.url());
    const caseUrl = page.url();
    await page.selectOption('#status', 'waiting');
    await Promise.all([page.waitForNavigation(), page.click('#set-status')]);
    const timeline = await page.textContent('#timeline');
    check(L('the timeline says who changed the status'), timeline.includes('oscar'), timeline.slice(0, 400));
    await shot(page, 'team', n++, 'case');
    await Promise.all([page.waitForNavigation(), page.click('#sign-out')]);
    check(L('signed out: the sign-in page says so'), page.url().includes('/login') && (await page.$('#flash')) !== null,
      page.url());
    await shot(page, 'team', n++, 'signed-out');
    resp = await page.goto(caseUrl);
    check(L('after signing out the case page asks to sign in again'), page.url().includes('/login'), page.url());
    n = await usersFlow(page, n, L);
    check(L('no script errors (CSP included)'), errors.length === 0, errors.join(' | '));
  } catch (e) {
    check(L('the flow ran to its end'), false, e.stack);
    try { await shot(page, 'team', 99, 'failure'); } catch (e2) { /* the page may be gone */ }
  } finally {
    await context.close();
    srv.proc.kill('SIGTERM');
    await new Promise((r) => srv.proc.exitCode !== null ? r() : srv.proc.on('exit', r));
    check(L('the server stopped cleanly'), srv.proc.exitCode === 0, srv.proc.exitCode + ' ' + srv.stderr());
    rmSync(srv.dir, { recursive: true, force: true });
  }
}

// The owner's Users page, from the sign-in form the flow above left open.
async function usersFlow(page, n, L) {
  await page.fill('#login-name', 'olivia');
  await page.fill('#login-password', 'owner-password-1');
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
  await Promise.all([page.waitForNavigation(), page.click('#nav-users')]);
  check(L('the owner opens Users from the header'), new URL(page.url()).pathname === '/users' &&
    (await page.$('tr[data-user="oscar"]')) !== null, page.url());
  await shot(page, 'team', n++, 'users');
  const addForm = async (pw2) => {
    await page.fill('#new-name', 'opal');
    await page.selectOption('#new-role', 'operator');
    await page.check('#add-user-form input[name="store"][value="north"]');
    await page.fill('#new-password', 'opal-password-42');
    await page.fill('#new-password2', pw2);
    await Promise.all([page.waitForNavigation(), page.click('#add-user')]);
  };
  await addForm('opal-password-43');
  check(L('mismatched passwords: refused on the page, the name kept'),
    (await page.textContent('#error')).includes('differ') && (await page.inputValue('#new-name')) === 'opal' &&
    (await page.$('tr[data-user="opal"]')) === null);
  await shot(page, 'team', n++, 'user-passwords-differ');
  await addForm('opal-password-42');
  check(L('an operator added'), page.url().endsWith('/users?msg=added') && (await page.$('#flash')) !== null &&
    (await page.textContent('tr[data-user="opal"] .stores-now')) === 'north', page.url());
  await shot(page, 'team', n++, 'user-added');
  await page.uncheck('tr[data-user="opal"] input[name="store"][value="north"]');
  await page.check('tr[data-user="opal"] input[name="store"][value="south"]');
  await Promise.all([page.waitForNavigation(), page.click('tr[data-user="opal"] button.save-user')]);
  check(L("the operator's stores changed"), page.url().endsWith('/users?msg=changed') &&
    (await page.textContent('tr[data-user="opal"] .stores-now')) === 'south', page.url());
  await shot(page, 'team', n++, 'user-changed');
  await Promise.all([page.waitForNavigation(), page.click('tr[data-user="opal"] button.password-user')]);
  check(L('Password opens a page of its own'), (await page.$('#password-form')) !== null, page.url());
  await page.fill('#set-password', 'opal-new-password-7');
  await page.fill('#set-password2', 'opal-new-password-7');
  await shot(page, 'team', n++, 'user-password');
  await Promise.all([page.waitForNavigation(), page.click('#confirm-password')]);
  check(L("the operator's password set"), page.url().endsWith('/users?msg=password') &&
    (await page.$('#flash')) !== null, page.url());
  await Promise.all([page.waitForNavigation(), page.click('tr[data-user="olivia"] button.remove-user')]);
  check(L('Remove asks first, and says it is you'), (await page.$('#remove-form')) !== null &&
    (await page.$('#remove-self')) !== null, page.url());
  await shot(page, 'team', n++, 'user-remove-confirm');
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('#confirm-remove')]);
  check(L('the last owner cannot be removed: 409, the refusal on the page'), resp.status() === 409 &&
    (await page.textContent('#error')).includes('last owner') && (await page.$('tr[data-user="olivia"]')) !== null,
    resp.status());
  await shot(page, 'team', n++, 'user-last-owner');
  await Promise.all([page.waitForNavigation(), page.click('tr[data-user="opal"] button.remove-user')]);
  await Promise.all([page.waitForNavigation(), page.click('#confirm-remove')]);
  check(L('the operator removed'), page.url().endsWith('/users?msg=removed') &&
    (await page.$('tr[data-user="opal"]')) === null, page.url());
  await shot(page, 'team', n++, 'user-removed');
  return n;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--headless=new'] });
  try {
    for (const lang of ['en', 'zh']) await flow(browser, lang);
    await teamFlow(browser);
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log('FAIL browser: ' + e.stack); console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1); });
