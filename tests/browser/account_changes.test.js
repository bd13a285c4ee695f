// A person looks at where they are logged in, changes their password (every
// other device is logged out, this one stays), and changes their e-mail
// address through the link sent to it, then undoes it from the old one; at
// a phone's and a desktop's width, each page checked with axe-core and for
// CSP violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, mailMatch, VIEWPORTS } from './harness.js';
import { PASSWORD, signUp, expectAccessible, logIn } from './people.js';

const NEW_PASSWORD = 'a quiet lake at dawn 77';

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

async function meStatus(token) {
  return (await fetch(server.url + '/api/v1/me', { headers: { Authorization: `Bearer ${token}` } })).status;
}

for (const viewport of VIEWPORTS) {
  test(`sessions list and password change (${viewport.name})`, async () => {
    const person = await signUp(server, 'member', 'Robin Reed');  // also logged in from a script
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await logIn(page, server, person);

    const section = page.locator('#sign-in');
    await assert.doesNotReject(section.getByRole('heading', { name: /where you are logged in/i }).waitFor());
    assert.equal(await section.locator('.session-list__item').count(), 2);
    await assert.doesNotReject(section.getByText('This device', { exact: true }).waitFor());
    assert.equal(await section.getByRole('button', { name: /^log out .*\(this device\)$/i }).count(), 1);
    await expectAccessible(page, `account with sessions (${viewport.name})`);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, `account-sessions-${viewport.name}.png`), fullPage: true });
    await section.screenshot({ path: join(artifacts, `account-sessions-section-${viewport.name}.png`) });

    await section.getByRole('link', { name: /change your password/i }).click();
    await page.waitForURL(/\/account\/password$/);
    await expectAccessible(page, `password form (${viewport.name})`);
    await page.getByLabel(/current password/i).fill('not my password at all');
    await page.getByLabel(/^new password/i).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: /change password/i }).click();
    await page.waitForLoadState();
    await assert.doesNotReject(page.getByText('That is not your current password.').first().waitFor());
    assert.equal(await page.getByLabel(/^new password/i).inputValue(), '');
    await expectAccessible(page, `password form with errors (${viewport.name})`);

    await page.getByLabel(/current password/i).fill(PASSWORD);
    await page.getByLabel(/^new password/i).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: /change password/i }).click();
    await page.waitForURL(/\/account\?changed=password/);
    await assert.doesNotReject(page.getByText(/your password has been changed/i).waitFor());
    // The script's session ended; this one stays, alone in the list.
    assert.equal(await meStatus(person.token), 401);
    assert.equal(await page.locator('#sign-in .session-list__item').count(), 1);
    await expectAccessible(page, `account after the change (${viewport.name})`);
    await page.screenshot({ path: join(artifacts, `account-password-changed-${viewport.name}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('e-mail change: confirm at the new address, undo from the old one', async () => {
  const person = await signUp(server, 'member', 'Sam Shore');
  const newEmail = `moved-${Date.now()}@example.org`;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await logIn(page, server, person);

  await page.locator('#sign-in').getByRole('link', { name: /change your e-mail address/i }).click();
  await page.waitForURL(/\/account\/email$/);
  await expectAccessible(page, 'e-mail form');
  await page.getByLabel(/new e-mail address/i).fill(newEmail);
  await page.getByLabel(/current password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /send the confirmation link/i }).click();
  await assert.doesNotReject(page.getByText(/we have sent a link to/i).waitFor());
  await expectAccessible(page, 'e-mail link sent');

  await page.goto(server.url + await mailMatch(server, newEmail, /\/account\/email\/confirm\?token=[A-Za-z0-9_-]+/));
  await assert.doesNotReject(page.getByText(newEmail).first().waitFor());
  await expectAccessible(page, 'confirm the new address');
  await page.screenshot({ path: join(artifacts, 'email-change-confirm.png'), fullPage: true });
  await page.getByRole('button', { name: /yes, change my address/i }).click();
  await page.waitForURL(/\/account\?changed=email/);
  await assert.doesNotReject(page.getByText(newEmail).first().waitFor());

  await page.goto(server.url + await mailMatch(server, person.email, /\/account\/email\/undo\?token=[A-Za-z0-9_-]+/));
  await expectAccessible(page, 'undo the change');
  await page.getByRole('button', { name: /yes, undo the change/i }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: /your old address is back/i }).waitFor());
  await expectAccessible(page, 'address restored');
  await page.screenshot({ path: join(artifacts, 'email-change-undone.png'), fullPage: true });
  // Every session ended, this one too.
  await page.goto(server.url + '/account');
  assert.match(page.url(), /\/login\?gated=1/);
  assert.deepEqual(problems, []);
  await context.close();
});
