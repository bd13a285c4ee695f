// The article editor, at phone and desktop width: a verified specialist
// writes a draft on /articles/new, previews it (rendered by the server, the
// form kept), saves and publishes it, and finds it on /articles/mine; an
// admin takes it down with a reason the author then reads. Every page is
// checked with axe-core and for CSP violations; screenshots go to
// artifacts/ (articles-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
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

// Logs in through the log-in page; specialists land on their profile's
// next step, admins on /account.
async function logIn(page, person) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/e-mail/i).fill(person.email);
  await page.getByLabel(/^password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a specialist writes, previews and publishes an article; an admin takes it down`, async () => {
    const size = { viewport: { width: viewport.width, height: viewport.height } };
    const author = await shared.listedSpecialist(server, `Ines Writer ${viewport.name}`, { admin: admin.token });
    const title = `Staying kind to yourself (${viewport.name})`;

    const context = await browser.newContext(size);
    const page = await context.newPage();
    const problems = watchPage(page);
    await logIn(page, author);
    await page.goto(`${server.url}/account`);
    await page.getByRole('link', { name: 'Write an article' }).click();
    await page.waitForURL(/\/articles\/new$/);
    await expectAccessible(page, `${viewport.name}: new article`);
    assert.equal(await page.locator('form[data-draft="article:new"]').count(), 1);

    await page.locator('#title').fill(title);
    await page.locator('#body').fill('## Small steps\n\nRest is part of the work.[^1]\n\n[^1]: A note.');
    await page.getByLabel('Boundaries').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Preview: not saved yet').waitFor();
    assert.equal(await page.locator('.article-preview h2#small-steps').count(), 1);
    assert.equal(await page.locator('#title').inputValue(), title, 'the form keeps what was typed');
    await expectAccessible(page, `${viewport.name}: preview`);
    await shot(page, `articles-preview-${viewport.name}.png`);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/articles\/[a-z0-9-]+\/edit\?saved=1$/);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/edit\?saved=1$/);
    await page.getByText('Published', { exact: true }).waitFor();
    await expectAccessible(page, `${viewport.name}: editor`);
    await shot(page, `articles-editor-${viewport.name}.png`);
    const slug = new URL(page.url()).pathname.split('/')[2];

    // The admin takes it down with a reason.
    const adminContext = await browser.newContext(size);
    const adminPage = await adminContext.newPage();
    const adminProblems = watchPage(adminPage);
    await logIn(adminPage, admin);
    await adminPage.goto(`${server.url}/articles/${slug}/edit`);
    await adminPage.getByLabel('Reason for taking it down').fill('Please remove the client detail in paragraph two.');
    await adminPage.getByRole('button', { name: 'Take down' }).click();
    await adminPage.getByText('An administrator took this article down.').waitFor();
    await expectAccessible(adminPage, `${viewport.name}: admin editor`);
    assert.deepEqual(adminProblems, []);
    await adminContext.close();

    // The author reads the reason on "Your articles".
    await page.goto(`${server.url}/articles/mine`);
    await page.getByText('Please remove the client detail in paragraph two.').waitFor();
    await expectAccessible(page, `${viewport.name}: your articles`);
    await shot(page, `articles-mine-${viewport.name}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
