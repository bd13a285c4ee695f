// The moderation queue, at phone and desktop width: a member reports a
// specialist's profile from the profile page ("Report this profile"), an
// admin hides it from /admin/reports with a reason (the public then gets
// 404 and the specialist sees the reason), and restores it from the
// "Actioned" tab. axe and CSP clean; screenshots go to artifacts/
// (moderation-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible, logIn } from './people.js';

let server;
let browser;
let admin;

const api = (...args) => shared.api(server, ...args);

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
  test(`${viewport.name}: an admin hides a reported profile and restores it`, async () => {
    const name = `Dr Riley ${viewport.name}`;
    const specialist = await shared.listedSpecialist(server, name, {
      admin: admin.token, profile: { offers_free_consultation: false },
    });
    const member = await shared.signUp(server, 'member', `Mina ${viewport.name}`);
    const size = { viewport: { width: viewport.width, height: viewport.height } };

    // The member reports the profile from its page.
    const memberContext = await browser.newContext(size);
    const memberPage = await memberContext.newPage();
    const memberProblems = watchPage(memberPage);
    await logIn(memberPage, server, member);
    await memberPage.goto(`${server.url}/specialists/${specialist.slug}`);
    await memberPage.getByText('Report this profile').click();
    await memberPage.getByLabel('Why are you reporting it?').selectOption('spam');
    await memberPage.getByLabel(/Anything to add/).fill('Offers miracle cures.');
    await expectAccessible(memberPage, `${viewport.name}: profile with the report form open`);
    await memberPage.screenshot({ path: join(artifacts, `moderation-report-${viewport.name}.png`), fullPage: true });
    await memberPage.getByRole('button', { name: 'Send the report' }).click();
    await memberPage.waitForURL(/done=reported/);
    await memberPage.getByText('Thank you for telling us').waitFor();
    assert.deepEqual(memberProblems, []);
    await memberContext.close();

    // The admin hides it, with a reason.
    const context = await browser.newContext(size);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/login?return_to=%2Fadmin%2Freports`);
    await page.getByLabel(/e-mail/i).fill(admin.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${server.url}/admin/reports`);
    const item = page.locator('.report-item', { hasText: `Profile: ${name}` });
    await item.getByText('Offers miracle cures.').waitFor();
    await expectAccessible(page, `${viewport.name}: moderation queue`);
    await page.screenshot({ path: join(artifacts, `moderation-queue-${viewport.name}.png`), fullPage: true });
    await item.getByLabel(/Hide it from the public/).check();
    await item.getByLabel(/^Reason/).fill('Claims we could not check.');
    await item.getByRole('button', { name: 'Resolve' }).click();
    await page.waitForURL(/\/admin\/reports\?done=1/);
    assert.equal((await fetch(`${server.url}/specialists/${specialist.slug}`)).status, 404);
    const mine = await api('GET', '/api/v1/me/profile', undefined, specialist.token);
    assert.equal(mine.profile.suspended_reason, 'Claims we could not check.');

    // ... and restores it from the "Actioned" tab.
    await page.getByRole('link', { name: 'Actioned' }).click();
    const hidden = page.locator('.report-item', { hasText: `Profile: ${name}` });
    await hidden.getByText('Hidden from the public').waitFor();
    await expectAccessible(page, `${viewport.name}: moderation queue, actioned`);
    await page.screenshot({ path: join(artifacts, `moderation-hidden-${viewport.name}.png`), fullPage: true });
    await hidden.getByRole('button', { name: /Restore it/ }).click();
    await page.waitForURL(/\/admin\/reports\?done=1/);
    assert.equal((await fetch(`${server.url}/specialists/${specialist.slug}`)).status, 200);
    assert.deepEqual(problems, []);
    await context.close();

    const reports = await api('GET', '/api/v1/me/reports', undefined, member.token);
    assert.equal(reports.items[0].status_label, 'Reviewed: no action');
  });
}

// An answer reported by a reader: the admin hides it from the queue (the
// question page then shows the public nothing of it) and restores it.
for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: an admin hides a reported answer and restores it`, async () => {
    const size = { viewport: { width: viewport.width, height: viewport.height } };
    const asker = await shared.signUp(server, 'member', `Noor ${viewport.name}`);
    const reader = await shared.signUp(server, 'member', `Ines ${viewport.name}`);
    const specialist = await shared.listedSpecialist(server, `Dr Okoye ${viewport.name}`, { admin: admin.token });
    const question = await api('POST', '/api/v1/questions', {
      title: `How do I stop checking my phone for his messages (${viewport.name})?`,
      body: 'I check it all evening.', topics: ['attachment'], anonymous: true,
    }, asker.token);
    const words = `Try a set time each evening to look, and notice the feeling in between (${viewport.name}).`;
    const answer = await api('POST', `/api/v1/questions/${question.id}/answers`, { body: words }, specialist.token);
    await api('POST', '/api/v1/reports', {
      target_type: 'answer', target_id: answer.id, reason: 'other', note: 'This sounds like a sales pitch.',
    }, reader.token);
    const publicText = async () => (await fetch(`${server.url}/questions/${question.id}`)).text();
    assert.ok((await publicText()).includes(words));

    const context = await browser.newContext(size);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/login?return_to=%2Fadmin%2Freports`);
    await page.getByLabel(/e-mail/i).fill(admin.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${server.url}/admin/reports`);
    const item = page.locator('.report-item', { hasText: 'This sounds like a sales pitch.' });
    await item.getByText(words).waitFor();
    await expectAccessible(page, `${viewport.name}: queue with a reported answer`);
    await item.getByLabel(/Hide it from the public/).check();
    await item.getByLabel(/^Reason/).fill('Reads as advertising.');
    await item.getByRole('button', { name: 'Resolve' }).click();
    await page.waitForURL(/\/admin\/reports\?done=1/);
    assert.ok(!(await publicText()).includes(words), 'the hidden answer is not on the public page');

    await page.getByRole('link', { name: 'Actioned' }).click();
    const hidden = page.locator('.report-item', { hasText: 'This sounds like a sales pitch.' });
    await hidden.getByText('Hidden from the public').waitFor();
    await page.screenshot({ path: join(artifacts, `moderation-answer-hidden-${viewport.name}.png`), fullPage: true });
    await hidden.getByRole('button', { name: /Restore it/ }).click();
    await page.waitForURL(/\/admin\/reports\?done=1/);
    assert.ok((await publicText()).includes(words), 'restored, the answer is back');
    assert.deepEqual(problems, []);
    await context.close();
  });
}
