// Private messages in the browser, at phone (390x844) and desktop
// (1280x800) width: a member writes to a specialist from the profile's
// "Send a message" (or the page it leads to) and is told the message has
// been sent; the specialist sees the unread count, opens the conversation,
// sees the member's next message arrive without a reload and replies. A
// visitor types first and logs in, and finds the words again. Offline in
// the middle of typing, the draft survives a reload and is sent once when
// back online. A self-harm phrase brings the crisis resources at once.
// Every page on the way is checked with axe-core and for CSP violations,
// and photographed into artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible, drafts, waitForDrafts } from './people.js';

const ZONE = 'Europe/London';

let server;
let browser;
let specialist;

const signUp = (role, name) => shared.signUp(server, role, name);

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  specialist = await shared.listedSpecialist(server, 'Dr Ines Varga', {
    profile: { headline: 'Therapy for adults after controlling relationships.' },
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function person(viewport, who) {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  // Through the log-in page (a specialist lands elsewhere than /account).
  await page.goto(server.url + '/login');
  await page.getByLabel(/e-mail/i).fill(who.email);
  await page.getByLabel(/^password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page, problems };
}

async function shoot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

// From the profile's "Send a message" when it is there, else the page it leads to.
async function openNewMessage(page) {
  await page.goto(`${server.url}/specialists/${specialist.slug}`);
  const link = page.getByRole('link', { name: 'Send a message' }).first();
  if (await link.count()) {
    await link.click();
  } else {
    await page.goto(`${server.url}/messages/new?to=${specialist.slug}`);
  }
  await page.waitForURL(new RegExp(`/messages/new\\?to=${specialist.slug}$`));
}

// The conversation's messages as {who, body}.
function messagesOn(page) {
  return page.locator('.message-list .message').evaluateAll((items) => items.map((li) => ({
    who: li.querySelector('.message__who').textContent.trim(),
    body: li.querySelector('.message__body').textContent,
  })));
}

const liveWired = (page) => page.evaluate(() => !!document.querySelector('script[src="/static/js/live.js"]'));

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a member writes, the specialist sees it arrive and replies`, async () => {
    const member = await signUp('member', `Noa ${viewport.name}`);
    const m = await person(viewport, member);
    const s = await person(viewport, specialist);

    await openNewMessage(m.page);
    await m.page.getByRole('heading', { level: 1, name: /Write to Dr Ines Varga/ }).waitFor();
    await m.page.getByText('Not for emergencies.').waitFor();
    assert.equal(await m.page.getByRole('link', { name: 'Need help now?' }).count(), 2, 'in the header and beside the form');
    await expectAccessible(m.page, 'new message page');
    await shoot(m.page, `messages-new-${viewport.name}`);
    const first = `Hello, I found your profile and would like to talk (${viewport.name}).`;
    await m.page.getByLabel('Your message').fill(first);
    await m.page.getByRole('button', { name: 'Send message' }).click();
    await m.page.waitForURL(/\/messages\/\d+#message-\d+$/);
    await m.page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
    const conversationUrl = m.page.url().split('#')[0];
    assert.deepEqual(await messagesOn(m.page), [{ who: 'You', body: first }]);
    // No zone chosen: the times are the browser's, and the page says whose.
    await m.page.getByText(`Times are in ${ZONE} time.`).waitFor();
    const stamp = m.page.locator('.message__meta time').first();
    const expected = await stamp.evaluate((t) => {
      const p = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric',
        month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(t.dateTime));
      const g = (type) => p.find((x) => x.type === type).value;
      return `${g('weekday')} ${g('day')} ${g('month')}, ${g('hour')}:${g('minute')}`;
    });
    assert.equal(await stamp.textContent(), expected);
    assert.deepEqual(await drafts(m.page), {}, 'the accepted draft is forgotten');
    await expectAccessible(m.page, 'conversation after sending');
    await shoot(m.page, `messages-sent-${viewport.name}`);

    // The specialist: the count in the navigation, the list, the conversation.
    await s.page.goto(server.url + '/account');
    const badge = s.page.locator('[data-unread-messages]');
    assert.equal(await badge.isVisible(), true);
    assert.ok(Number(await badge.textContent()) >= 1);
    await s.page.getByRole('link', { name: /^Messages\W+\d+\W+unread$/ }).click();
    await s.page.waitForURL(/\/messages$/);
    await expectAccessible(s.page, 'conversation list');
    await shoot(s.page, `messages-list-${viewport.name}`);
    await s.page.getByRole('link', { name: new RegExp(`^Noa ${viewport.name}\\W+1 unread message$`) }).click();
    await s.page.waitForURL(conversationUrl);
    assert.deepEqual(await messagesOn(s.page), [{ who: `Noa ${viewport.name}`, body: first }]);
    await s.page.locator('.message__report summary').filter({ hasText: /^Report/ }).first().waitFor();
    await expectAccessible(s.page, 'conversation, specialist side');

    // The member writes again: it appears on the specialist's open page.
    const second = 'Is an evening possible for you?';
    await m.page.getByLabel('Your message').fill(second);
    await m.page.getByRole('button', { name: 'Send message' }).click();
    await m.page.waitForFunction(() => document.querySelectorAll('.message-list .message').length === 2 &&
      document.getElementById('sent-notice'));
    assert.ok(await liveWired(s.page), 'the live stream is on the specialist\'s page');
    await s.page.locator('.message-list .message').nth(1).waitFor({ timeout: 15000 });
    assert.deepEqual((await messagesOn(s.page)).map((x) => x.body), [first, second]);
    assert.match(await s.page.locator('[data-message-announcer]').textContent(), /New message from Noa/);
    assert.equal(s.page.url(), conversationUrl, 'no reload');

    // The specialist replies; the member reads it.
    await s.page.getByLabel('Your message').fill('Yes, evenings are fine. Thursday at 18:00?');
    await s.page.getByRole('button', { name: 'Send message' }).click();
    await s.page.waitForFunction(() => document.querySelectorAll('.message-list .message').length === 3 &&
      document.getElementById('sent-notice'));
    await shoot(s.page, `messages-conversation-${viewport.name}`);
    await m.page.goto(conversationUrl);
    assert.deepEqual((await messagesOn(m.page)).map((x) => x.who), ['You', 'You', 'Dr Ines Varga']);

    assert.deepEqual(m.problems, []);
    assert.deepEqual(s.problems, []);
    await m.context.close();
    await s.context.close();
  });
}

test('a visitor types, logs in through the gate and finds the words again', async () => {
  const member = await signUp('member', 'Vera Visitor');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${server.url}/messages/new?to=${specialist.slug}`);
  const words = 'Typed before I had an account here.';
  await page.getByLabel('Your message').fill(words);
  await waitForDrafts(page, (d) => Object.keys(d).some((k) => k.startsWith('hearth:draft:visitor:message-new:')), 'kept while typing');
  await expectAccessible(page, 'new message page, visitor');
  await shoot(page, 'messages-new-visitor-phone');
  // Someone else's words from long ago on this device: never taken over.
  await page.evaluate(() => localStorage.setItem('hearth:draft:visitor:booking-note:someone',
    JSON.stringify({ at: Date.now() - 3 * 3600 * 1000, fields: { note: 'an earlier visitor wrote this' } })));
  await page.getByRole('button', { name: 'Log in to send' }).click();
  await page.waitForURL(/\/login\?gated=1&return_to=/);
  assert.ok(!page.url().includes('Typed'), 'the words are never in the URL');
  await page.getByLabel(/e-mail/i).fill(member.email);
  await page.getByLabel(/^password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(new RegExp(`/messages/new\\?to=${specialist.slug}$`));
  await page.getByText('We kept what you wrote earlier').waitFor();
  assert.equal(await page.getByLabel('Your message').inputValue(), words);
  const kept = Object.keys(await drafts(page));
  assert.ok(kept.every((k) => !k.startsWith('hearth:draft:visitor:')), `the visitor copy is gone: ${kept}`);
  assert.ok(!JSON.stringify(await drafts(page)).includes('an earlier visitor'), 'an old visitor draft is not adopted');
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
  assert.deepEqual(await drafts(page), {});
  assert.deepEqual(problems, []);
  await context.close();
});

