// Attacks on the drafts that offline.js keeps and on what the service worker
// keeps, on one shared device: a draft must never outlive its writer's
// log-out (not even through a page closed afterwards or another tab), must
// not stay on the device for the next person who signs in, and Cache
// Storage and localStorage must never hold a signed-in page, a name, an
// address, a CSRF token or a password; a deploy reaches the next page; and
// a log-out that cannot reach Hearth says the person is still logged in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, drafts, localStore, waitForDrafts } from './people.js';

const ZONE = 'Europe/London';

let server;
let browser;
let specialist;

// Bound to this file's server.
const api = (...args) => shared.api(server, ...args);
const signUp = (role, name) => shared.signUp(server, role, name);

// A listed, verified specialist in London, open all day every day.
function seedSpecialist() {
  return shared.listedSpecialist(server, 'Dr Mira Holt', {
    profile: { credentials: 'MSc', licence_number: 'PSY-2231', headline: 'Trauma-informed therapy for adults.',
      bio: 'I work with adults.', country: 'GB', timezone: 'Europe/London', fee_min: 60, fee_max: 90, currency: 'GBP' },
    hours: { timezone: 'Europe/London', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      time_off: [], min_notice_hours: 0, horizon_days: 30 },
  });
}

function bookUrl() {
  return `${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`;
}

async function writeNote(page, words) {
  await page.goto(bookUrl());
  await page.getByLabel(/a note for/i).fill(words);
  await waitForDrafts(page, (d) => Object.values(d).some((v) => v.includes(words)), 'the note is kept');
}

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  specialist = await seedSpecialist();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('logging out from the page that holds a note leaves no draft behind', async () => {
  const member = await signUp('member', 'Noor Member');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  await shared.logIn(page, server, member);
  await writeNote(page, 'Words written just before logging out.');
  // More words, then "Log out" at once: leaving the page must not keep them again.
  await page.getByLabel(/a note for/i).fill('Words written just before logging out, and more.');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login\?logged_out=1$/);
  assert.deepEqual(await drafts(page), {});
  assert.deepEqual(problems, []);
  await context.close();
});

test('a log-out in another tab stops this tab keeping the note', async () => {
  const member = await signUp('member', 'Tove Member');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: ZONE });
  const writing = await context.newPage();
  await shared.logIn(writing, server, member);
  await writeNote(writing, 'Private words in the first tab.');
  const other = await context.newPage();
  await other.goto(server.url + '/help');
  await other.getByRole('button', { name: 'Log out' }).click();
  await other.waitForURL(/\/login\?logged_out=1$/);
  assert.deepEqual(await drafts(other), {});
  // The first tab, still open, gets more words and is then closed.
  await writing.getByLabel(/a note for/i).fill('Private words in the first tab, typed after the log-out.');
  await writing.waitForTimeout(700);
  await writing.close({ runBeforeUnload: true });
  assert.deepEqual(await drafts(other), {});
  await context.close();
});

test("the next person to sign in does not inherit the last person's draft in storage, and old drafts go", async () => {
  const first = await signUp('member', 'First Writer');
  const second = await signUp('member', 'Second Writer');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  await shared.logIn(page, server, first);
  await writeNote(page, 'Words only the first writer should ever have.');
  // A draft of a week and more ago, of someone long gone.
  await page.evaluate(() => localStorage.setItem('hearth:draft:user-999999:booking-note:x',
    JSON.stringify({ at: Date.now() - 8 * 24 * 3600 * 1000, fields: { note: 'stale words' } })));
  // The first session ends without a log-out (it expired); the second person signs in.
  await context.clearCookies();
  await shared.logIn(page, server, second);
  const everything = JSON.stringify(await localStore(page));
  assert.ok(!everything.includes('Words only the first writer'), everything);
  assert.ok(!everything.includes('stale words'), everything);
  await context.close();
});

