// A specialist's journey: sign up and land on the page that names the next
// step, fill in the profile wizard (with a mistake on the way), set hours
// for free consultations, add a photo, ask to be listed; an administrator
// verifies the licence in the admin pages; the public profile then shows
// the "Licence verified" badge and the free-consultation mark. Then, at
// phone and desktop width, the hours step and a directory card with its
// next free time. Every page is checked with axe-core and for CSP
// violations; screenshots go to artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startServer, startBrowser, watchPage, artifacts, confirmEmail } from './harness.js';
import { enrolAdmin, expectAccessible } from './people.js';

let server;
let browser;

const specialist = { name: 'Dr Amara Okafor', email: `amara-${Date.now()}@example.org`, password: 'a quiet room with tea' };
const admin = { email: `admin-${Date.now()}@example.org`, password: 'admin passphrase for the browser' };

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  const made = spawnSync(server.bin, ['admin', 'create', '--email', admin.email, '--name', 'Ada Admin'], {
    env: server.env,
    cwd: server.dataDir,
    input: admin.password + '\n',
    encoding: 'utf8',
  });
  assert.equal(made.status, 0, made.stderr);
  await enrolAdmin(server, admin.email, admin.password);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

// A soft round-ish portrait placeholder: a warm radial gradient, as a real PNG.
function portraitPng(size = 240) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const dx = (x - size * 0.5) / size;
      const dy = (y - size * 0.38) / size;
      const head = Math.hypot(dx, dy) < 0.2;
      const shoulders = y > size * 0.66 && Math.abs(dx) < 0.36 - (size - y) / size * 0.3;
      const t = y / size;
      const [r, g, b] = head || shoulders ? [120, 82, 64] : [243 - 30 * t, 214 - 40 * t, 190 - 40 * t];
      row[1 + x * 3] = r;
      row[2 + x * 3] = g;
      row[3 + x * 3] = b;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function saveAndContinue(page, nextPath) {
  await page.getByRole('button', { name: /save and continue/i }).click();
  await page.waitForURL(new RegExp(`${nextPath}\\?saved=1$`));
}

