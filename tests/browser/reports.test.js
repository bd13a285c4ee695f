// The reports queue, at phone and desktop width: a member reports a message
// a specialist sent them (through the API, as the conversation page's form
// does), an admin sees the message in place in /admin/reports and resolves
// the report, and the member sees the new status. axe and CSP clean;
// screenshots go to artifacts/ (reports-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible } from './people.js';

let server;
let browser;
let admin;

const api = (...args) => shared.api(server, ...args);
const key = () => `key-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  admin = await shared.newAdmin(server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a reported message reaches the admins' queue and is resolved`, async () => {
    const specialist = await shared.listedSpecialist(server, `Dr Sam ${viewport.name}`, {
      admin: admin.token, profile: { offers_free_consultation: false },
    });
    const member = await shared.signUp(server, 'member', `Mona ${viewport.name}`);
    const started = await api('POST', '/api/v1/conversations',
      { specialist: specialist.slug, body: 'Hello, could we talk?', idempotency_key: key() }, member.token);
    const text = `If you stop writing to me I will come to your work (${viewport.name}).`;
    const sent = await api('POST', `/api/v1/conversations/${started.conversation.id}/messages`,
      { body: text, idempotency_key: key() }, specialist.token);
    const report = await api('POST', '/api/v1/reports', {
      target_type: 'message', target_id: sent.message.id, reason: 'harassment', note: 'This frightens me.',
    }, member.token);
    assert.equal(report.status, 'open');

    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/login?return_to=%2Fadmin%2Freports`);
    await page.getByLabel(/e-mail/i).fill(admin.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${server.url}/admin/reports`);
    const item = page.locator('.report-item', { hasText: text });
    await item.getByText('This frightens me.').waitFor();
    await expectAccessible(page, `${viewport.name}: reports queue`);
    await page.screenshot({ path: join(artifacts, `reports-queue-${viewport.name}.png`), fullPage: true });
    await item.getByLabel(/Actioned/).check();
    await item.getByRole('button', { name: 'Resolve' }).click();
    await page.waitForURL(/\/admin\/reports\?done=1/);
    await page.getByText('The reports of that item are resolved.').waitFor();
    assert.equal(await page.locator('.report-item', { hasText: text }).count(), 0);
    await expectAccessible(page, `${viewport.name}: reports queue, resolved`);
    assert.deepEqual(problems, []);
    await context.close();

    const mine = await api('GET', '/api/v1/me/reports', undefined, member.token);
    assert.equal(mine.items[0].status, 'actioned');
  });
}
