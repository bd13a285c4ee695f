// The specialist directory in a real browser: filter by a specialty and a
// language with the plain GET form (with JavaScript off, to show it needs
// none), see the results and the free-consultation mark, open a profile;
// results come first on a phone, the filters fold behind one button, a
// featured person shows once; axe-core finds nothing serious or critical
// on the directory pages, and no page breaks its CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts } from './harness.js';
import { enrolAdmin, expectAccessible } from './people.js';

let server;
let browser;
// The search the test makes: a specialty and a language shared by someone
// who offers a free consultation, read from the seeded catalogue.
let choice;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  // Sixty synthetic, listed specialists (deterministic), through the CLI.
  const seed = spawnSync(server.bin, ['seed', '--specialists', '60'], { env: server.env, encoding: 'utf8' });
  assert.equal(seed.status, 0, seed.stderr);
  const res = await fetch(`${server.url}/api/v1/specialists?per_page=100`);
  const { items, total } = await res.json();
  assert.equal(total, 60);
  const free = items.find((p) => p.offers_free_consultation);
  choice = { specialty: free.specialties[0], language: free.languages[0] };
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('filter by specialty and language without JavaScript, then open a profile', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url + '/specialists');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Find a specialist' }).waitFor());
  assert.match(await page.getByRole('status').first().innerText(), /^60 specialists match/);

  // Without JavaScript the filters stay folded, and the button opens them.
  await page.locator('#directory-filters > summary').click();
  await page.getByLabel('Specialty').selectOption(choice.specialty.slug);
  await page.getByLabel('Language').selectOption(choice.language.slug);
  await page.getByRole('button', { name: 'Show results' }).click();
  await page.waitForURL(/\/specialists\?/);

  // The search lives in the URL, and the form shows it again.
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('specialty'), choice.specialty.slug);
  assert.equal(url.searchParams.get('language'), choice.language.slug);
  assert.equal(await page.getByLabel('Specialty').inputValue(), choice.specialty.slug);
  assert.equal(await page.getByLabel('Language').inputValue(), choice.language.slug);

  const count = await page.getByRole('status').first().innerText();
  assert.match(count, /^\d+ specialists? match/);
  const results = page.getByRole('region', { name: 'Specialists' }).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
  const n = await results.count();
  assert.ok(n >= 1 && n <= 20, `${n} result cards`);
  assert.equal(n, Math.min(20, Number(count.split(' ')[0])));
  // Every card speaks the language and has the specialty; someone offers a free consultation.
  for (let i = 0; i < n; i += 1) {
    const text = await results.nth(i).innerText();
    assert.ok(text.includes(choice.specialty.name), `card ${i} has ${choice.specialty.name}`);
    assert.ok(text.includes(choice.language.name), `card ${i} speaks ${choice.language.name}`);
  }
  const free = page.getByRole('region', { name: 'Specialists' }).getByText('Offers a free consultation');
  assert.ok((await free.count()) >= 1, 'the free-consultation mark is shown');
  await page.screenshot({ path: join(artifacts, 'directory-filtered.png'), fullPage: true });

  // Open the first profile that offers a free consultation.
  const card = results.filter({ hasText: 'Offers a free consultation' }).first();
  const name = await card.getByRole('heading', { level: 3 }).innerText();
  await card.getByRole('link', { name }).click();
  await page.waitForURL(/\/specialists\/[a-z0-9-]+$/);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name }).waitFor());
  await context.close();
});

test('the directory is accessible, filtered, empty and on a small screen', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watchPage(page);
  const filtered = `/specialists?specialty=${choice.specialty.slug}&language=${choice.language.slug}`;
  for (const [label, path] of [['directory', '/specialists'], ['filtered', filtered],
    ['searched', '/specialists?q=attachment&format=online&free_consultation=1'],
    ['no results', '/specialists?q=nothingmatchesthis&language=de'],
    ['bad filter', '/specialists?format=abc&fee_max=lots']]) {
    const res = await page.goto(server.url + path);
    assert.equal(res.status(), 200, label);
    await expectAccessible(page, label);
  }
  // No results: each active filter can be removed with one link.
  await page.goto(server.url + '/specialists?q=nothingmatchesthis&language=de');
  await assert.doesNotReject(page.getByRole('link', { name: /search without the words/i }).waitFor());
  await assert.doesNotReject(page.getByRole('link', { name: /any language/i }).waitFor());
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url + filtered);
  await expectAccessible(page, 'filtered, small screen');
  await page.screenshot({ path: join(artifacts, 'directory-mobile.png'), fullPage: false });
  assert.deepEqual(problems, []);
  await page.close();
});

// The cards of the results (not the featured strip) and their names.
function resultCards(page) {
  return page.getByRole('region', { name: 'Specialists' }).getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 3 }) });
}

