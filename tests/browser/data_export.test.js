// "Download your data", at phone and desktop width: a member with a
// conversation opens /account, follows "Download your data", asks for the
// export, downloads the archive through the one-time link, and reads the
// summary.html inside it (messages decrypted). The export page, the ready
// page and the summary are checked with axe-core and for CSP violations;
// screenshots go to artifacts/ (data-export-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import * as shared from './people.js';
import { expectAccessible, logIn } from './people.js';

let server;
let browser;
let specialist;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  specialist = await shared.listedSpecialist(server, 'Dr Esther Calm');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

function unzip(file) {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-export-'));
  const done = spawnSync('python3', ['-m', 'zipfile', '-e', file, dir], { encoding: 'utf8' });
  assert.equal(done.status, 0, done.stderr);
  return dir;
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: a member downloads their data once and reads the summary`, async () => {
    const size = { viewport: { width: viewport.width, height: viewport.height } };
    const member = await shared.signUp(server, 'member', `Lena ${viewport.name}`);
    const words = `I would like to talk about trust (${viewport.name} ${Date.now()}).`;
    await shared.api(server, 'POST', '/api/v1/conversations',
      { specialist: specialist.slug, body: words, idempotency_key: `k-${viewport.name}-${Date.now()}` }, member.token);

    const context = await browser.newContext({ ...size, acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchPage(page);
    await logIn(page, server, member);
    await page.getByRole('link', { name: 'Download your data' }).click();
    await page.waitForURL(`${server.url}/account/export`);
    await page.getByRole('heading', { name: 'Download your data', level: 1 }).waitFor();
    await expectAccessible(page, `${viewport.name}: export page`);
    await shot(page, `data-export-page-${viewport.name}.png`);

    await page.getByRole('button', { name: 'Download your data' }).click();
    await page.waitForURL(/\/account\/export\?key=/);
    const link = page.getByRole('link', { name: 'Download the archive' });
    await link.waitFor();
    await expectAccessible(page, `${viewport.name}: export ready`);
    await shot(page, `data-export-ready-${viewport.name}.png`);
    const href = await link.getAttribute('href');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^hearth-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const file = join(mkdtempSync(join(tmpdir(), 'hearth-zip-')), 'export.zip');
    await download.saveAs(file);
    const dir = unzip(file);
    assert.ok(existsSync(join(dir, 'export.json')));
    const doc = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8'));
    assert.equal(doc.account.email, member.email);
    assert.equal(doc.conversations[0].messages[0].text, words);

    // The link works once: a second visit says so, calmly.
    const again = await page.goto(server.url + href);
    assert.equal(again.status(), 410);
    await page.getByRole('heading', { name: 'This link has been used' }).waitFor();
    await expectAccessible(page, `${viewport.name}: used link`);
    assert.deepEqual(problems, [], 'no CSP violations or page errors');

    // The summary inside the archive reads on its own.
    const summary = await context.newPage();
    await summary.goto(pathToFileURL(join(dir, 'summary.html')).href);
    await summary.getByRole('heading', { name: 'Your Hearth data', level: 1 }).waitFor();
    await summary.getByText(words).waitFor();
    await expectAccessible(summary, `${viewport.name}: summary.html`);
    await shot(summary, `data-export-summary-${viewport.name}.png`);
    await context.close();
  });
}
