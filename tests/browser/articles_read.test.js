// Reading an article in a real browser, on a phone and on a desktop: a
// visitor searches from the header's box, finds the author, opens one of
// their articles from the profile, reads it (content note first, key
// points, contents) and sees the share links and "Copy link"; the article
// list filters by topic with the plain GET form. axe-core finds nothing
// serious or critical and no page breaks its CSP. Screenshots of the
// article and the search page at both widths go to artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, startBrowser, watchPage, artifacts, VIEWPORTS } from './harness.js';
import { expectAccessible, listedSpecialist } from './people.js';

let server;
let browser;
let author;
let article;

// The writing side's pages are not part of this journey: the article is
// written straight into the server's SQLite file, as its editor would leave it.
function sql(statement) {
  const run = spawnSync('sqlite3', [join(server.dataDir, 'hearth.db'), statement], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  author = await listedSpecialist(server, 'Priya Raman');
  const now = Math.floor(Date.now() / 1000);
  const body = '<p>When someone you love carries old hurt, it shows up in small moments.</p>'
    + '<h2 id="noticing">Noticing</h2><p>Notice what happens in your body first.</p>'
    + '<h2 id="boundaries">Boundaries</h2><p>Boundaries are a way of caring for both of you.</p>'
    + '<h3 id="repair">Repair</h3><p>Repair takes time, and that is normal.</p>';
  const toc = JSON.stringify([{ level: 2, id: 'noticing', text: 'Noticing' },
    { level: 2, id: 'boundaries', text: 'Boundaries' }, { level: 3, id: 'repair', text: 'Repair' }]);
  const [profileId, userId] = sql(`SELECT id, user_id FROM specialist_profiles WHERE slug = ${quote(author.slug)}`).split('|');
  article = { slug: 'supporting-a-partner-who-carries-old-hurt', title: 'Supporting a partner who carries old hurt' };
  sql(`INSERT INTO articles (author_id, profile_id, slug, status, title, summary, body_html, toc, key_points,
         content_notes, word_count, created_at, updated_at, published_at)
       VALUES (${userId}, ${profileId}, ${quote(article.slug)}, 'published', ${quote(article.title)},
         ${quote('What helps, what does not, and how to look after yourself too.')}, ${quote(body)}, ${quote(toc)},
         ${quote(JSON.stringify(['Go slowly', 'Look after yourself too']))}, ${quote(JSON.stringify(['abuse']))},
         1100, ${now}, ${now}, ${now - 86400});
       INSERT INTO article_topics (article_id, topic)
         SELECT id, 'supporting-a-partner' FROM articles WHERE slug = ${quote(article.slug)};
       INSERT INTO article_references (article_id, position, authors, year, title, publisher, url)
         SELECT id, 1, 'Herman, J.', '1992', 'Trauma and Recovery', 'Basic Books', 'https://example.org/herman'
         FROM articles WHERE slug = ${quote(article.slug)};
       UPDATE directory_state SET version = version + 1 WHERE id = 1;`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const viewport of VIEWPORTS) {
  test(`a visitor searches from the header, opens an article and sees how to share it (${viewport.name})`, async () => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    const problems = watchPage(page);

    await page.goto(server.url + '/');
    if (viewport.width < 640) {
      // A phone's header keeps its height: its "Search" link leads to the box.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
      await page.waitForURL(/\/search$/);
      await page.getByLabel('Words to search for').fill('Raman');
      await page.getByLabel('Words to search for').press('Enter');
    } else {
      const box = page.getByRole('search').first().getByLabel('Search Hearth');
      await box.fill('Raman');
      await box.press('Enter');
    }
    await page.waitForURL(/\/search\?q=Raman/);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Search Hearth' }).waitFor());
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: /Specialists/ }).waitFor());
    await expectAccessible(page, `search (${viewport.name})`);
    await page.screenshot({ path: join(artifacts, `articles-search-${viewport.name}.png`), fullPage: true });

    await page.getByRole('link', { name: 'Priya Raman' }).first().click();
    await page.waitForURL(new RegExp(`/specialists/${author.slug}$`));
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Articles by Priya Raman' }).waitFor());
    await page.getByRole('link', { name: article.title }).click();
    await page.waitForURL(new RegExp(`/articles/${article.slug}$`));

    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: article.title }).waitFor());
    const note = page.getByRole('complementary', { name: 'Content note' });
    assert.match(await note.innerText(), /This article talks about: abuse\./);
    // The note comes before the text.
    const noteBox = await note.boundingBox();
    const bodyBox = await page.locator('.article__body').boundingBox();
    assert.ok(noteBox.y < bodyBox.y);
    await assert.doesNotReject(page.getByRole('navigation', { name: 'In this article' }).waitFor());
    assert.match(await page.getByRole('complementary', { name: 'Key points' }).innerText(), /Go slowly/);

    const share = page.getByRole('region', { name: 'Share this article' });
    const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
    assert.ok(canonical.endsWith(`/articles/${article.slug}`));
    for (const name of ['E-mail', 'WhatsApp', 'Facebook', 'X', 'LinkedIn', 'Reddit']) {
      const href = await share.getByRole('link', { name, exact: true }).getAttribute('href');
      assert.ok(href.includes(encodeURIComponent(canonical).replaceAll('%2F', '/')), `${name}: ${href}`);
    }
    // With JavaScript, "Copy link" copies the address and says so.
    const copy = share.getByRole('button', { name: 'Copy link' });
    await copy.click();
    await assert.doesNotReject(share.getByRole('status').getByText('Link copied').waitFor());
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), canonical);

    await expectAccessible(page, `article (${viewport.name})`);
    await page.screenshot({ path: join(artifacts, `articles-article-${viewport.name}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the list filters by topic without JavaScript and says so calmly when a topic is empty', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + '/articles');
  await page.getByLabel('Topic', { exact: true }).selectOption('supporting-a-partner');
  await page.getByRole('button', { name: 'Show articles' }).click();
  await page.waitForURL(/topic=supporting-a-partner/);
  await assert.doesNotReject(page.getByRole('link', { name: article.title }).waitFor());
  // "Copy link" needs a script: without one it stays hidden.
  await page.goto(`${server.url}/articles/${article.slug}`);
  assert.equal(await page.getByRole('button', { name: 'Copy link' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();

  // axe runs as a script in the page: with scripts on, the list and an empty topic.
  const withScripts = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const again = await withScripts.newPage();
  await again.goto(server.url + '/articles?topic=supporting-a-partner');
  await expectAccessible(again, 'articles on a topic');
  await again.screenshot({ path: join(artifacts, 'articles-list-phone.png'), fullPage: true });
  await again.goto(server.url + '/articles?topic=boundaries');
  await assert.doesNotReject(again.getByText('No articles on this topic yet.').waitFor());
  await expectAccessible(again, 'empty topic');
  await withScripts.close();
});
