// What specialists say about taking people on, at phone and desktop width:
// an open profile offers "Send a message" as the second way in beside the
// free consultation; a closed one says so kindly and points to the free
// consultation, or (without one) to specialists of the same specialty; a
// specialist sets both in the wizard's practice step; directory cards say
// "Not taking new clients" quietly. Every page is checked with axe-core and
// for CSP violations; screenshots go to artifacts/ (expectations-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { expectAccessible, logIn } from './people.js';

let server;
let browser;
const people = {};

const hours = () => shared.berlinHours([1, 2, 3, 4, 5, 6, 7], '08:00', '20:00');

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  const admin = await shared.adminToken(server);
  const profile = (extra) => ({ bio: 'I work with adults and couples whose past keeps showing up in their relationships.',
    specialties: ['attachment', 'complex-trauma'], ...extra });
  people.open = await shared.listedSpecialist(server, 'Dr Amara Okafor', { admin, profile: profile({}), hours: hours() });
  people.closedBookable = await shared.listedSpecialist(server, 'Dr Lena Hoffmann',
    { admin, profile: profile({ messages_open: false }), hours: hours() });
  people.closedQuiet = await shared.listedSpecialist(server, 'Jonas Weber',
    { admin, profile: profile({ offers_free_consultation: false, accepting_new_clients: false, messages_open: false,
      specialties: ['attachment'] }) });
  people.full = await shared.listedSpecialist(server, 'Mira Lindqvist',
    { admin, profile: profile({ offers_free_consultation: false, accepting_new_clients: false }) });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(viewport) {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}

async function inFirstScreen(page, locator) {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= page.viewportSize().height;
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: an open profile offers a message beside the free consultation`, async () => {
    const { context, page, problems } = await open(viewport);
    const { slug, name } = people.open;
    await page.goto(`${server.url}/specialists/${slug}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const book = page.getByRole('link', { name: 'Book a free consultation', exact: true });
    const write = page.getByRole('link', { name: 'Send a message', exact: true });
    assert.equal(await book.getAttribute('class'), 'button');
    assert.equal(await write.getAttribute('class'), 'button button--secondary');
    assert.equal(await write.getAttribute('href'), `/messages/new?to=${slug}`);
    assert.ok(await inFirstScreen(page, book), 'booking stays in the first screen');
    assert.equal(await page.locator('.profile-actions .button').count(), 2, 'two buttons, no third');
    assert.equal(await page.locator('.profile-closed').count(), 0);
    await expectAccessible(page, `${viewport.name}: open profile`);
    await page.screenshot({ path: join(artifacts, `expectations-open-${viewport.name}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: closed to messages, the profile points to the free consultation`, async () => {
    const { context, page, problems } = await open(viewport);
    const { slug, name } = people.closedBookable;
    await page.goto(`${server.url}/specialists/${slug}`);
    const notice = page.locator('.profile-closed');
    await notice.getByText(`${name} isn't taking new messages at the moment.`).waitFor();
    assert.equal(await page.getByRole('link', { name: /send a message/i }).count(), 0);
    const book = notice.getByRole('link', { name: 'book their free 30-minute consultation' });
    assert.equal(await book.getAttribute('href'), `/specialists/${slug}/book`);
    await expectAccessible(page, `${viewport.name}: closed profile with a consultation`);
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, `expectations-closed-bookable-${viewport.name}.png`) });
    await book.click();
    await page.waitForURL(`${server.url}/specialists/${slug}/book`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: closed without a consultation, the profile points to similar specialists`, async () => {
    const { context, page, problems } = await open(viewport);
    const { slug, name } = people.closedQuiet;
    await page.goto(`${server.url}/specialists/${slug}`);
    const notice = page.locator('.profile-closed');
    await notice.getByText(`${name} isn't taking on new clients or new messages at the moment.`).waitFor();
    assert.equal(await page.getByRole('link', { name: /send a message/i }).count(), 0);
    assert.equal(await page.getByRole('link', { name: /book/i }).count(), 0);
    const similar = notice.getByRole('link', { name: 'Other specialists in Attachment' });
    assert.equal(await similar.getAttribute('href'), '/specialists?specialty=attachment');
    await expectAccessible(page, `${viewport.name}: closed profile without a consultation`);
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, `expectations-closed-quiet-${viewport.name}.png`) });

    // The directory it leads to says quietly who is not taking new clients.
    await similar.click();
    await page.waitForURL(`${server.url}/specialists?specialty=attachment`);
    const card = page.locator('.specialist-card', { has: page.getByRole('link', { name: people.full.name }) });
    await card.getByText('Not taking new clients at the moment').waitFor();
    const openCard = page.locator('.specialist-card', { has: page.getByRole('link', { name: people.open.name }) });
    assert.equal(await openCard.getByText('Not taking new clients').count(), 0);
    await expectAccessible(page, `${viewport.name}: directory with a full specialist`);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, `expectations-directory-${viewport.name}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: not taking new clients, people may still write`, async () => {
    const { context, page, problems } = await open(viewport);
    const { slug, name } = people.full;
    await page.goto(`${server.url}/specialists/${slug}`);
    await page.locator('.profile-closed').getByText(`${name} isn't taking on new clients at the moment.`).waitFor();
    const write = page.getByRole('link', { name: 'Send a message', exact: true });
    assert.equal(await write.getAttribute('class'), 'button');  // the one filled action here
    await expectAccessible(page, `${viewport.name}: profile not taking new clients`);
    await page.screenshot({ path: join(artifacts, `expectations-full-${viewport.name}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: a specialist closes and reopens through the practice step`, async () => {
    const { context, page, problems } = await open(viewport);
    const me = await shared.listedSpecialist(server, `Sofia Rossi ${viewport.name}`, { profile: { offers_free_consultation: false } });
    await logIn(page, server, me);
    await page.goto(`${server.url}/account/profile/practice`);
    const clients = page.getByRole('group', { name: 'Are you taking on new clients?' });
    const messages = page.getByRole('group', { name: 'Can people send you messages on Hearth?' });
    assert.equal(await clients.getByLabel("Yes, I'm taking on new clients").isChecked(), true);
    assert.equal(await messages.getByLabel('Yes, people can send me messages').isChecked(), true);
    await clients.getByLabel('No, not at the moment').check();
    await messages.getByLabel('No, not new conversations at the moment').check();
    await expectAccessible(page, `${viewport.name}: practice step`);
    await clients.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, `expectations-settings-${viewport.name}.png`) });
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/\/account\/profile\/photo\?saved=1$/);

    await page.goto(`${server.url}/account/profile/review`);
    await page.getByText('Not taking on new clients at the moment').waitFor();
    await page.getByText('Closed to new conversations').waitFor();
    const visitor = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${server.url}/specialists/${me.slug}`);
    await publicPage.getByText(`Sofia Rossi ${viewport.name} isn't taking on new clients or new messages at the moment.`).waitFor();

    await page.goto(`${server.url}/account/profile/practice`);
    await messages.getByLabel('Yes, people can send me messages').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/\/account\/profile\/photo\?saved=1$/);
    await publicPage.reload();
    assert.equal(await publicPage.getByRole('link', { name: 'Send a message', exact: true }).getAttribute('href'),
      `/messages/new?to=${me.slug}`);
    await visitor.close();
    assert.deepEqual(problems, []);
    await context.close();
  });
}