test('Cache Storage and localStorage keep nothing personal after signed-in browsing', async () => {
  const member = await signUp('member', 'Quinn Privacy');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  await shared.logIn(page, server, member);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
  });
  for (const path of ['/account', '/consultations', `/specialists/${specialist.slug}/book`, '/account?x=1']) {
    await page.goto(server.url + path);
  }
  await writeNote(page, 'A note that may be kept, but only as a draft.');
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const kept = await page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        out.push({ path: new URL(request.url).pathname + new URL(request.url).search, body: await response.text() });
      }
    }
    return out;
  });
  assert.ok(kept.length > 0);
  for (const { path, body } of kept) {
    assert.ok(path === '/offline' || path.startsWith('/static/'), `kept ${path}`);
    for (const secret of [member.email, member.name, csrf, PASSWORD, 'A note that may be kept']) {
      assert.ok(!body.includes(secret), `${path} holds ${secret}`);
    }
  }
  const stored = JSON.stringify(await localStore(page));
  for (const secret of [member.email, csrf, PASSWORD, '_csrf', 'idempotency_key']) {
    assert.ok(!stored.includes(secret), `localStorage holds ${secret}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('after a deploy, the old worker and its cache give way: the new static files are served', async () => {
  const { cpSync, mkdtempSync, appendFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { resolve } = await import('node:path');
  const repo = resolve(import.meta.dirname, '..', '..');
  const assets = mkdtempSync(join(tmpdir(), 'hearth-deploy-'));
  for (const part of ['templates', 'static', 'migrations']) cpSync(join(repo, part), join(assets, part), { recursive: true });
  let before = await startServer({ HEARTH_ASSETS_DIR: assets });
  const origin = before.url;
  const port = new URL(origin).port;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  const css = () => page.evaluate(async () => (await fetch('/static/css/hearth.css')).text());
  const cacheNames = () => page.evaluate(async () => caches.keys());
  let after;
  try {
    await page.goto(origin + '/help');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
    });
    const oldNames = await cacheNames();
    assert.equal(oldNames.length, 1, String(oldNames));
    assert.ok(!(await css()).includes('.deployed-marker'));
    await before.stop();
    before = null;
    appendFileSync(join(assets, 'static', 'css', 'hearth.css'), '\n.deployed-marker { color: inherit; }\n');
    after = await startServer({ HEARTH_ASSETS_DIR: assets, HEARTH_LISTEN: `127.0.0.1:${port}` });
    assert.equal(after.url, origin);
    // One visit lets the browser see the new worker; it takes over at once.
    // That visit itself is still drawn from the old cache (as the HTTP cache
    // would, for up to its max-age); every later one from the new.
    await page.goto(origin + '/help');
    let fresh = false;
    for (let i = 0; i < 50 && !fresh; i++) {
      await page.waitForTimeout(100);
      const names = await cacheNames();
      fresh = names.length === 1 && names[0] !== oldNames[0] && (await css()).includes('.deployed-marker');
    }
    assert.ok(fresh, `still old: ${await cacheNames()}`);
    await page.goto(origin + '/privacy');
    assert.ok((await page.evaluate(async () => [...document.styleSheets].some((s) => {
      try { return [...s.cssRules].some((r) => r.selectorText === '.deployed-marker'); } catch { return false; }
    }))), 'the next page is drawn with the new stylesheet');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await before?.stop();
    await after?.stop();
    rmSync(assets, { recursive: true, force: true });
  }
});

test('words typed just before switching away from the tab are kept at once', async () => {
  const member = await signUp('member', 'Ines Switcher');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  await shared.logIn(page, server, member);
  await page.goto(bookUrl());
  const words = 'Typed a moment before the phone went to another app.';
  // Typed and hidden in one go, before the pause that saving waits for.
  const kept = await page.evaluate((text) => {
    const note = document.querySelector('textarea[name="note"]');
    note.value = text;
    note.dispatchEvent(new Event('input', { bubbles: true }));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    return Object.keys(localStorage).filter((k) => k.startsWith('hearth:draft:'))
      .map((k) => localStorage.getItem(k)).join('\n');
  }, words);
  assert.ok(kept.includes(words), `kept: ${kept}`);
  await context.close();
});

test('a log-out pressed while offline is held and says the person is still logged in', async () => {
  const member = await signUp('member', 'Lou Sharing');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  await shared.logIn(page, server, member);
  await page.goto(server.url + '/help');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
  });
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Log out' }).click();
  const held = page.getByRole('alert').filter({ hasText: /still logged in/ });
  await held.waitFor();
  assert.match(await held.innerText(), /You're offline, so you are still logged in on this device/);
  assert.equal(new URL(page.url()).pathname, '/help');
  await page.screenshot({ path: join(artifacts, 'held-logout-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(artifacts, 'held-logout-desktop.png') });
  await context.setOffline(false);
  await page.getByText(/You're back online. You are still logged in/).waitFor();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login\?logged_out=1$/);
  const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(me, 401);
  assert.deepEqual(problems, []);
  await context.close();
});
