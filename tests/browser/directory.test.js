// The specialist directory in a real browser: filter by a specialty and a
// language with the plain GET form (with JavaScript off, to show it needs
// none), see the results and the free-consultation mark, open a profile;
// axe-core finds nothing serious or critical on the directory pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, seriousViolations, artifacts } from './harness.js';

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

async function expectAccessible(page, label) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${label}: axe found serious or critical problems`);
}

test('filter by specialty and language without JavaScript, then open a profile', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url + '/specialists');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Find a specialist' }).waitFor());
  assert.match(await page.getByRole('status').first().innerText(), /^60 specialists match/);

  await page.getByLabel('Specialty').selectOption(choice.specialty.slug);
  await page.getByLabel('Language').selectOption(choice.language.slug);
  await page.getByRole('button', { name: 'Search' }).click();
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