test('offline while typing: the message is held, survives closing the page, and is sent once when back online', async () => {
  const member = await signUp('member', 'Olli Offline');
  const { context, page, problems } = await person(VIEWPORTS[0], member);
  await openNewMessage(page);
  await page.getByLabel('Your message').fill('A first message, sent while online.');
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
  const conversationUrl = page.url().split('#')[0];

  // Offline while typing: the send is held, the words and the form's key
  // stay on the device, and it goes by itself once back online.
  const words = 'Written on a train that went into a tunnel.';
  await page.getByLabel('Your message').fill(words);
  await waitForDrafts(page, (d) => Object.values(d).some((v) => v.includes('tunnel')), 'kept while typing');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.locator('.draft-held').filter({ hasText: 'will be sent as soon as' }).waitFor();
  assert.equal(page.url().split('#')[0], conversationUrl);
  // The page still shows the first send's notice: wait for the new page.
  const sentByItself = page.waitForNavigation();
  await context.setOffline(false);
  await sentByItself;
  await page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
  assert.deepEqual((await messagesOn(page)).map((x) => x.body).filter((b) => b === words), [words]);

  // Offline again, and this time the page is closed before the connection
  // comes back: the next time the conversation opens, the held message is
  // sent by itself, with the key it had, exactly once.
  const later = 'Typed in a lift, sent after the tab was closed.';
  await page.getByLabel('Your message').fill(later);
  await waitForDrafts(page, (d) => Object.values(d).some((v) => v.includes('lift')), 'kept while typing');
  const key = await page.locator('input[name="idempotency_key"]').inputValue();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.locator('.draft-held').waitFor();
  const kept = await drafts(page);
  assert.ok(Object.values(kept).some((v) => v.includes('"pending":true') && v.includes(key)), JSON.stringify(kept));
  await expectAccessible(page, 'conversation with a held message');
  await shoot(page, 'messages-held-offline-phone');
  await page.close();
  await context.setOffline(false);
  const again = await context.newPage();
  again.on('pageerror', (e) => problems.push(String(e)));
  await again.goto(conversationUrl);
  await again.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
  // The same form sent once more with its key (a retry after a lost
  // answer would be) is harmless: still one copy of each.
  const status = await again.evaluate(async ({ url, key, body }) => {
    const form = new URLSearchParams({ _csrf: document.querySelector('input[name="_csrf"]').value, idempotency_key: key, body });
    const res = await fetch(url, { method: 'POST', body: form, redirect: 'manual', credentials: 'same-origin' });
    return res.type === 'opaqueredirect' ? 303 : res.status;
  }, { url: conversationUrl, key, body: later });
  assert.equal(status, 303);
  await again.goto(conversationUrl);
  const bodies = (await messagesOn(again)).map((x) => x.body);
  assert.equal(bodies.filter((b) => b === words).length, 1, JSON.stringify(bodies));
  assert.equal(bodies.filter((b) => b === later).length, 1, JSON.stringify(bodies));
  assert.deepEqual(await drafts(again), {});
  assert.deepEqual(problems, []);
  await context.close();
});

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a self-harm phrase brings the crisis resources at once`, async () => {
    const member = await signUp('member', `Cass ${viewport.name}`);
    const { context, page, problems } = await person(viewport, member);
    await openNewMessage(page);
    await page.getByLabel('Your message').fill('Lately I think everyone would be better off without me.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
    const resources = page.locator('#crisis-resources');
    await resources.waitFor();
    assert.ok(await resources.getByRole('link', { name: '988' }).count());
    await expectAccessible(page, 'conversation with crisis resources');
    await shoot(page, `messages-crisis-${viewport.name}`);
    // Delivered all the same.
    assert.equal((await messagesOn(page)).length, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: archive, the archive view and the message e-mail setting`, async () => {
    const member = await signUp('member', `Ari ${viewport.name}`);
    const { context, page, problems } = await person(viewport, member);
    await openNewMessage(page);
    await page.getByLabel('Your message').fill('A conversation to archive.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
    await page.goto(server.url + '/messages');
    // Nothing unread: the navigation says just "Messages", no count, no "unread".
    assert.equal(await page.getByRole('link', { name: 'Messages', exact: true }).count(), 1);
    assert.equal(await page.locator('.nav-badge').isVisible(), false);
    await page.getByRole('button', { name: /^Archive the conversation with Dr Ines Varga$/ }).click();
    await page.getByRole('status').filter({ hasText: 'in your archive' }).waitFor();
    await expectAccessible(page, 'empty conversation list');
    await page.getByRole('link', { name: 'Archived' }).click();
    await page.getByRole('link', { name: 'Dr Ines Varga' }).waitFor();
    await expectAccessible(page, 'archive');
    await shoot(page, `messages-archive-${viewport.name}`);

    await page.goto(server.url + '/account');
    await page.getByLabel('No, I will check Hearth myself').check();
    await page.locator('#messages-settings').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'We will not e-mail you about new messages.' }).waitFor();
    assert.equal(await page.getByLabel('No, I will check Hearth myself').isChecked(), true);
    await expectAccessible(page, 'account with the message setting');
    await page.locator('#messages-settings').screenshot({ path: join(artifacts, `messages-account-${viewport.name}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the unread count in the navigation follows a new message without a reload', async (t) => {
  const member = await signUp('member', 'Bea Badge');
  const { context, page, problems } = await person(VIEWPORTS[1], member);
  await openNewMessage(page);
  await page.getByLabel('Your message').fill('Could we talk next week?');
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
  const cid = Number(page.url().split('#')[0].split('/').pop());
  await page.goto(server.url + '/account');
  assert.ok(await liveWired(page), 'the live stream is on the page');
  const badge = page.locator('[data-unread-messages]');
  assert.equal(await badge.isHidden(), true);
  await shared.api(server, 'POST', `/api/v1/conversations/${cid}/messages`,
    { body: 'Yes, next week is fine.', idempotency_key: `badge-${Date.now()}` }, specialist.token);
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-unread-messages]');
    return b && !b.hidden && b.textContent.trim() === '1';
  }, null, { timeout: 15000 });
  await page.getByRole('link', { name: /^Messages\W+1\W+unread$/ }).waitFor();
  await expectAccessible(page, 'account page with an unread count');
  await page.locator('.site-header').screenshot({ path: join(artifacts, 'messages-badge-desktop.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a message that became visible after a newer one is still shown, in its place', async () => {
  // On PostgreSQL a message can commit after one with a higher id. Here the
  // page is made to miss one (it is taken out of the page), and the next new
  // message brings it back, between its neighbours.
  const member = await signUp('member', 'Lia Late');
  const { context, page, problems } = await person(VIEWPORTS[1], member);
  await openNewMessage(page);
  await page.getByLabel('Your message').fill('Is Thursday possible?');
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByRole('status').filter({ hasText: 'Your message has been sent' }).waitFor();
  const cid = Number(page.url().split('#')[0].split('/').pop());
  const send = async (body) => (await shared.api(server, 'POST', `/api/v1/conversations/${cid}/messages`,
    { body, idempotency_key: `late-${body.length}-${Date.now()}` }, specialist.token));
  const first = await send('Thursday works.');
  const second = await send('Ten in the morning?');
  await page.goto(`${server.url}/messages/${cid}`);
  assert.ok(await liveWired(page), 'the live stream is on the page');
  await page.locator(`#message-${second.message.id}`).waitFor();
  await page.evaluate((id) => document.getElementById(`message-${id}`).remove(), first.message.id);
  const third = await send('Or at noon.');
  await page.locator(`#message-${third.message.id}`).waitFor({ timeout: 15000 });
  await page.locator(`#message-${first.message.id}`).waitFor({ timeout: 15000 });
  const order = await page.evaluate(() =>
    [...document.querySelectorAll('li[id^="message-"]')].map((li) => Number(li.id.slice(8))));
  assert.deepEqual(order, [...order].sort((a, b) => a - b), 'messages stay in the order they were written');
  assert.deepEqual(problems, []);
  await context.close();
});