for (const [width, height] of [[390, 844], [1280, 800]]) {
  test(`results come first and each person shows once at ${width}x${height}`, async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + '/specialists?per_page=5');
    await expectAccessible(page, `directory at ${width}`);
    await page.screenshot({ path: join(artifacts, `directory-${width}.png`) });

    // The first result card starts within the first screen.
    const first = await resultCards(page).first().boundingBox();
    assert.ok(first && first.y >= 0 && first.y + 40 < height, `first card at ${first?.y}`);

    const filters = page.locator('#directory-filters');
    const specialty = page.getByLabel('Specialty');
    const free = page.getByLabel('Offers a free consultation');
    if (width < 900) {
      // Folded on a phone; the one "Filters" button opens them.
      assert.equal(await specialty.isVisible(), false, 'filters are folded on a phone');
      await page.locator('#directory-filters > summary').click();
      assert.equal(await filters.getAttribute('open'), '');
    } else {
      assert.equal(await filters.getAttribute('open'), '', 'open beside the results on a wide screen');
    }
    assert.ok(await specialty.isVisible(), 'the filters are shown');
    assert.ok(await free.isVisible(), 'the free consultation filter is not hidden under "More filters"');
    await expectAccessible(page, `directory, filters open at ${width}`);

    // The strip shows others who offer a free consultation, never a card of the page.
    const onPage = await resultCards(page).getByRole('heading', { level: 3 }).allInnerTexts();
    const strip = page.getByRole('region', { name: 'Also offering a free first conversation' });
    const featured = await strip.getByRole('heading', { level: 3 }).allInnerTexts();
    assert.ok(featured.length >= 1, 'someone is featured');
    assert.deepEqual(featured.filter((n) => onPage.includes(n)), []);

    // Searching for a featured person shows them once, with no strip.
    const name = featured[0];
    await page.getByLabel('Words to search for').fill(name);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=/);
    assert.equal(await page.getByRole('heading', { level: 3, name }).count(), 1, `${name} shows once`);
    assert.equal(await strip.count(), 0, 'no strip beside a search');
    const top = await resultCards(page).first().boundingBox();
    assert.ok(top && top.y + 40 < height, 'the match is in the first screen');
    await expectAccessible(page, `searched at ${width}`);

    // A fee filter names its currency and can change it.
    await page.goto(server.url + '/specialists?fee_max=150&currency=GBP');
    if (width < 900) await page.locator('#directory-filters > summary').click();
    assert.match(await page.locator('#fee-hint').innerText(), /Fees are compared in GBP/);
    assert.equal(await page.getByLabel('Currency').inputValue(), 'GBP');
    for (const text of await resultCards(page).allInnerTexts()) {
      assert.match(text, /£\d+(–\d+)? \(GBP\) per session/);
    }
    await expectAccessible(page, `fee filter at ${width}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('an admin reaches Verify on a phone without scrolling sideways', async () => {
  const admin = { email: `admin-${Date.now()}@example.org`, password: 'admin passphrase for the phone' };
  const made = spawnSync(server.bin, ['admin', 'create', '--email', admin.email, '--name', 'Ada Admin'], {
    env: server.env, cwd: server.dataDir, input: admin.password + '\n', encoding: 'utf8',
  });
  assert.equal(made.status, 0, made.stderr);
  await enrolAdmin(server, admin.email, admin.password);
  // A specialist who has asked to be listed, through the API.
  const name = 'Dr Wilhelmina Featherstonehaugh-Oyelaran';
  const email = `waiting-${Date.now()}@example.org`;
  const password = 'a long walk by the river 7';
  const json = (body, token) => ({
    method: 'POST', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  assert.equal((await fetch(`${server.url}/api/v1/users`,
    json({ email, password, display_name: name, role: 'specialist' }))).status < 300, true);
  const { token } = await (await fetch(`${server.url}/api/v1/session`, json({ email, password }))).json();
  const profile = {
    full_name: name, credentials: 'MSc', licence_number: 'REG-2026-000123456789', licence_region:
      'Health and Care Professions Council (United Kingdom)', headline: 'Waiting for a licence check',
    bio: 'I work with adults whose past keeps showing up in their relationships.', approach: '',
    specialties: ['anxiety'], modalities: [], languages: ['en'], online: true, in_person: false, city: '',
    country: 'GB', timezone: 'Europe/London', fee_min: 70, fee_max: 110, currency: 'GBP',
    offers_free_consultation: false,
  };
  const put = await fetch(`${server.url}/api/v1/me/profile`, { ...json(profile, token), method: 'PUT' });
  assert.equal(put.status, 200, await put.clone().text());
  const { slug } = (await put.json()).profile;
  const publish = await fetch(`${server.url}/api/v1/me/profile/publish`, json({}, token));
  assert.equal(publish.status, 200, await publish.text());

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + '/login?return_to=/admin/specialists');
  await page.getByLabel(/e-mail/i).fill(admin.email);
  await page.getByLabel(/^password/i).fill(admin.password);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(/\/admin\/specialists/);
  const noSidewaysScroll = async (label) => {
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= client, `${label}: the page is ${scroll}px wide on a ${client}px screen`);
  };
  for (const path of ['/admin/specialists', `/admin/specialists/${slug}`]) {
    await page.goto(server.url + path);
    const verify = page.getByRole('button', { name: /^Verify/ }).filter({ hasText: 'Verify' }).first();
    const box = await verify.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${path}: Verify at x=${box?.x}`);
    await noSidewaysScroll(path);
    await expectAccessible(page, `admin ${path} on a phone`);
    await page.screenshot({ path: join(artifacts, `admin-${path.split('/').length > 3 ? 'review' : 'list'}-390.png`), fullPage: true });
  }
  await page.goto(server.url + '/admin/specialists');
  await page.getByRole('button', { name: `Verify ${name}` }).click();
  await page.waitForURL(/done=verify/);
  await assert.doesNotReject(page.getByText(/verified\. the profile is now listed/i).waitFor());
  assert.deepEqual(problems, []);
  await context.close();
});
