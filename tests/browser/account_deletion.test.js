// Deleting an account, at phone and desktop width: a member opens "Delete
// your account" from /account, reads what will happen, is refused with a
// wrong password (the form says so next to the field), deletes with the
// right one and sees the day it will happen, logged out, with the drafts
// kept on the device forgotten; logging in again
// cancels it and /account says so. Every page is checked with axe-core and
// for CSP violations; screenshots go to artifacts/ (deletion-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, mailMatch, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible } from './people.js';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
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
  test(`${viewport.name}: a member deletes their account from /account, and logging in again cancels it`, async () => {
    const member = await shared.signUp(server, 'member', `Rosa ${viewport.name}`);
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await shared.logIn(page, server, member);

    await page.getByRole('heading', { name: 'Delete your account' }).waitFor();
    await expectAccessible(page, `${viewport.name}: account page`);
    await page.getByRole('link', { name: 'Delete your account' }).click();
    await page.waitForURL(`${server.url}/account/delete`);
    await page.getByText('Logging in again cancels the deletion').waitFor();
    await expectAccessible(page, `${viewport.name}: deletion page`);
    await shot(page, `deletion-form-${viewport.name}.png`);

    // A wrong password: refused next to the field, still signed in.
    await page.getByLabel('Your password').fill('not the right password');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.locator('#password-error').waitFor();
    assert.match(await page.locator('#password-error').innerText(), /not your current password/);
    await expectAccessible(page, `${viewport.name}: deletion page with an error`);
    await shot(page, `deletion-refused-${viewport.name}.png`);

    // A draft kept on this device (as offline.js keeps them) goes with the request.
    await page.evaluate(() => {
      const owner = document.body.getAttribute('data-draft-owner');
      localStorage.setItem(`hearth:draft:${owner}:question:new`, JSON.stringify({ title: 'half-written' }));
    });
    assert.equal(Object.keys(await shared.drafts(page)).length, 1);
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { name: 'Your account will be deleted' }).waitFor();
    assert.deepEqual(await shared.drafts(page), {});
    await page.getByText('You have been logged out everywhere.').waitFor();
    await expectAccessible(page, `${viewport.name}: deletion confirmation`);
    await shot(page, `deletion-scheduled-${viewport.name}.png`);
    await mailMatch(server, member.email, /Log in before then and the deletion is cancelled/);
    // Logged out: /account asks to log in.
    await page.goto(`${server.url}/account`);
    await page.waitForURL(/\/login/);

    // Logging in again cancels it, and the account page says so once.
    await shared.logIn(page, server, member);
    await page.getByText('has been cancelled').waitFor();
    await expectAccessible(page, `${viewport.name}: account page after cancelling`);
    await shot(page, `deletion-cancelled-${viewport.name}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: an admin finds a person and sees counts, then starts a deletion asked for by e-mail`, async () => {
    const member = await shared.signUp(server, 'member', `Ilse ${viewport.name}`);
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(/e-mail/i).fill(admin.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(/\/admin$/);
    await page.getByRole('link', { name: /^People/ }).click();
    await page.getByLabel(/E-mail address, or part of it/).fill(member.email);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: member.email }).click();
    await page.getByRole('heading', { name: 'What Hearth holds for this person' }).waitFor();
    await expectAccessible(page, `${viewport.name}: admin person page`);
    await shot(page, `deletion-admin-person-${viewport.name}.png`);
    // A reason is required; then the deletion starts.
    await page.getByRole('button', { name: 'Start deletion (requested by e-mail)' }).click();
    await page.locator('#reason-error').waitFor();
    await expectAccessible(page, `${viewport.name}: admin person page with an error`);
    await page.getByLabel(/How the request came/).fill('Their e-mail of 3 May');
    await page.getByRole('button', { name: 'Start deletion (requested by e-mail)' }).click();
    await page.getByText('The deletion has started.').waitFor();
    await page.getByText('This account is due to be deleted on').waitFor();
    await mailMatch(server, member.email, /As you asked us, we have started the deletion/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
