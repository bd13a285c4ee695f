// Two admins answer one contact request at once, at phone and desktop
// width: the second is shown the first answer and keeps what they typed,
// nothing is sent twice; a closed request offers no answer form. axe and
// CSP checked; screenshots in artifacts/ (break-contact-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, enrolAdmin, expectAccessible } from './people.js';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  admin = { email: `admin-${Date.now()}@example.org` };
  const made = spawnSync(server.bin, ['admin', 'create', '--email', admin.email, '--name', 'Ada Admin'],
    { env: server.env, input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  await enrolAdmin(server, admin.email);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function adminPage(size) {
  const context = await browser.newContext(size);
  const page = await context.newPage();
  await page.goto(`${server.url}/login?return_to=%2Fadmin%2Fcontact`);
  await page.getByLabel(/e-mail/i).fill(admin.email);
  await page.getByLabel(/^password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(`${server.url}/admin/contact`);
  return { context, page };
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a second answer written at the same time is held back, a closed request has no form`, async () => {
    const size = { viewport: { width: viewport.width, height: viewport.height } };
    const member = await shared.signUp(server, 'member', `Ravi ${viewport.name}`);
    const subject = `Two answers? (${viewport.name})`;
    const context = await browser.newContext(size);
    const page = await context.newPage();
    await page.goto(`${server.url}/login?return_to=%2Fcontact`);
    await page.getByLabel(/e-mail/i).fill(member.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${server.url}/contact`);
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('Your message').fill('Will I hear back once?');
    await page.getByRole('button', { name: 'Send to Hearth' }).click();
    await page.waitForURL(/\/contact\/sent\/\d+$/);
    await context.close();

    const first = await adminPage(size);
    const second = await adminPage(size);
    const problems = watchPage(second.page);
    for (const a of [first, second]) {
      await a.page.getByRole('link', { name: subject }).click();
      await a.page.getByRole('heading', { name: subject }).waitFor();
    }
    await first.page.getByLabel('Your answer').fill('Yes: this is the one answer.');
    await first.page.getByRole('button', { name: 'Send the answer' }).click();
    await first.page.waitForURL(/\/admin\/contact\?status=answered/);

    await second.page.getByLabel('Your answer').fill('A second answer, written meanwhile.');
    await second.page.getByRole('button', { name: 'Send the answer' }).click();
    await second.page.getByText('already answered while you were writing').first().waitFor();
    await second.page.getByText('Yes: this is the one answer.').waitFor();
    assert.equal(await second.page.getByLabel('Answer again').inputValue(), 'A second answer, written meanwhile.');
    await expectAccessible(second.page, `${viewport.name}: answered meanwhile`);
    await second.page.screenshot({ path: join(artifacts, `break-contact-meanwhile-${viewport.name}.png`), fullPage: true });

    await second.page.getByRole('button', { name: 'Close without answering' }).click();
    await second.page.waitForURL(/\/admin\/contact\?status=closed/);
    await second.page.getByRole('link', { name: subject }).click();
    await second.page.getByText('This request is closed: it can no longer be answered.').waitFor();
    assert.equal(await second.page.getByRole('button', { name: 'Send the answer' }).count(), 0);
    await expectAccessible(second.page, `${viewport.name}: closed request`);
    await second.page.screenshot({ path: join(artifacts, `break-contact-closed-${viewport.name}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await first.context.close();
    await second.context.close();
  });
}
