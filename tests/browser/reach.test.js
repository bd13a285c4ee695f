// Reaching a specialist, at phone and desktop width: on a profile the
// filled "Book a free consultation" is in the first screen and leads to the
// booking page; a specialist without free consultations shows their own
// contact details under "Get in touch"; one with neither offers "Ask Hearth
// to put you in touch", and /contact then names them. Every page on the way
// is checked with axe-core and for CSP violations; screenshots go to
// artifacts/ (reach-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible } from './people.js';

const OPERATORS = 'care@hearth.example';

let server;
let browser;
const people = {};

// Bound to this file's server.
const api = (...args) => shared.api(server, ...args);
const signUp = (role, name) => shared.signUp(server, role, name);

// A listed, verified specialist with a longer profile; `extra` adds profile fields.
function listedSpecialist(name, admin, extra) {
  return shared.listedSpecialist(server, name, {
    admin,
    profile: {
      bio: 'I work with adults and couples whose past keeps showing up in their relationships.\n\n'
        + 'We go at your pace, and you decide what to talk about.', approach: 'Sessions are unhurried.',
      specialties: ['attachment', 'complex-trauma'], modalities: ['emdr'], languages: ['en', 'de'],
      offers_free_consultation: false, ...extra,
    },
  });
}

before(async () => {
  server = await startServer({ HEARTH_CONTACT_EMAIL: OPERATORS });
  browser = await startBrowser();
  const admin = await shared.adminToken(server);
  people.bookable = await listedSpecialist('Dr Amara Okafor', admin, {
    offers_free_consultation: true, website: 'https://www.praxis-okafor.example.org', phone: '+49 30 1234 5678',
  });
  await api('PUT', '/api/v1/me/availability', shared.berlinHours([1, 2, 3, 4, 5, 6, 7], '08:00', '20:00'),
    people.bookable.token);
  people.direct = await listedSpecialist('Jonas Weber', admin, {
    website: 'https://www.jonas-weber-therapie.example.org/kontakt', phone: '+49 (30) 9876-5432',
    contact_email: 'praxis@jonas-weber.example.org',
  });
  people.quiet = await listedSpecialist('Mira Lindqvist', admin, {});
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: false });
}

// Whether the whole element is inside the first screen, as loaded (no scrolling).
async function inFirstScreen(page, locator) {
  const box = await locator.boundingBox();
  const height = page.viewportSize().height;
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: the free consultation is the first thing a profile offers, and it works`, async () => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    const { slug, name } = people.bookable;
    assert.equal((await page.goto(`${server.url}/specialists/${slug}`)).status(), 200);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const book = page.getByRole('link', { name: 'Book a free consultation', exact: true });
    assert.equal(await book.getAttribute('class'), 'button');  // the filled, primary button
    assert.ok(await inFirstScreen(page, book), 'Book a free consultation is visible without scrolling');
    // Writing is the second way in, never a second filled button.
    const write = page.getByRole('link', { name: 'Send a message', exact: true });
    assert.equal(await write.getAttribute('href'), `/messages/new?to=${slug}`);
    assert.equal(await write.getAttribute('class'), 'button button--secondary');
    await expectAccessible(page, `${viewport.name}: profile`);
    await shot(page, `reach-profile-${viewport.name}.png`);
    await page.screenshot({ path: join(artifacts, `reach-profile-${viewport.name}-full.png`), fullPage: true });

    // The other ways are one jump away.
    const touch = page.locator('#get-in-touch');
    await page.getByRole('link', { name: 'Other ways to get in touch' }).click();
    await touch.waitFor();
    assert.equal(await touch.getByRole('link', { name: '+49 30 1234 5678' }).getAttribute('href'), 'tel:+493012345678');

    await book.click();
    await page.waitForURL(`${server.url}/specialists/${slug}/book`);
    await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
    await expectAccessible(page, `${viewport.name}: booking page`);
    await shot(page, `reach-book-${viewport.name}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: without a free consultation, the profile gives the specialist's own details`, async () => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/specialists/${people.direct.slug}`);
    assert.equal(await page.getByRole('link', { name: 'Book a free consultation' }).count(), 0);
    const jump = page.getByRole('link', { name: 'How to get in touch' });
    assert.ok(await inFirstScreen(page, jump), 'How to get in touch is visible without scrolling');
    await jump.click();
    const touch = page.getByRole('region', { name: 'Get in touch' });
    await touch.waitFor();
    assert.equal(await touch.getByRole('link', { name: '+49 (30) 9876-5432' }).getAttribute('href'), 'tel:+493098765432');
    assert.equal(await touch.getByRole('link', { name: 'praxis@jonas-weber.example.org' }).getAttribute('href'),
      'mailto:praxis@jonas-weber.example.org');
    const site = touch.getByRole('link', { name: 'www.jonas-weber-therapie.example.org/kontakt' });
    assert.equal(await site.getAttribute('href'), 'https://www.jonas-weber-therapie.example.org/kontakt');
    assert.equal(await site.getAttribute('rel'), 'nofollow ugc noopener');
    await expectAccessible(page, `${viewport.name}: profile with contact details`);
    await touch.scrollIntoViewIfNeeded();
    await shot(page, `reach-contact-details-${viewport.name}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: with no details and no consultation, Hearth puts people in touch`, async () => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    const { slug, name } = people.quiet;
    await page.goto(`${server.url}/specialists/${slug}`);
    await page.getByRole('link', { name: 'How to get in touch' }).click();
    await page.getByRole('link', { name: 'Ask Hearth to put you in touch' }).click();
    await page.waitForURL(`${server.url}/contact?about=${slug}`);
    await page.getByText(`You are writing about ${name}.`).waitFor();
    const write = page.getByRole('link', { name: OPERATORS }).first();
    assert.match(await write.getAttribute('href'), /^mailto:care@hearth\.example\?subject=Please%20put%20me%20in%20touch%20with%20Mira%20Lindqvist$/);
    await page.getByRole('link', { name: name }).click();
    await page.waitForURL(`${server.url}/specialists/${slug}`);
    await page.goBack();
    await expectAccessible(page, `${viewport.name}: contact about a specialist`);
    await shot(page, `reach-contact-about-${viewport.name}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: the home page leads only to pages that exist`, async () => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + '/');
    // Every link of the home page to Hearth itself answers (no section
    // still being built is linked).
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const href of new Set(hrefs)) {
      const res = await fetch(server.url + href);
      assert.ok(res.status < 400, `${href} answered ${res.status}`);
    }
    assert.ok(hrefs.includes('/articles') && hrefs.includes('/questions'), 'the sections are linked');
    await page.getByRole('link', { name: 'Get support today' }).click();
    await page.waitForURL(server.url + '/help');
    await page.goBack();
    await expectAccessible(page, `${viewport.name}: home`);
    await page.screenshot({ path: join(artifacts, `reach-home-${viewport.name}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
}
