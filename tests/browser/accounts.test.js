// The first journey: a visitor signs up, logs out and logs in again; every
// page on the way is checked with axe-core and for CSP violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, seriousViolations, artifacts, confirmEmail } from './harness.js';

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

async function expectAccessible(page, label) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${label}: axe found serious or critical problems`);
}

test('home page is calm, accessible and CSP-clean', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watchPage(page);
  const response = await page.goto(server.url + '/');
  assert.equal(response.status(), 200);
  await assert.doesNotReject(page.getByRole('link', { name: /need help now/i }).first().waitFor());
  await assert.doesNotReject(page.getByRole('navigation').first().waitFor());
  await expectAccessible(page, 'home');
  await page.screenshot({ path: join(artifacts, 'home.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(artifacts, 'home-mobile.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('sign up, log out, log in, with every page accessible', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  const email = `journey-${Date.now()}@example.org`;
  const password = 'a calm walk by the river';

  // A gated page sends the visitor to log in, and back afterwards.
  await page.goto(server.url + '/account');
  assert.match(page.url(), /\/login\?gated=1&return_to=\/account$/);
  await expectAccessible(page, 'login (gated)');

  await page.getByRole('link', { name: /sign up|create an account/i }).first().click();
  await page.waitForURL(/\/signup/);
  await expectAccessible(page, 'signup');

  // A too-short password is refused with the typed values kept.
  await page.getByLabel(/your name/i).fill('River');
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/^password/i).fill('short');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByLabel(/e-mail/i).inputValue(), email);
  assert.equal(await page.getByLabel(/^password/i).inputValue(), '');
  await assert.doesNotReject(page.getByText(/at least 12 characters/i).first().waitFor());
  await expectAccessible(page, 'signup with errors');

  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /create|sign up/i }).click();
  // Nobody is signed in until the address is confirmed through the e-mailed link.
  await assert.doesNotReject(page.getByRole('heading', { name: /please check your e-mail/i }).waitFor());
  await expectAccessible(page, 'check your e-mail');
  await page.screenshot({ path: join(artifacts, 'sign-up-sent.png'), fullPage: true });
  await confirmEmail(page, server, email);
  await page.waitForURL(/\/account$/);
  await assert.doesNotReject(page.getByText(email).first().waitFor());
  await expectAccessible(page, 'account');
  await page.screenshot({ path: join(artifacts, 'account.png'), fullPage: true });

  await page.getByRole('button', { name: /log out/i }).first().click();
  await page.waitForURL(/\/login\?logged_out=1/);
  await assert.doesNotReject(page.getByText(/logged out/i).first().waitFor());
  await expectAccessible(page, 'logged out');

  // A wrong password is refused politely.
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/^password/i).fill('not the right password');
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForLoadState();
  await assert.doesNotReject(page.getByText(/do not match/i).first().waitFor());
  await expectAccessible(page, 'login error');

  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(/\/account$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the offline notice appears when the connection drops and goes when it returns', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '/');
  const notice = page.locator('#offline-notice');
  assert.equal(await notice.isVisible(), false);
  await context.setOffline(true);
  await notice.waitFor({ state: 'visible' });
  await context.setOffline(false);
  await notice.waitFor({ state: 'hidden' });
  await context.close();
});

for (const path of ['/help', '/privacy', '/contact', '/specialists', '/free-consultation', '/password/forgot', '/nowhere']) {
  test(`page ${path} is accessible`, async () => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + path);
    await expectAccessible(page, path);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
