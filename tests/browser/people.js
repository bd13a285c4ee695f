// The people and records a browser test needs, made through the JSON API
// as a client would (no database access), and the checks every journey
// repeats. One copy, shared by every *.test.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { rememberAdminBrowser, seriousViolations } from './harness.js';

export const PASSWORD = 'a calm walk by the river';

// Calls the API of `server`; fails the test on any status of 300 or more.
export async function api(server, method, path, body, token) {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

// A new account of `role` with a bearer token: { email, token, name }.
export async function signUp(server, role, name) {
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  await api(server, 'POST', '/api/v1/users', { email, password: PASSWORD, display_name: name, role });
  const { token } = await api(server, 'POST', '/api/v1/session', { email, password: PASSWORD });
  return { email, token, name };
}

// RFC 4648 base32 to bytes (test code: reading the secret a page shows).
function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// The six-digit TOTP code (RFC 6238, SHA-1, 30 s) of a base32 secret for
// the 30-second step `step` (default: now), computed here as an app would.
export function totpCode(secret, step = Math.floor(Date.now() / 30000)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(value).padStart(6, '0');
}

// A code for `person` ({totpSecret, lastStep}) that was not used before:
// each code is accepted once, so a second sign-in within the same 30
// seconds uses the next step's code (accepted one step early).
export async function freshCode(person) {
  let step = Math.floor(Date.now() / 30000);
  while ((person.lastStep ?? 0) >= step + 1) {
    await new Promise((r) => setTimeout(r, 1000));
    step = Math.floor(Date.now() / 30000);
  }
  const use = Math.max(step - 1, (person.lastStep ?? 0) + 1);
  person.lastStep = use;
  return totpCode(person.totpSecret, use);
}

// Turns on two-factor sign-in for the admin `email` (admins need it) and
// remembers this test's browsers for them, as their own browser would be:
// { email, token (a bearer token), totpSecret }. Every test that makes an
// admin calls it (newAdmin does).
export async function enrolAdmin(server, email, password = PASSWORD) {
  const { token } = await api(server, 'POST', '/api/v1/session', { email, password });
  const enrolment = await api(server, 'POST', '/api/v1/me/totp', {}, token);
  const admin = { email, token, totpSecret: enrolment.secret };
  await api(server, 'POST', '/api/v1/me/totp/confirm', { code: await freshCode(admin) }, token);
  // Sign in once more with a code and "remember", for the device cookie.
  const res = await fetch(server.url + '/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, otp: await freshCode(admin), remember_device: true }),
  });
  assert.equal(res.status, 200, await res.text());
  const device = (res.headers.getSetCookie?.() ?? []).map((c) => /__Host-hearth_device=([^;]+)/.exec(c)).find(Boolean);
  assert.ok(device, 'no remembered-browser cookie');
  await rememberAdminBrowser(server.url, device[1]);
  return admin;
}

// A new admin, made the way operators make one (`hearth admin create`),
// with two-factor sign-in on (enrolAdmin): { email, token, totpSecret }.
export async function newAdmin(server) {
  const email = `admin-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const made = spawnSync(server.bin, ['admin', 'create', '--email', email, '--name', 'Ada Admin'],
    { env: server.env, input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return enrolAdmin(server, email);
}

// A bearer token of a new admin.
export async function adminToken(server) {
  return (await newAdmin(server)).token;
}

// A published and verified specialist: `profile` adds to or replaces the
// profile fields, `hours` (when given) is the PUT /api/v1/me/availability
// body. Returns the person with `slug`.
export async function listedSpecialist(server, name, { admin, profile = {}, hours } = {}) {
  const s = await signUp(server, 'specialist', name);
  await api(server, 'PUT', '/api/v1/me/profile', {
    full_name: name, credentials: 'MSc, Registered Psychotherapist', licence_number: 'PSY-40217',
    licence_region: 'HCPC (United Kingdom)', headline: 'Helping couples and individuals heal from relational trauma.',
    bio: 'I work with adults and couples.', approach: '', specialties: ['attachment'], modalities: [],
    languages: ['en'], online: true, in_person: false, city: '', country: 'DE', timezone: 'Europe/Berlin',
    fee_min: 80, fee_max: 120, currency: 'EUR', offers_free_consultation: true, ...profile,
  }, s.token);
  const published = await api(server, 'POST', '/api/v1/me/profile/publish', {}, s.token);
  s.slug = published.profile.slug;
  await api(server, 'POST', `/api/v1/admin/specialists/${s.slug}/verify`, {}, admin ?? await adminToken(server));
  if (hours) await api(server, 'PUT', '/api/v1/me/availability', hours, s.token);
  return s;
}

// Weekly hours on the given ISO weekdays (1 = Monday) in Berlin, by video.
export function berlinHours(weekdays, start, end, extra = {}) {
  return {
    timezone: 'Europe/Berlin',
    weekly: weekdays.map((weekday) => ({ weekday, start, end })),
    time_off: [], min_notice_hours: 0, horizon_days: 30, mode: 'video', ...extra,
  };
}

// Fails with axe's serious and critical findings on `page`.
export async function expectAccessible(page, label) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${label}: axe found serious or critical problems`);
}

// Logs `person` in through the log-in page and waits for their account page.
export async function logIn(page, server, person, password = PASSWORD) {
  await page.goto(server.url + '/login');
  await sendLogInForm(page, person, password);
  await page.waitForURL(/\/account$/);
}

// Fills and sends the log-in form the page shows; with two-factor sign-in
// on, the code step comes next.
export async function sendLogInForm(page, person, password = PASSWORD) {
  await page.getByLabel(/e-mail/i).fill(person.email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /log in/i }).click();
}

// Logs out from /account, then sends the log-in form again.
export async function logOutAndSendLogInForm(page, server, person, password = PASSWORD) {
  await page.goto(server.url + '/account');
  await page.getByRole('button', { name: /log out/i }).first().click();
  await page.waitForURL(/\/login\?logged_out=1/);
  await sendLogInForm(page, person, password);
}

// Everything Hearth keeps in this page's localStorage: {key: value}.
export function localStore(page) {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
}

// The drafts kept in this page's localStorage: {key: value}.
export async function drafts(page) {
  const all = await localStore(page);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('hearth:draft:')));
}

// Drafts are saved after a pause in typing (pagehide, hiding the page and
// going offline save at once): waits until `predicate(drafts)` holds.
export async function waitForDrafts(page, predicate, label) {
  for (let i = 0; i < 40; i++) {
    if (predicate(await drafts(page))) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`${label}: drafts are ${JSON.stringify(await drafts(page))}`);
}
