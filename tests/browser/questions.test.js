// Questions and answers, at phone and desktop width: a visitor starts a
// question on /questions/new and meets the log-in gate (what they typed
// stays on the device), logs in, comes back to the form and asks
// anonymously; a verified specialist answers on the question page; the
// member marks that answer as the one that helped most. Every page on the
// way is checked with axe-core and for CSP violations; screenshots go to
// artifacts/ (questions-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { PASSWORD, expectAccessible, waitForDrafts } from './people.js';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  admin = await shared.adminToken(server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a member asks anonymously, a specialist answers, the member marks what helped most`, async () => {
    const size = { viewport: { width: viewport.width, height: viewport.height } };
    const member = await shared.signUp(server, 'member', `Ilse Quiet ${viewport.name}`);
    const specialist = await shared.listedSpecialist(server, `Dr Tomas Reyes ${viewport.name}`, { admin });
    const title = `How can I stop apologising for everything (${viewport.name})?`;
    const body = 'After my last relationship I say sorry for things that are not my fault.\nWhere do I start?';

    // A visitor writes the question and meets the gate.
    const context = await browser.newContext(size);
    const page = await context.newPage();
    const problems = watchPage(page);
    assert.equal((await page.goto(`${server.url}/questions/new`)).status(), 200);
    await page.getByLabel('Your question in one line').fill(title);
    await page.getByLabel('More about it').fill(body);
    await page.getByLabel('Ask anonymously').check();
    await page.getByLabel('Self-care and burnout').check();
    await page.getByLabel('Boundaries').check();
    await waitForDrafts(page, (d) => Object.keys(d).some((k) => k.endsWith(':question-new')), 'visitor draft');
    await expectAccessible(page, `${viewport.name}: ask form (visitor)`);
    await page.getByRole('button', { name: 'Log in to ask' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('return_to') === '/questions/new');
    assert.ok(!page.url().includes('apologising'), 'the words are never in the URL');
    await page.getByLabel(/e-mail/i).fill(member.email);
    await page.getByLabel(/^password/i).fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${server.url}/questions/new`);
    assert.equal(await page.getByLabel('Your question in one line').inputValue(), title);
    assert.equal(await page.getByLabel('More about it').inputValue(), body);
    assert.ok(await page.getByLabel('Ask anonymously').isChecked());
    // The topics chosen before the gate are still ticked, and only they.
    assert.ok(await page.getByLabel('Self-care and burnout').isChecked());
    assert.ok(await page.getByLabel('Boundaries').isChecked());
    assert.equal(await page.locator('input[name="topics"]:checked').count(), 2);
    await expectAccessible(page, `${viewport.name}: ask form`);
    await shot(page, `questions-ask-${viewport.name}.png`);
    await page.getByRole('button', { name: 'Publish my question' }).click();
    await page.waitForURL(/\/questions\/\d+\?done=asked$/);
    const questionPath = new URL(page.url()).pathname;
    await page.getByText('You asked this anonymously').waitFor();
    await expectAccessible(page, `${viewport.name}: question (asker)`);

    // The specialist answers on the page; the asker's name is nowhere.
    const spec = await browser.newContext(size);
    const specPage = await spec.newPage();
    const specProblems = watchPage(specPage);
    await specPage.goto(`${server.url}/login?return_to=${encodeURIComponent(questionPath)}`);
    await specPage.getByLabel(/e-mail/i).fill(specialist.email);
    await specPage.getByLabel(/^password/i).fill(PASSWORD);
    await specPage.getByRole('button', { name: /log in/i }).click();
    await specPage.waitForURL(server.url + questionPath);
    assert.ok(!(await specPage.content()).includes(member.name), 'the asker is not named');
    await specPage.getByText('Asked anonymously').waitFor();
    await specPage.getByLabel('Answer as a specialist').fill(
      'Start by noticing each "sorry" without changing it yet. Then try replacing one a day with "thank you".');
    await expectAccessible(specPage, `${viewport.name}: question (specialist)`);
    await specPage.getByRole('button', { name: 'Publish my answer' }).click();
    await specPage.waitForURL(/\?done=answered#answer-\d+$/);
    await specPage.getByText('Your answer is published. Thank you.').waitFor();
    await spec.close();
    assert.deepEqual(specProblems, []);

    // The member marks it as the answer that helped most.
    await page.goto(server.url + questionPath);
    await page.getByRole('button', { name: /This helped me most/ }).click();
    await page.waitForURL(/\?done=accepted#answer-\d+$/);
    await page.getByText('Helped the asker most').waitFor();
    await expectAccessible(page, `${viewport.name}: question with the accepted answer`);
    await shot(page, `questions-question-${viewport.name}.png`);

    // A visitor sees the question and the answer, not who asked.
    const visitor = await browser.newContext(size);
    const visitorPage = await visitor.newPage();
    const visitorProblems = watchPage(visitorPage);
    await visitorPage.goto(server.url + '/questions');
    await visitorPage.getByRole('link', { name: title }).waitFor();
    assert.ok(!(await visitorPage.content()).includes(member.name));
    await expectAccessible(visitorPage, `${viewport.name}: question list`);
    await shot(visitorPage, `questions-list-${viewport.name}.png`);
    await visitorPage.getByRole('link', { name: title }).click();
    await visitorPage.getByText('Helped the asker most').waitFor();
    assert.ok(!(await visitorPage.content()).includes(member.name));
    await expectAccessible(visitorPage, `${viewport.name}: question (visitor)`);
    await visitor.close();
    await context.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(visitorProblems, []);
  });
}
