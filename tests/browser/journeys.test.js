// The site's own journeys, at phone and desktop width: the footer's Contact
// link leads to a working /contact page; "Leave this site" on the help page
// goes to the neutral page and, with JavaScript, replaces the history entry
// so Back does not return to Hearth; Escape pressed three times within two
// seconds does the same. Every Hearth page on the way is checked with
// axe-core and for CSP violations; screenshots go to artifacts/.
//
// The neutral page (the default quick_exit_url) is answered by the browser
// context itself, so the test never reaches the internet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import { expectAccessible } from './people.js';

const EXIT_URL = 'https://www.bbc.co.uk/weather';

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

async function newContext(viewport, options = {}) {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, ...options });
  await context.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }),
  );
  return context;
}

function onHearth(page) {
  return page.url().startsWith(server.url);
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: footer Contact leads to a working contact page`, async () => {
    const context = await newContext(viewport);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + '/');
    await page.getByRole('navigation', { name: 'Footer' }).getByRole('link', { name: 'Contact' }).click();
    await page.waitForURL(server.url + '/contact');
    await page.getByRole('heading', { level: 1, name: /contact the people who run this hearth/i }).waitFor();
    assert.equal(await page.getByRole('link', { name: /where to get help now/i }).first().getAttribute('href'), '/help');
    await expectAccessible(page, `contact (${viewport.name})`);
    await page.screenshot({ path: join(artifacts, `contact-${viewport.name}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${viewport.name}: "Leave this site" on the help page leaves and Back does not return`, async () => {
    const context = await newContext(viewport);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + '/contact');
    await page.goto(server.url + '/help');
    await expectAccessible(page, `help (${viewport.name})`);
    // The text-only lines sit beside the phone numbers.
    await page.getByRole('link', { name: '85258' }).waitFor();
    await page.getByRole('link', { name: '741741' }).waitFor();
    await page.screenshot({ path: join(artifacts, `help-${viewport.name}.png`), fullPage: true });

    const leave = page.getByRole('link', { name: 'Leave this site' });
    assert.equal(await leave.getAttribute('href'), EXIT_URL);
    // Visible without scrolling, a comfortable target, and covering nothing:
    // it sits in its own band above the header.
    const box = await leave.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height, 'the link is on screen');
    assert.ok(box.height >= 44, `the link is at least 44px tall (${box?.height})`);
    const header = await page.locator('header.site-header').boundingBox();
    assert.ok(box.y + box.height <= header.y, 'the band does not overlap the header');
    // It stays on screen while the page scrolls (sticky, in the flow).
    await page.mouse.wheel(0, 1500);
    await page.waitForFunction(() => window.scrollY > 0);
    const scrolled = await leave.boundingBox();
    assert.ok(scrolled && scrolled.y >= 0 && scrolled.y < 80, `still at the top after scrolling (${scrolled?.y})`);

    assert.deepEqual(problems, []);
    await leave.click();
    await page.waitForURL(EXIT_URL);
    await page.goBack();
    assert.ok(!page.url().endsWith('/help'), `Back returned to ${page.url()}`);
    assert.equal(page.url(), server.url + '/contact', 'the help page was replaced in the history');
    await context.close();
  });

  test(`${viewport.name}: Escape three times within two seconds leaves the help page`, async () => {
    const context = await newContext(viewport);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + '/');
    await page.goto(server.url + '/help');
    await page.locator('h1').click();  // as a reader would, with nothing in particular focused

    // Two presses, a pause longer than two seconds, then one: no exit.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(2100);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    assert.ok(onHearth(page), 'presses spread over more than two seconds do not leave');

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(EXIT_URL);
    await page.goBack();
    assert.equal(page.url(), server.url + '/', 'the help page was replaced in the history');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('without JavaScript, "Leave this site" is a plain link that still leaves', async () => {
  const context = await newContext(VIEWPORTS[0], { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/help');
  // The Escape hint is only shown where Escape works.
  assert.equal(await page.locator('[data-quick-exit-hint]').isVisible(), false);
  await page.getByRole('link', { name: 'Leave this site' }).click();
  await page.waitForURL(EXIT_URL);
  await context.close();
});

test('the Escape hint shows on a desktop with JavaScript', async () => {
  const context = await newContext(VIEWPORTS[1]);
  const page = await context.newPage();
  await page.goto(server.url + '/contact');
  assert.equal(await page.getByText('Press Esc three times to leave at once.').isVisible(), true);
  await context.close();
});