test('a specialist is listed after verification, with the badge and the free-consultation mark', async () => {
  // --- The specialist fills in the wizard ---
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + '/signup');
  await page.getByLabel(/your name/i).fill(specialist.name);
  await page.getByLabel(/e-mail/i).fill(specialist.email);
  await page.getByLabel(/^password/i).fill(specialist.password);
  await page.getByLabel(/mental-health specialist/i).check();
  await page.getByRole('button', { name: /create account/i }).click();
  await confirmEmail(page, server, specialist.email);
  // A new specialist lands on the page that names the next step.
  await page.waitForURL(/\/account\/profile\?landing=1$/);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /next step: tell people about yourself/i }).waitFor());
  await expectAccessible(page, 'wizard: start');
  await shot(page, 'wizard-start.png');
  await page.getByRole('link', { name: 'Start your profile' }).click();
  await page.waitForURL(/\/account\/profile\/about$/);
  assert.equal(await page.getByLabel('Full name').inputValue(), specialist.name);
  await expectAccessible(page, 'wizard: about');
  await shot(page, 'wizard-about.png');

  // A mistake first: the name is required; the summary names it and the typed values stay.
  await page.getByLabel('Full name').fill('');
  await page.getByLabel('Licence or registration number').fill('PSY-40217');
  await page.getByRole('button', { name: /save and continue/i }).click();
  await page.waitForLoadState();
  await assert.doesNotReject(page.getByRole('alert').getByRole('link', { name: /full name is required/i }).waitFor());
  assert.equal(await page.getByLabel('Licence or registration number').inputValue(), 'PSY-40217');
  assert.match(await page.title(), /^Error: /);
  await expectAccessible(page, 'wizard: about with errors');
  await shot(page, 'wizard-error.png');

  await page.getByLabel('Full name').fill(specialist.name);
  await page.getByLabel('Credentials').fill('MSc, Registered Psychotherapist');
  await page.getByLabel('Issued by').fill('HCPC (United Kingdom)');
  await page.getByLabel('Headline').fill('Helping couples and individuals heal from relational trauma, at a pace that feels safe.');
  await saveAndContinue(page, '/account/profile/work');

  await expectAccessible(page, 'wizard: work');
  await page.getByLabel('About you').fill(
    'I am a psychotherapist in Berlin. For fifteen years I have worked with adults and couples whose early ' +
      'experiences keep finding their way into their relationships.\n\nPeople often come to me when:\n\n' +
      '- closeness starts to feel unsafe\n- arguments grow far bigger than what started them\n' +
      '- a partner\'s past is shaping life together',
  );
  await page.getByLabel(/your approach/i).fill(
    'Sessions are **unhurried**. We start with what feels manageable, and you decide what to share and when.',
  );
  for (const term of ['Attachment', 'Complex trauma', 'Relationship and couples issues']) await page.getByLabel(term, { exact: true }).check();
  await page.getByLabel('EMDR', { exact: true }).check();
  await page.getByLabel('Emotionally focused therapy', { exact: true }).check();
  await page.getByLabel('English', { exact: true }).check();
  await page.getByLabel('German', { exact: true }).check();
  await shot(page, 'wizard-work.png');
  await saveAndContinue(page, '/account/profile/practice');

  await expectAccessible(page, 'wizard: practice');
  await page.getByLabel(/online, by video/i).check();
  await page.getByLabel('In person', { exact: true }).check();
  await page.getByLabel(/^city/i).fill('Berlin');
  await page.getByLabel('Country').selectOption('DE');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('From').fill('80');
  await page.getByLabel('To', { exact: true }).fill('120');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel(/yes, i offer a free first consultation/i).check();
  await shot(page, 'wizard-practice.png');
  await saveAndContinue(page, '/account/profile/hours');

  // The hours step: the availability form inside the wizard.
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Hours for free consultations' }).waitFor());
  assert.match(await page.title(), /Step 4 of 6/);
  await expectAccessible(page, 'wizard: hours');
  for (const day of [1, 2, 3, 4, 5]) {
    await page.locator(`#d${day}_0_start`).fill('09:00');
    await page.locator(`#d${day}_0_end`).fill('17:00');
  }
  await page.getByLabel('By video call').check();
  await page.getByLabel('Minimum notice, in hours').fill('0');
  await shot(page, 'wizard-hours.png');
  await saveAndContinue(page, '/account/profile/photo');

  await expectAccessible(page, 'wizard: photo');
  // The wrong kind of file is refused by its content, whatever its name.
  await page.getByLabel(/choose a photo/i).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture') });
  await page.getByRole('button', { name: /upload photo/i }).click();
  await page.waitForLoadState();
  await assert.doesNotReject(page.getByRole('alert').getByText(/jpeg, png or webp/i).first().waitFor());
  await expectAccessible(page, 'wizard: photo with errors');
  await page.getByLabel(/choose a photo/i).setInputFiles({ name: 'portrait.png', mimeType: 'image/png', buffer: portraitPng() });
  await page.getByRole('button', { name: /upload photo/i }).click();
  await page.waitForURL(/\/account\/profile\/review\?saved=photo$/);

  await expectAccessible(page, 'wizard: review');
  await assert.doesNotReject(page.getByText(/your photo has been saved/i).waitFor());
  await shot(page, 'wizard-review.png');
  await page.getByRole('button', { name: /ask to be listed/i }).click();
  await page.waitForURL(/\/account\/profile\/review\?requested=1$/);
  await assert.doesNotReject(page.getByText('Awaiting verification').first().waitFor());
  await expectAccessible(page, 'wizard: requested');
  assert.deepEqual(problems, []);

  // --- An administrator verifies the licence ---
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const adminPage = await adminContext.newPage();
  const adminProblems = watchPage(adminPage);
  await adminPage.goto(server.url + '/login?return_to=/admin');
  await adminPage.getByLabel(/e-mail/i).fill(admin.email);
  await adminPage.getByLabel(/^password/i).fill(admin.password);
  await adminPage.getByRole('button', { name: /log in/i }).click();
  await adminPage.waitForURL(/\/admin$/);
  await adminPage.getByRole('link', { name: /licence checks/i }).click();
  await adminPage.waitForURL(/\/admin\/specialists$/);
  await expectAccessible(adminPage, 'admin: specialists');
  const row = adminPage.getByRole('row', { name: new RegExp(specialist.name) });
  await assert.doesNotReject(row.getByText('PSY-40217').waitFor());
  await shot(adminPage, 'admin-specialists.png');
  const previewHref = await row.getByRole('link', { name: specialist.name }).getAttribute('href');
  const slug = previewHref.split('/').pop();
  await adminPage.goto(server.url + previewHref);
  await expectAccessible(adminPage, 'admin: preview');
  await shot(adminPage, 'admin-preview.png');
  await adminPage.goto(server.url + '/admin/specialists');
  await adminPage.getByRole('button', { name: `Verify ${specialist.name}` }).click();
  await adminPage.waitForURL(/\/admin\/specialists\?state=awaiting&done=verify$/);
  await assert.doesNotReject(adminPage.getByText(/verified\. the profile is now listed/i).waitFor());
  await expectAccessible(adminPage, 'admin: verified');
  await adminPage.goto(server.url + '/admin/campaign');
  await expectAccessible(adminPage, 'admin: campaign');
  assert.deepEqual(adminProblems, []);
  await adminContext.close();

  // --- The public sees the listed profile ---
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const publicPage = await visitor.newPage();
  const publicProblems = watchPage(publicPage);
  const response = await publicPage.goto(`${server.url}/specialists/${slug}`);
  assert.equal(response.status(), 200);
  await assert.doesNotReject(publicPage.getByRole('heading', { level: 1, name: specialist.name }).waitFor());
  await assert.doesNotReject(publicPage.getByText(/licence verified on/i).first().waitFor());
  await assert.doesNotReject(publicPage.getByText('Offers a free 30-minute consultation').first().waitFor());
  assert.equal(await publicPage.getByRole('link', { name: 'Book a free consultation' }).getAttribute('href'), `/specialists/${slug}/book`);
  // Messages are open by default: writing is the secondary way in.
  assert.equal(await publicPage.getByRole('link', { name: 'Send a message', exact: true }).getAttribute('href'),
    `/messages/new?to=${slug}`);
  assert.equal(await publicPage.locator('img.avatar').evaluate((img) => img.naturalWidth > 0), true);
  await expectAccessible(publicPage, 'public profile');
  await shot(publicPage, 'profile.png');
  await publicPage.setViewportSize({ width: 390, height: 844 });
  await shot(publicPage, 'profile-mobile.png');
  await publicPage.setViewportSize({ width: 1280, height: 900 });

  // The campaign page and the home page list them too.
  await publicPage.goto(server.url + '/free-consultation');
  await assert.doesNotReject(publicPage.getByRole('link', { name: specialist.name }).waitFor());
  await expectAccessible(publicPage, 'free consultation');
  // Card photos load lazily: bring them into view before the full-page shot.
  await publicPage.locator('.specialist-card img').first().scrollIntoViewIfNeeded();
  await publicPage.waitForFunction(() => [...document.images].every((img) => img.complete));
  await shot(publicPage, 'free-consultation.png');
  await publicPage.goto(server.url + '/');
  await assert.doesNotReject(publicPage.getByRole('link', { name: specialist.name }).waitFor());
  await expectAccessible(publicPage, 'home with featured specialists');
  assert.deepEqual(publicProblems, []);
  await visitor.close();

  // Back in the wizard, the specialist sees they are listed.
  await page.goto(server.url + '/account/profile/about');
  await assert.doesNotReject(page.getByText(/licence verified on/i).first().waitFor());
  await shot(page, 'wizard-listed.png');
  await page.goto(server.url + '/account/profile');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /nothing to do: you are listed/i }).waitFor());
  await expectAccessible(page, 'wizard: start when listed');
  await context.close();
});

