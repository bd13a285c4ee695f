// One person's privacy controls in a row, at phone and desktop width, as
// issue 14 describes the journey: a member with a conversation downloads
// their data, turns on two-factor sign-in (reading the secret from the page
// and computing the code, as an authenticator app would), logs out and
// back in with a code, then deletes their account with password and code.
// Every page is checked with axe-core and for CSP violations. The pieces
// have their own, closer tests (data_export, two_factor, account_deletion).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, watchPage, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible, freshCode, logIn } from './people.js';

let server;
let browser;
let specialist;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  specialist = await shared.listedSpecialist(server, 'Dr Noor Steady');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: export, two-factor sign-in, log out and in with a code, then delete the account`, async () => {
    const member = await shared.signUp(server, 'member', `Ines ${viewport.name}`);
    const words = `Can we talk about rebuilding trust? (${viewport.name} ${Date.now()})`;
    await shared.api(server, 'POST', '/api/v1/conversations',
      { specialist: specialist.slug, body: words, idempotency_key: `j-${viewport.name}-${Date.now()}` }, member.token);
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height }, acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchPage(page);
    await logIn(page, server, member);

    // 1. The export: asked for, downloaded once, with the conversation in it.
    await page.getByRole('link', { name: 'Download your data' }).click();
    await page.getByRole('button', { name: 'Download your data' }).click();
    const link = page.getByRole('link', { name: 'Download the archive' });
    await link.waitFor();
    await expectAccessible(page, `${viewport.name}: export ready`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /\.zip$/);
    assert.ok((await download.path()) !== null, 'the archive arrived');

    // 2. Two-factor sign-in, from the secret the page shows.
    await page.goto(server.url + '/account');
    await page.getByRole('link', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    member.totpSecret = await page.locator('#totp-secret').getAttribute('data-secret');
    assert.match(member.totpSecret, /^[A-Z2-7]{32}$/);
    await expectAccessible(page, `${viewport.name}: enrolment`);
    await page.getByLabel('Six-digit code').fill(await freshCode(member));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByText('Two-factor sign-in is on.').waitFor();

    // 3. Log out, and back in with the password and then a code.
    await shared.logOutAndSendLogInForm(page, server, member);
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await expectAccessible(page, `${viewport.name}: code step`);
    await page.getByLabel('Six-digit code').fill(await freshCode(member));
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(/\/account$/);

    // 4. Deletion asks for the password and a code, then logs out everywhere.
    await page.getByRole('link', { name: 'Delete your account' }).click();
    await page.waitForURL(`${server.url}/account/delete`);
    await expectAccessible(page, `${viewport.name}: deletion page`);
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(member));
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { name: 'Your account will be deleted' }).waitFor();
    await expectAccessible(page, `${viewport.name}: deletion scheduled`);
    const me = await fetch(server.url + '/api/v1/me', { headers: { Authorization: `Bearer ${member.token}` } });
    assert.equal(me.status, 401, 'every session ended, the API token too');
    assert.deepEqual(problems, [], 'no CSP violations or page errors');
    await context.close();
  });
}
