// "Contact us", at phone and desktop width: a visitor starts writing on
// /contact and meets the log-in gate (what they typed stays on the device),
// logs in and comes back to /contact, sends the request and gets the
// confirmation; an admin reads it in the inbox and answers; the member sees
// the answer on /account (and in the e-mail). Every page on the way is
// checked with axe-core and for CSP violations; screenshots go to
// artifacts/ (contact-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, mailMatch, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible, waitForDrafts } from './people.js';

const OPERATORS = 'care@hearth.example';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer({ HEARTH_CONTACT_EMAIL: OPERATORS, HEARTH_CONTACT_REPLY_TIME: 'within two working days' });
  browser = await startBrowser();
  admin = await shared.newAdmin(server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a member writes to Hearth, an admin answers, the member reads the answer`, async () => {
    const size = { viewport: { width: viewport.width, height: viewport.height } };
    const member = await shared.signUp(server, 'member', `Noor ${viewport.name}`);
    const subject = `Changing my display name (${viewport.name})`;
    const answer = `Go to your account page and choose "Edit" (${viewport.name}).`;

    // A visitor: the gate, and what they type stays on this device.
    const context = await browser.newContext(size);
    const page = await context.newPage();
    const problems = watchPage(page);
    assert.equal((await page.goto(`${server.url}/contact`)).status(), 200);
    await page.getByText('You need to be logged in to contact us.').waitFor();
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('Your message').fill('I would rather not use my full name here.');
    await waitForDrafts(page, (d) => Object.keys(d).some((k) => k === 'hearth:draft:visitor:contact'), 'visitor draft');
    assert.equal(await page.getByRole('button', { name: 'Send to Hearth' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Log in to send' }).count(), 1);
    await expectAccessible(page, `${viewport.name}: contact gate`);
    await shot(page, `contact-gate-${viewport.name}.png`);

    // "Log in to send": the gate, then back on /contact with the words kept
    // on this device (never in a URL), now with the send button.
    await page.getByRole('button', { name: 'Log in to send' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('return_to') === '/contact');
    assert.ok(!page.url().includes('full'), 'the words are never in the URL');
    await page.getByLabel(/e-mail/i).fill(member.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${server.url}/contact`);
    assert.equal(await page.getByLabel('Subject').inputValue(), subject);
    assert.equal(await page.getByLabel('Your message').inputValue(), 'I would rather not use my full name here.');
    await expectAccessible(page, `${viewport.name}: contact form`);
    await shot(page, `contact-form-${viewport.name}.png`);
    await page.getByRole('button', { name: 'Send to Hearth' }).click();
    await page.waitForURL(/\/contact\/sent\/\d+$/);
    await page.getByRole('heading', { name: 'We have your message' }).waitFor();
    await page.getByText('within two working days', { exact: false }).waitFor();
    await expectAccessible(page, `${viewport.name}: contact confirmation`);
    await shot(page, `contact-sent-${viewport.name}.png`);

    // An admin reads it in the inbox and answers.
    const adminContext = await browser.newContext(size);
    const adminPage = await adminContext.newPage();
    const adminProblems = watchPage(adminPage);
    await adminPage.goto(`${server.url}/login?return_to=%2Fadmin%2Fcontact`);
    await adminPage.getByLabel(/e-mail/i).fill(admin.email);
    await adminPage.getByLabel(/^password/i).fill(PASSWORD);
    await adminPage.getByRole('button', { name: /log in/i }).click();
    await adminPage.waitForURL(`${server.url}/admin/contact`);
    await expectAccessible(adminPage, `${viewport.name}: contact inbox`);
    await shot(adminPage, `contact-inbox-${viewport.name}.png`);
    await adminPage.getByRole('link', { name: subject }).click();
    await adminPage.getByRole('heading', { name: subject }).waitFor();
    await expectAccessible(adminPage, `${viewport.name}: contact request`);
    await shot(adminPage, `contact-request-${viewport.name}.png`);
    await adminPage.getByLabel('Your answer').fill(answer);
    await adminPage.getByRole('button', { name: 'Send the answer' }).click();
    await adminPage.waitForURL(/\/admin\/contact\?status=answered/);
    await adminPage.getByText('Your answer was saved and e-mailed.').waitFor();
    await expectAccessible(adminPage, `${viewport.name}: contact inbox, answered`);
    assert.deepEqual(adminProblems, []);
    await adminContext.close();

    // The member finds the answer by e-mail and on /account.
    await mailMatch(server, member.email, /Go to your account page/);
    await page.goto(`${server.url}/account`);
    const section = page.getByRole('region', { name: 'Your requests to Hearth' });
    await section.getByText(answer).waitFor();
    await section.getByText('Answered', { exact: true }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await expectAccessible(page, `${viewport.name}: account with an answer`);
    await shot(page, `contact-account-${viewport.name}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
