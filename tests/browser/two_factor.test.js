// Two-factor sign-in, at phone and desktop width: a member opens
// /account/two-factor from the account page, sets it up (reading the
// secret the page shows and computing the code as an authenticator app
// would), logs out, and logs back in with the password and then a code.
// Every page is checked with axe-core and for CSP violations; screenshots
// go to artifacts/ (two-factor-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible, freshCode, totpCode } from './people.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a member turns on two-factor sign-in and logs in with a code`, async () => {
    const member = await shared.signUp(server, 'member', `Rumi ${viewport.name}`);
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await shared.logIn(page, server, member);

    // The account page offers it; its own page explains it calmly.
    await page.getByRole('link', { name: 'Turn on two-factor sign-in' }).click();
    await page.waitForURL(/\/account\/two-factor$/);
    await expectAccessible(page, `${viewport.name}: two-factor start`);
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();

    // The QR code, the secret as text and ten recovery codes, shown once.
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const shown = (await page.locator('#totp-secret').textContent()).replace(/\s/g, '');
    assert.equal(shown, secret);
    assert.equal(await page.locator('.recovery-codes li').count(), 10);
    await expectAccessible(page, `${viewport.name}: two-factor enrolment`);
    await shot(page, `two-factor-enrol-${viewport.name}.png`);

    member.totpSecret = secret;
    await page.getByLabel('Six-digit code').fill(await freshCode(member));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.waitForURL(/\/account\/two-factor\?enabled=1$/);
    await page.getByText('Two-factor sign-in is on.').waitFor();
    assert.equal(await page.locator('#totp-secret').count(), 0, 'the secret is not shown again');
    await expectAccessible(page, `${viewport.name}: two-factor on`);

    // Log out, then in: the password, then the code step.
    await shared.logOutAndSendLogInForm(page, server, member);
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await expectAccessible(page, `${viewport.name}: the code step`);
    await shot(page, `two-factor-code-${viewport.name}.png`);
    await page.getByLabel('Six-digit code').fill(totpCode(secret) === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: /log in/i }).click();
    await page.getByText('That code did not work').first().waitFor();
    await expectAccessible(page, `${viewport.name}: a wrong code`);
    await page.getByLabel('Six-digit code').fill(await freshCode(member));
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(/\/account$/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
