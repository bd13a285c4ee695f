// The people and records a browser test needs, made through the JSON API
// as a client would (no database access), and the checks every journey
// repeats. One copy, shared by every *.test.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { seriousViolations } from './harness.js';

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

// A new admin, made the way operators make one (`hearth admin create`):
// { email, token } (a bearer token).
export async function newAdmin(server) {
  const email = `admin-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const made = spawnSync(server.bin, ['admin', 'create', '--email', email, '--name', 'Ada Admin'],
    { env: server.env, input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return { email, token: (await api(server, 'POST', '/api/v1/session', { email, password: PASSWORD })).token };
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
  await page.getByLabel(/e-mail/i).fill(person.email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(/\/account$/);
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