// A specialist made through the API (profile, asked to be listed, verified
// by the administrator), signed in inside `context`; returns the slug.
async function listedThroughApi(context, name) {
  const email = `hours-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const password = 'hours on a quiet afternoon';
  const api = context.request;
  let res = await api.post(server.url + '/api/v1/users', { data: { email, password, display_name: name, role: 'specialist' } });
  assert.equal(res.status(), 202, await res.text());  // alike whether or not the address was free
  res = await api.post(server.url + '/api/v1/session', { data: { email, password } });
  assert.equal(res.status(), 200, await res.text());
  const csrf = (await res.json()).csrf_token;
  res = await api.put(server.url + '/api/v1/me/profile', {
    headers: { 'X-CSRF-Token': csrf },
    data: {
      full_name: name, credentials: 'MA, Registered Counsellor', licence_number: 'BACP-2231', licence_region: 'BACP (United Kingdom)',
      headline: 'Steady support after a relationship that hurt.', bio: 'I help people find their footing again.', approach: '',
      specialties: ['attachment'], modalities: [], languages: ['en'], online: true, in_person: false, city: 'Leeds', country: 'GB',
      timezone: 'Europe/London', fee_min: 60, fee_max: 80, currency: 'GBP', offers_free_consultation: true,
    },
  });
  assert.equal(res.status(), 200, await res.text());
  const slug = (await res.json()).profile.slug;
  res = await api.post(server.url + '/api/v1/me/profile/publish', { headers: { 'X-CSRF-Token': csrf } });
  assert.equal(res.status(), 200, await res.text());
  const adminApi = (await browser.newContext()).request;
  res = await adminApi.post(server.url + '/api/v1/session', { data: { email: admin.email, password: admin.password } });
  const adminToken = (await res.json()).token;
  res = await adminApi.post(`${server.url}/api/v1/admin/specialists/${slug}/verify`, { headers: { Authorization: `Bearer ${adminToken}` }, data: {} });
  assert.equal(res.status(), 200, await res.text());
  return slug;
}

for (const [width, height] of [[390, 844], [1280, 800]]) {
  test(`at ${width}x${height} a verified specialist sets hours in the wizard and their card shows the next free time`, async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    const name = `Robin Hours ${width}`;
    const slug = await listedThroughApi(context, name);

    // Verified but no hours: the landing page says what to do.
    await page.goto(server.url + '/account/profile');
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /next step: set your hours/i }).waitFor());
    await expectAccessible(page, `start at ${width}`);
    await page.getByRole('link', { name: 'Set your hours' }).click();
    await page.waitForURL(/\/account\/profile\/hours$/);
    await expectAccessible(page, `hours step at ${width}`);
    await page.screenshot({ path: join(artifacts, `wizard-hours-top-${width}.png`) });

    // A mistake first: an end before the start is shown inside the wizard.
    await page.getByLabel('By video call').check();
    await page.locator('#d2_0_start').fill('10:00');
    await page.locator('#d2_0_end').fill('10:10');
    await page.getByRole('button', { name: /save and continue/i }).click();
    await page.waitForLoadState();
    await assert.doesNotReject(page.getByRole('alert').waitFor());
    assert.match(await page.title(), /^Error: Step 4 of 6/);
    await expectAccessible(page, `hours step with errors at ${width}`);
    for (const day of [1, 2, 3, 4, 5, 6, 7]) {
      await page.locator(`#d${day}_0_start`).fill('08:00');
      await page.locator(`#d${day}_0_end`).fill('20:00');
    }
    await page.getByLabel('Minimum notice, in hours').fill('0');
    await shot(page, `wizard-hours-${width}.png`);
    await page.getByRole('button', { name: /save and continue/i }).click();
    await page.waitForURL(/\/account\/profile\/photo\?saved=1$/);
    await expectAccessible(page, `photo after hours at ${width}`);

    // The directory card shows the mark and the next free time in the viewer's zone.
    const visitor = await browser.newContext({ viewport: { width, height } });
    const publicPage = await visitor.newPage();
    const publicProblems = watchPage(publicPage);
    await publicPage.goto(`${server.url}/specialists?q=${encodeURIComponent('Robin Hours')}&tz=America/New_York`);
    const card = publicPage.locator('#main .specialist-card', { has: publicPage.getByRole('link', { name }) }).last();
    await assert.doesNotReject(card.getByText(/^Next free time: /).waitFor());
    assert.match(await card.locator('.next-free').innerText(), /^Next free time: \w{3} \d{1,2} \w{3}, \d\d:\d\d \(America\/New York\)$/);
    await assert.doesNotReject(card.getByText('Offers a free consultation').waitFor());
    await expectAccessible(publicPage, `directory at ${width}`);
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(artifacts, `directory-card-${width}.png`) });
    await publicPage.screenshot({ path: join(artifacts, `directory-card-view-${width}.png`) });
    await shot(publicPage, `directory-next-free-${width}.png`);
    assert.deepEqual(publicProblems, []);
    assert.deepEqual(problems, []);
    await visitor.close();
    await context.close();
  });
}
