// The offline journey, at phone and desktop width: a member opens a booking
// page, chooses a time and writes a note, loses the connection, presses
// "Book this time" and is told, beside the button, that nothing was sent and
// the words are kept; the page stays. Reloading while offline shows the
// offline page (the service worker never keeps a signed-in page), which
// offers to open the page again once back online; there the note and the
// time are back, with a calm note saying so. Booking then works, and the
// draft is gone afterwards. Password fields are never kept on the device,
// the service worker registers for the whole site without a CSP violation,
// and axe finds nothing serious on any page on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible, localStore, drafts, waitForDrafts } from './people.js';

const ZONE = 'Europe/London';

let server;
let browser;
let specialist;

// Bound to this file's server.
const api = (...args) => shared.api(server, ...args);
const signUp = (role, name) => shared.signUp(server, role, name);

// A listed, verified specialist with hours every day who offers free consultations.
function seedSpecialist() {
  return shared.listedSpecialist(server, 'Dr Lena Brandt', {
    profile: { credentials: 'Dipl.-Psych.', licence_number: 'PP-1187', licence_region: 'Berlin',
      headline: 'Trauma-informed therapy for adults and couples.' },
    hours: shared.berlinHours([1, 2, 3, 4, 5, 6, 7], '08:00', '20:00'),
  });
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

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a note written offline survives, is held while offline, and is sent once back`, async () => {
    const member = await signUp('member', `Robin ${viewport.name}`);
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, timezoneId: ZONE });
    const page = await context.newPage();
    const problems = watchPage(page);

    await shared.logIn(page, server, member);

    const bookUrl = `${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`;
    await page.goto(bookUrl);
    // The service worker registers for the whole site and takes over the page.
    const scope = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
      return { scope: registration.scope, controlled: !!navigator.serviceWorker.controller };
    });
    assert.deepEqual(scope, { scope: server.url + '/', controlled: true });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls = [];
      for (const name of names) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return { names, urls: urls.sort() };
    });
    assert.equal(cached.names.length, 1);
    assert.match(cached.names[0], /^hearth-static-[0-9a-f]{16}$/);
    assert.ok(cached.urls.includes('/offline') && cached.urls.includes('/static/css/hearth.css'), cached.urls.join(' '));
    assert.ok(cached.urls.every((u) => u === '/offline' || u.startsWith('/static/')), `only the offline page and static files: ${cached.urls}`);

    const slot = page.locator('input[type="radio"][name="start"]').nth(1);
    const start = await slot.getAttribute('value');
    await slot.check();
    const words = `I would like to talk about trust (${viewport.name}).`;
    const note = page.getByLabel(/a note for/i);
    await note.fill(words);
    const draftKey = `hearth:draft:${await page.evaluate(() => document.body.dataset.draftOwner)}:booking-note:${specialist.slug}`;
    assert.match(draftKey, /^hearth:draft:user-\d+:booking-note:/);
    await waitForDrafts(page, (d) => d[draftKey] !== undefined, 'the note is kept while typing');

    // Offline: the notice appears and pressing the button keeps the page.
    await context.setOffline(true);
    const offlineNotice = page.locator('#offline-notice');
    await offlineNotice.waitFor({ state: 'visible' });
    const book = page.getByRole('button', { name: /book this time/i });
    await book.click();
    const held = page.locator('.draft-held');
    await held.waitFor();
    assert.match(await held.innerText(), /You're offline\. What you wrote is saved on this device; press “Book this time” again when you're back online\./);
    assert.equal(page.url(), bookUrl);
    assert.equal(await note.inputValue(), words);
    assert.deepEqual(JSON.parse((await drafts(page))[draftKey]).fields, { start, note: words });

    // The notice never covers the button: the page has room below it.
    await book.evaluate((b) => b.scrollIntoView({ block: 'end' }));
    const buttonBox = await book.boundingBox();
    const noticeBox = await offlineNotice.boundingBox();
    assert.ok(buttonBox.y + buttonBox.height <= noticeBox.y,
      `button bottom ${buttonBox.y + buttonBox.height} is above the notice at ${noticeBox.y}`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const lastLine = await page.locator('.footer-small').boundingBox();
    assert.ok(lastLine.y + lastLine.height <= (await offlineNotice.boundingBox()).y, 'the footer can be scrolled above the notice');
    await held.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, `offline-held-${viewport.name}.png`) });
    await expectAccessible(page, 'booking page, offline, send held');

    // Back online: the message says so and offers to send; nothing is sent by itself.
    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('.draft-held').textContent.includes('back online'));
    assert.match(await held.innerText(), /You're back online\. What you wrote is still here; press “Book this time” to send it\./);
    await offlineNotice.waitFor({ state: 'hidden' });
    assert.equal(page.url(), bookUrl);

    // Offline again, and the page is reloaded: the offline page, not the browser's error.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: "You're offline" }).waitFor();
    assert.equal(page.url(), bookUrl);
    assert.equal(await page.getByRole('link', { name: 'Log out' }).count(), 0, 'the kept offline page is the visitor one');
    const retry = page.locator('[data-offline-retry]');
    await retry.waitFor();
    await expectAccessible(page, 'offline page');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, `offline-page-${viewport.name}.png`) });

    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('[data-offline-retry-text]').textContent === "You're back online.");
    await retry.getByRole('link', { name: /open it again/i }).click();
    await page.waitForURL(bookUrl);
    await page.getByText('We kept what you wrote earlier. It is saved only on this device.').waitFor();
    assert.equal(await note.inputValue(), words);
    assert.equal(await page.locator(`input[type="radio"][value="${start}"]`).isChecked(), true);
    await expectAccessible(page, 'booking page with the draft restored');
    await page.getByText('We kept what you wrote earlier').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, `offline-restored-${viewport.name}.png`) });

    // Sent and accepted: the draft is forgotten.
    await page.getByRole('button', { name: /book this time/i }).click();
    await page.waitForURL(/\/consultations\?booked=\d+$/);
    await page.getByRole('status').filter({ hasText: /is booked/ }).waitFor();
    assert.deepEqual(await drafts(page), {});
    assert.equal(await page.evaluate(() => document.cookie.includes('hearth_draft_sent')), false);
    await page.goto(bookUrl);
    assert.equal(await page.getByText(/We kept what you wrote earlier/).count(), 0);
    assert.equal(await note.inputValue(), '');

    // Nothing a person typed into a password field is ever kept.
    for (const value of Object.values(await localStore(page))) assert.ok(!value.includes(PASSWORD));

    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('password, hidden and token fields are never kept in a draft; a form shown again with errors keeps its draft', async () => {
  const member = await signUp('member', 'Sam Member');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  await shared.logIn(page, server, member);

  const bookUrl = `${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`;
  await page.goto(bookUrl);
  // A password field inside a draft form (none exists today) is still never kept.
  await page.evaluate(() => {
    const field = document.createElement('input');
    field.type = 'password';
    field.name = 'secret';
    field.setAttribute('aria-label', 'Secret');
    document.querySelector('form[data-draft]').appendChild(field);
  });
  await page.getByLabel('Secret').fill('never-keep-this-secret');
  const words = 'A note, but no time chosen.';
  await page.getByLabel(/a note for/i).fill(words);
  // Sent without a time: refused, shown again with the note, and the draft stays.
  await page.getByRole('button', { name: /book this time/i }).click();
  await page.locator('.error-summary').waitFor();
  const kept = await drafts(page);
  const entries = Object.values(kept).map((v) => JSON.parse(v).fields);
  assert.deepEqual(entries, [{ note: words }]);
  const everything = JSON.stringify(await localStore(page));
  for (const secret of ['never-keep-this-secret', PASSWORD, '_csrf', 'idempotency_key']) {
    assert.ok(!everything.includes(secret), `${secret} must not be in localStorage`);
  }
  // Logging out forgets every draft on the device.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login\?logged_out=1$/);
  assert.deepEqual(await drafts(page), {});
  assert.deepEqual(problems, []);
  await context.close();
});

test('when the device says online but Hearth cannot be reached, the send is held too', async () => {
  const member = await signUp('member', 'Kim Member');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  await shared.logIn(page, server, member);
  const bookUrl = `${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`;
  await page.goto(bookUrl);
  await page.locator('input[type="radio"][name="start"]').nth(3).check();
  await page.getByLabel(/a note for/i).fill('Sent through a poor connection.');
  // The quick check before sending gets no answer.
  const unreachable = (route) => (route.request().method() === 'HEAD' ? route.abort('internetdisconnected') : route.continue());
  await page.route('**/sw.js', unreachable);
  await page.getByRole('button', { name: /book this time/i }).click();
  const held = page.locator('.draft-held');
  await held.waitFor();
  assert.match(await held.innerText(), /We can't reach Hearth at the moment, so nothing was sent\. What you wrote is saved on this device/);
  assert.equal(page.url(), bookUrl);
  await expectAccessible(page, 'booking page, Hearth unreachable');
  await page.unroute('**/sw.js', unreachable);
  await page.getByRole('button', { name: /book this time/i }).click();
  await page.waitForURL(/\/consultations\?booked=\d+$/);
  assert.deepEqual(await drafts(page), {});
  assert.deepEqual(problems, []);
  await context.close();
});

test("one person's draft is not shown to the next person on the same device", async () => {
  const first = await signUp('member', 'First Member');
  const second = await signUp('member', 'Second Member');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: ZONE });
  const page = await context.newPage();
  await shared.logIn(page, server, first);
  const bookUrl = `${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`;
  await page.goto(bookUrl);
  await page.getByLabel(/a note for/i).fill('Private words of the first person.');
  await waitForDrafts(page, (d) => Object.keys(d).length === 1, 'the first person\'s note is kept');
  // The session ends without logging out (it expired); someone else logs in.
  await context.clearCookies();
  await shared.logIn(page, server, second);
  await page.goto(bookUrl);
  assert.equal(await page.getByLabel(/a note for/i).inputValue(), '');
  assert.equal(await page.getByText(/We kept what you wrote earlier/).count(), 0);
  await context.close();
});

test('with JavaScript off, booking works as before and nothing is kept', async () => {
  const member = await signUp('member', 'Noscript Member');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = watchPage(page);
  await shared.logIn(page, server, member);
  await page.goto(`${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`);
  await page.locator('input[type="radio"][name="start"]').nth(4).check();
  await page.getByLabel(/a note for/i).fill('Written without scripts.');
  await page.getByRole('button', { name: /book this time/i }).click();
  await page.waitForURL(/\/consultations\?booked=\d+$/);
  assert.equal(await page.locator('#offline-notice').isHidden(), true);
  assert.deepEqual(problems, []);
  await context.close();
});
