// Booking a free consultation: a member finds a specialist who offers one,
// sees the open times in their own time zone (America/New_York, picked up
// from the browser by timezone.js), books one, finds it in /consultations
// and cancels it. Every page on the way is checked with axe-core and for
// CSP violations; screenshots go to artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, seriousViolations, artifacts, confirmEmail } from './harness.js';

const PASSWORD = 'a calm walk by the river';
const ZONE = 'America/New_York';
const VIDEO_LINK = 'https://meet.example.org/amara-okafor';

let server;
let browser;
let specialist;

async function api(method, path, body, token) {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

async function signUp(role, name) {
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  await api('POST', '/api/v1/users', { email, password: PASSWORD, display_name: name, role });
  const { token } = await api('POST', '/api/v1/session', { email, password: PASSWORD });
  return { email, token, name };
}

// A listed, verified specialist offering free consultations, with weekday
// hours 09:00-17:00 in Berlin, by video call in a room of her own.
async function seedSpecialist() {
  const s = await signUp('specialist', 'Dr Amara Okafor');
  await api('PUT', '/api/v1/me/profile', {
    full_name: s.name, credentials: 'MSc, Registered Psychotherapist', licence_number: 'PSY-40217',
    licence_region: 'HCPC (United Kingdom)', headline: 'Helping couples and individuals heal from relational trauma.',
    bio: 'I work with adults and couples.', approach: '', specialties: ['attachment'], modalities: [], languages: ['en'],
    online: true, in_person: false, city: '', country: 'DE', timezone: 'Europe/Berlin',
    fee_min: 80, fee_max: 120, currency: 'EUR', offers_free_consultation: true,
  }, s.token);
  const { profile } = await api('POST', '/api/v1/me/profile/publish', {}, s.token);
  s.slug = profile.slug;

  const adminEmail = `admin-${Date.now()}@example.org`;
  const made = spawnSync(server.bin, ['admin', 'create', '--email', adminEmail, '--name', 'Ada Admin'],
    { env: server.env, input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const { token: adminToken } = await api('POST', '/api/v1/session', { email: adminEmail, password: PASSWORD });
  await api('POST', `/api/v1/admin/specialists/${s.slug}/verify`, {}, adminToken);

  await api('PUT', '/api/v1/me/availability', {
    timezone: 'Europe/Berlin',
    weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    time_off: [], min_notice_hours: 0, horizon_days: 30, mode: 'video', video_url: VIDEO_LINK,
  }, s.token);
  return s;
}

async function expectAccessible(page, label) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${label}: axe found serious or critical problems`);
}

function newYorkTime(utc) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(utc));
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

test('a member books a free consultation in their own time zone, sees it and cancels it', async () => {
  const member = await signUp('member', 'River Member');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);

  await page.goto(server.url + '/login');
  await page.getByLabel(/e-mail/i).fill(member.email);
  await page.getByLabel(/^password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(/\/account$/);

  // Find the specialist among those offering a free consultation.
  await page.goto(server.url + '/free-consultation');
  await page.getByRole('link', { name: specialist.name }).first().click();
  await page.waitForURL(new RegExp(`/specialists/${specialist.slug}$`));
  await page.getByRole('link', { name: /book a free consultation/i }).first().click();

  // timezone.js notices the page was not told a zone and asks for the browser's.
  await page.waitForURL(/tz=America%2FNew_York/);
  assert.equal(await page.locator('select#tz').inputValue(), ZONE);
  await assert.doesNotReject(page.getByText(/Times are shown in America\/New York time/).waitFor());
  await expectAccessible(page, 'book page');
  await page.screenshot({ path: join(artifacts, 'booking-book.png'), fullPage: false });

  // The page shown for ?tz= directly is the same; each time is New York's.
  await page.goto(`${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`);
  const first = page.locator('input[type="radio"][name="start"]').first();
  const start = await first.getAttribute('value');
  const label = await page.locator(`label[for="${await first.getAttribute('id')}"]`).innerText();
  assert.equal(label.trim(), newYorkTime(start));

  await first.check();
  await page.getByLabel(/a note for/i).fill('I would like to talk about trust after a difficult relationship.');
  await page.getByRole('button', { name: /book this time/i }).click();
  await page.waitForURL(/\/consultations\?booked=\d+$/);
  const notice = page.getByRole('status').filter({ hasText: /is booked/ });
  await assert.doesNotReject(notice.waitFor());
  assert.match(await notice.innerText(), new RegExp(newYorkTime(start)));
  const upcoming = page.locator('section[aria-labelledby="upcoming-title"] .booking-card');
  assert.equal(await upcoming.count(), 1);
  assert.match(await upcoming.first().innerText(), new RegExp(`${newYorkTime(start)}[\\s\\S]*With ${specialist.name}`));
  assert.equal(await upcoming.first().locator(`time[datetime="${start}"]`).count(), 1);
  await expectAccessible(page, '/consultations');
  await page.screenshot({ path: join(artifacts, 'booking-list.png'), fullPage: true });

  // The calendar file is there to download.
  const ics = await page.request.get(server.url + (await upcoming.first().getByRole('link', { name: /calendar/i }).getAttribute('href')));
  assert.equal(ics.status(), 200);
  assert.match(await ics.text(), /BEGIN:VEVENT/);

  // Changing the time offers the open times, in the same zone.
  await upcoming.first().getByRole('link', { name: /change the time/i }).click();
  await page.waitForURL(/\/consultations\/\d+\/reschedule$/);
  assert.equal(await page.locator('select#tz').inputValue(), ZONE);
  await expectAccessible(page, 'reschedule page');
  await page.screenshot({ path: join(artifacts, 'booking-reschedule.png') });
  await page.goBack();

  // Cancel, with a reason.
  await upcoming.first().getByText(/cancel this consultation/i).click();
  await expectAccessible(page, '/consultations with the cancel form open');
  await upcoming.first().getByLabel(/reason/i).fill('Something came up at work.');
  await page.getByRole('button', { name: /cancel the consultation/i }).click();
  await page.waitForURL(/\/consultations\?cancelled=\d+$/);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: /is cancelled/ }).waitFor());
  assert.equal(await page.locator('section[aria-labelledby="upcoming-title"] .booking-card').count(), 0);
  const past = page.locator('section[aria-labelledby="past-title"] .booking-card');
  assert.match(await past.first().innerText(), /Cancelled/);
  await expectAccessible(page, '/consultations after cancelling');
  await page.screenshot({ path: join(artifacts, 'booking-cancelled.png'), fullPage: true });

  // The time is open again.
  await page.goto(`${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`);
  assert.equal(await page.locator(`input[type="radio"][value="${start}"]`).count(), 1);

  assert.deepEqual(problems, []);
  await context.close();
});

for (const [width, height] of [[390, 844], [1280, 800]]) {
  test(`after booking at ${width}x${height}, the confirmation says how it happens and what comes next`, async () => {
    const member = await signUp('member', `Wren Member ${width}`);
    const context = await browser.newContext({ viewport: { width, height }, timezoneId: ZONE });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + '/login');
    await page.getByLabel(/e-mail/i).fill(member.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(/\/account$/);

    await page.goto(`${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`);
    // Before booking: the kind only, never the link.
    await assert.doesNotReject(page.getByText(/takes place by video/).waitFor());
    assert.equal((await page.content()).includes(VIDEO_LINK), false);

    // The focus ring goes round the whole time choice, not only its radio button.
    const radios = page.locator('input[type="radio"][name="start"]');
    await radios.nth(width === 390 ? 4 : 6).focus();
    await page.keyboard.press('ArrowRight');
    const ring = await page.evaluate(() => {
      const slot = document.activeElement.closest('.slot');
      const style = getComputedStyle(slot);
      return { outline: style.outlineStyle, width: style.outlineWidth, checked: document.activeElement.checked };
    });
    assert.deepEqual(ring, { outline: 'solid', width: '3px', checked: true });

    await page.getByRole('button', { name: /book this time/i }).click();
    await page.waitForURL(/\/consultations\?booked=\d+$/);
    const next = page.getByRole('region', { name: /what happens next/i });
    await assert.doesNotReject(next.waitFor());
    const text = await next.innerText();
    assert.match(text, /By video call/);
    assert.match(text, /open the link to join Dr Amara Okafor/);
    assert.match(text, /cancel or change the time/);
    assert.equal(await next.getByRole('link', { name: new RegExp(VIDEO_LINK.replace(/[.]/g, '\\.')) }).count(), 1);
    await expectAccessible(page, `confirmation at ${width}`);
    await page.screenshot({ path: join(artifacts, `booking-confirmation-${width}.png`), fullPage: false });
    await page.screenshot({ path: join(artifacts, `booking-confirmation-${width}-full.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('without JavaScript the booking page says which zone its times are in and offers the others', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/specialists/${specialist.slug}/book`);
  await assert.doesNotReject(page.getByText(/Times are shown in UTC time, as we don.t know your time zone yet/).waitFor());
  assert.equal(await page.getByLabel(/show times in this time zone/i).inputValue(), 'UTC');
  await page.screenshot({ path: join(artifacts, 'booking-no-js-zone.png'), fullPage: false });
  await context.close();
});

test('a visitor sees the times, logs in, and comes back with their choice kept', async () => {
  const member = await signUp('member', 'Sky Member');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`);
  await expectAccessible(page, 'book page (visitor)');
  const slot = page.locator('input[type="radio"][name="start"]').nth(2);
  const start = await slot.getAttribute('value');
  await slot.check();
  await page.screenshot({ path: join(artifacts, 'booking-book-mobile.png'), fullPage: false });
  await page.getByRole('button', { name: /continue/i }).click();
  // New people are most of those booking: the sign-up page comes first and
  // names the booking being made; log in is one link away and names it too.
  await page.waitForURL(/\/signup\?return_to=/);
  const handoff = page.getByRole('note', { name: /what you are doing/i });
  await assert.doesNotReject(handoff.waitFor());
  assert.match(await handoff.innerText(), new RegExp(`Free consultation with ${specialist.name}`));
  await expectAccessible(page, 'sign-up page during a booking');
  await page.screenshot({ path: join(artifacts, 'booking-handoff-signup-mobile.png'), fullPage: false });
  await page.getByRole('link', { name: /log in instead/i }).click();
  await page.waitForURL(/\/login\?return_to=/);
  assert.match(await page.getByRole('note', { name: /what you are doing/i }).innerText(), /Free consultation with/);
  await expectAccessible(page, 'log-in page during a booking');
  await page.getByLabel(/e-mail/i).fill(member.email);
  await page.getByLabel(/^password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(new RegExp(`/specialists/${specialist.slug}/book\\?`));
  assert.equal(await page.locator(`input[type="radio"][value="${start}"]`).isChecked(), true);
  // The confirm step: the chosen time, the note and the button in the first screen of a phone.
  await assert.doesNotReject(page.getByRole('heading', { name: /confirm your free consultation/i }).waitFor());
  await page.screenshot({ path: join(artifacts, 'booking-confirm-step-mobile.png'), fullPage: false });
  await expectInFirstScreen(page, page.getByLabel(/a note for/i));
  await expectInFirstScreen(page, page.getByRole('button', { name: /book this time/i }));
  await expectAccessible(page, 'confirm step');
  await page.getByLabel(/a note for/i).fill('Coming back after logging in.');
  await page.getByRole('button', { name: /book this time/i }).click();
  await page.waitForURL(/\/consultations\?booked=\d+$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new visitor signs up from a booking and comes back to confirm it', async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport, timezoneId: ZONE });
    const page = await context.newPage();
    const problems = watchPage(page);
    const email = `newcomer-${viewport.width}-${Date.now()}@example.org`;
    await page.goto(`${server.url}/specialists/${specialist.slug}/book?tz=${encodeURIComponent(ZONE)}`);
    const slot = page.locator('input[type="radio"][name="start"]').nth(viewport.width === 390 ? 3 : 4);
    await slot.check();
    await page.getByRole('button', { name: /continue/i }).click();
    await page.waitForURL(/\/signup\?return_to=/);
    await page.getByLabel(/your name/i).fill('New Person');
    await page.getByLabel(/e-mail/i).fill(email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /create account/i }).click();
    await assert.doesNotReject(page.getByRole('heading', { name: /please check your e-mail/i }).waitFor());
    assert.match(await page.getByRole('note', { name: /what you are doing/i }).innerText(), new RegExp(specialist.name));
    await expectAccessible(page, 'check your e-mail during a booking');
    await confirmEmail(page, server, email);
    await page.waitForURL(new RegExp(`/specialists/${specialist.slug}/book\\?`));
    await assert.doesNotReject(page.getByRole('heading', { name: /confirm your free consultation/i }).waitFor());
    await expectInFirstScreen(page, page.getByRole('button', { name: /book this time/i }));
    await expectAccessible(page, 'confirm step after sign-up');
    await page.screenshot({ path: join(artifacts, `booking-confirm-after-signup-${viewport.width}.png`), fullPage: false });
    await page.getByRole('button', { name: /book this time/i }).click();
    await page.waitForURL(/\/consultations\?booked=\d+$/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// Fails unless `locator` lies wholly inside the first screen of the page.
async function expectInFirstScreen(page, locator) {
  const box = await locator.boundingBox();
  const { height } = page.viewportSize();
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, `not in the first screen: ${JSON.stringify(box)}`);
}

test('a specialist sets their weekly hours', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + '/login');
  await page.getByLabel(/e-mail/i).fill(specialist.email);
  await page.getByLabel(/^password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(/\/account$/);
  await page.getByRole('link', { name: /your hours for free consultations/i }).click();
  await page.waitForURL(/\/account\/availability$/);
  await expectAccessible(page, '/account/availability');

  // An end before the start is named next to its field.
  await page.locator('#d6_0_start').fill('10:00');
  await page.locator('#d6_0_end').fill('09:00');
  await page.getByRole('button', { name: /save your hours/i }).click();
  await page.waitForLoadState();
  await assert.doesNotReject(page.getByText(/Saturday: end at least 30 minutes after the start/).first().waitFor());
  await expectAccessible(page, '/account/availability with errors');
  await page.screenshot({ path: join(artifacts, 'availability-error.png'), fullPage: true });

  await page.locator('#d6_0_end').fill('12:00');
  await page.getByRole('button', { name: /save your hours/i }).click();
  await page.waitForURL(/\/account\/availability\?saved=1$/);
  assert.equal(await page.locator('#d6_0_start').inputValue(), '10:00');
  assert.equal(await page.locator('#d6_0_end').inputValue(), '12:00');
  assert.deepEqual(problems, []);
  await context.close();
});

// The text parts of an .eml file the server wrote (base64, as Hearth sends them).
function mailText(eml) {
  return eml.split(/\r?\n--/)
    .filter((part) => /Content-Type: text\/plain/i.test(part))
    .map((part) => Buffer.from(part.split(/\r?\n\r?\n/).slice(1).join(''), 'base64').toString('utf8'))
    .join('\n');
}

// The newest cancel link e-mailed to `email`.
async function cancelLinkFor(email) {
  const safe = email.replace(/[^A-Za-z0-9@.]/g, '_');
  const dir = join(server.dataDir, 'outbox');
  for (let i = 0; i < 100; i += 1) {
    let files = [];
    try { files = readdirSync(dir).filter((f) => f.endsWith(`-${safe}.eml`)).sort().reverse(); } catch { /* not yet */ }
    for (const f of files) {
      const m = /\/consultations\/\d+\/cancel\?party=\w+&sig=[A-Za-z0-9_-]+/.exec(mailText(readFileSync(join(dir, f), 'utf8')));
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no cancel link e-mailed to ${email}`);
}

test('the cancel link from the e-mail works once, without logging in', async () => {
  const member = await signUp('member', 'Ash Member');
  const { items } = await api('GET', `/api/v1/specialists/${specialist.slug}/slots`);
  await api('POST', '/api/v1/consultations', { specialist: specialist.slug, start: items[5].start, tz: 'Europe/London' }, member.token);
  const link = await cancelLinkFor(member.email);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + link);
  await assert.doesNotReject(page.getByRole('heading', { name: /cancel this free consultation/i }).waitFor());
  await expectAccessible(page, 'cancel link page');
  await page.screenshot({ path: join(artifacts, 'booking-cancel-link.png'), fullPage: true });
  await page.getByLabel(/reason/i).fill('I found help closer to home.');
  await page.getByRole('button', { name: /yes, cancel it/i }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: /is cancelled/i }).waitFor());
  await expectAccessible(page, 'cancelled page');

  const again = await page.goto(server.url + link);
  assert.equal(again.status(), 404);
  await assert.doesNotReject(page.getByRole('heading', { name: /no longer works/i }).waitFor());
  await expectAccessible(page, 'expired link page');
  await page.screenshot({ path: join(artifacts, 'booking-link-expired.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
