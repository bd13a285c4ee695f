// The Nu HTML Checker (vnu-jar, the W3C validator) over every kind of page
// Hearth renders, for visitors and for signed-in members, specialists and
// admins, on a server seeded with the demo content plus an article, two
// questions, an answer, a conversation and reports of every kind made
// through the JSON API. Fails on any error. To check another page, add it
// to PAGES (anyone) or to the signed-in list in the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './harness.js';
import * as shared from './people.js';
import { PASSWORD } from './people.js';

const here = dirname(fileURLToPath(import.meta.url));
// VNU_JAR overrides where the checker is (e.g. before `npm ci` has run).
const vnuJar = process.env.VNU_JAR || resolve(here, 'node_modules/vnu-jar/build/dist/vnu.jar');

// Pages anyone can open, as a visitor.
const PAGES = [
  '/',
  '/specialists',
  '/specialists/dr-amara-okafor',
  '/free-consultation',
  '/contact',
  '/help',
  '/privacy',
  '/login',
  '/signup',
  '/password/forgot',
  '/articles',
  '/articles?q=partner',
  '/questions',
  '/questions?q=apologising',
  '/questions/new',
  '/search?q=partner',
];

let server;
let workDir;

before(async () => {
  server = await startServer();
  const seed = spawnSync(server.bin, ['seed', '--demo'], { env: server.env, encoding: 'utf8' });
  assert.equal(seed.status, 0, seed.stderr);
  workDir = mkdtempSync(join(tmpdir(), 'hearth-vnu-'));
});

after(async () => {
  await server?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// The session cookie of `person` (logged in through the API, which sets it).
async function sessionCookie(person) {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // Admins use two-factor sign-in (people.js enrols them).
    body: JSON.stringify({ email: person.email, password: PASSWORD,
      ...(person.totpSecret ? { otp: await shared.freshCode(person) } : {}) }),
  });
  assert.equal(res.status, 200, `log in ${person.email}: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

const key = () => `vnu-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;

// Everything the signed-in pages show: people, an article, two questions
// (one answered), a conversation and one report of every kind.
async function makeScene() {
  const api = (...args) => shared.api(server, ...args);
  const admin = await shared.newAdmin(server);
  const author = await shared.listedSpecialist(server, 'Dr Vera Lindholm', { admin: admin.token });
  const asker = await shared.signUp(server, 'member', 'Ilse Quiet');
  const reader = await shared.signUp(server, 'member', 'Mona Reader');
  const { topics } = await api('GET', '/api/v1/vocabularies');
  const topic = topics[0].slug;

  const made = await api('POST', '/api/v1/articles', {
    title: 'When a partner keeps score',
    summary: 'How score-keeping wears down trust, and small ways back to each other.',
    body: '## Noticing it\n\nScore-keeping starts small.\n\n| sign | what it sounds like |\n| --- | --- |\n| tallying | "I did the dishes twice" |\n\n## What helps\n\nName it together.',
    topics: [topic],
    references: [],
  }, author.token);
  const slug = (made.article ?? made).slug;
  await api('POST', `/api/v1/articles/${slug}/publish`, {}, author.token);

  const asked = await api('POST', '/api/v1/questions', {
    title: 'How can I stop apologising for everything?',
    body: 'After my last relationship I say sorry for things that are not my fault. Where do I start?',
    topics: [topic], anonymous: false,
  }, asker.token);
  const question = (asked.question ?? asked).id;
  const open = await api('POST', '/api/v1/questions', {
    title: 'Is it normal to feel numb after leaving?',
    body: 'I expected relief but I mostly feel nothing. Is that part of it?',
    topics: [topic], anonymous: true,
  }, asker.token);
  const answered = await api('POST', `/api/v1/questions/${question}/answers`,
    { body: 'Start by noticing each "sorry" without changing it yet.' }, author.token);
  const answer = (answered.answer ?? answered).id;

  const started = await api('POST', '/api/v1/conversations',
    { specialist: author.slug, body: 'Hello, could we talk?', idempotency_key: key() }, reader.token);
  const sent = await api('POST', `/api/v1/conversations/${started.conversation.id}/messages`,
    { body: 'If you stop writing to me I will come to your work.', idempotency_key: key() }, author.token);

  // Articles and profiles are reported by their id, which their pages' report forms carry.
  const readerCookie = await sessionCookie(reader);
  const idOn = async (path) => {
    const html = await (await fetch(server.url + path, { headers: { Cookie: readerCookie } })).text();
    const id = /name="target_id" value="(\d+)"/.exec(html)?.[1];
    assert.ok(id, `${path} has a report form`);
    return Number(id);
  };
  const reports = [
    ['article', await idOn(`/articles/${slug}`)], ['question', question], ['answer', answer],
    ['profile', await idOn(`/specialists/${author.slug}`)], ['message', sent.message.id],
  ];
  for (const [target_type, target_id] of reports) {
    await api('POST', '/api/v1/reports', { target_type, target_id, reason: 'spam', note: 'Please look at this.' }, reader.token);
  }
  return { admin, author, asker, reader, topic, slug, question, open: (open.question ?? open).id, conversation: started.conversation.id };
}

// The editor of `slug` after pressing Preview: the form posted with the
// page's CSRF token, as the browser would.
async function previewPage(cookie, slug) {
  const form = await (await fetch(`${server.url}/articles/${slug}/edit`, { headers: { Cookie: cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(csrf, 'the editor has a CSRF token');
  const body = new URLSearchParams({
    _csrf: csrf, action: 'preview', title: 'When a partner keeps score',
    summary: 'How score-keeping wears down trust.', body: '## Noticing it\n\nScore-keeping *starts* small.\n\n- one\n- two',
  });
  const res = await fetch(`${server.url}/articles/${slug}/edit`, {
    method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual',
  });
  assert.equal(res.status, 200, `preview answered ${res.status}`);
  const html = await res.text();
  assert.ok(html.includes('preview-title'), 'the preview is rendered');
  return html;
}

test('every page type passes the Nu HTML Checker', { skip: !existsSync(vnuJar) && `no ${vnuJar}: run npm ci in tests/browser` }, async () => {
  const scene = await makeScene();
  const as = {
    visitor: '',
    author: await sessionCookie(scene.author),
    asker: await sessionCookie(scene.asker),
    reader: await sessionCookie(scene.reader),
    admin: await sessionCookie(scene.admin),
  };
  const article = `/articles/${scene.slug}`;
  const question = `/questions/${scene.question}`;
  // Account deletion: the admin's view of a person needs their id.
  const readerId = (await shared.api(server, 'GET', '/api/v1/me', undefined, scene.reader.token)).user.id;
  const pages = [
    ...PAGES.map((path) => ({ who: 'visitor', path })),
    { who: 'visitor', path: `/articles?topic=${scene.topic}` },
    { who: 'visitor', path: article },
    { who: 'author', path: article, expect: 'Edit' },
    { who: 'reader', path: article, expect: 'name="reason"' },
    { who: 'author', path: '/articles/new' },
    { who: 'author', path: `${article}/edit` },
    { who: 'author', path: '/articles/mine' },
    { who: 'author', path: '/account' },
    { who: 'asker', path: '/questions/new' },
    { who: 'visitor', path: question },
    { who: 'visitor', path: `/questions/${scene.open}` },
    { who: 'asker', path: question, expect: '/accepted' },
    { who: 'asker', path: `${question}/edit` },
    { who: 'author', path: `/questions/${scene.open}`, expect: 'name="body"' },
    { who: 'reader', path: question, expect: 'helpful' },
    { who: 'author', path: '/questions/unanswered' },
    { who: 'reader', path: '/account' },
    { who: 'reader', path: '/messages' },
    { who: 'reader', path: `/messages/${scene.conversation}` },
    { who: 'admin', path: '/admin/reports', items: 5 },
    { who: 'admin', path: '/account' },
    { who: 'reader', path: '/account/password' },
    { who: 'reader', path: '/account/email' },
    { who: 'reader', path: '/account/delete', expect: 'name="password"' },
    { who: 'admin', path: '/admin/people?email=example' },
    { who: 'admin', path: `/admin/people/${readerId}`, expect: 'name="reason"' },
    { who: 'admin', path: '/account/two-factor', expect: '/account/two-factor/disable' },
    { who: 'reader', path: '/account/two-factor', expect: '/account/two-factor/start' },
    { who: 'author', path: `${article}/edit#preview`, html: () => previewPage(as.author, scene.slug) },
  ];

  const files = new Map();
  for (const page of pages) {
    const label = `${page.path} (${page.who})`;
    let html;
    if (page.html) {
      html = await page.html();
    } else {
      const res = await fetch(server.url + page.path, { headers: as[page.who] ? { Cookie: as[page.who] } : {}, redirect: 'manual' });
      assert.equal(res.status, 200, `${label} answered ${res.status}`);
      html = await res.text();
    }
    if (page.expect) assert.ok(html.includes(page.expect), `${label} shows ${page.expect}`);
    if (page.items) assert.equal(html.match(/class="report-item"/g)?.length, page.items, `${label}: one item per reported kind`);
    const file = join(workDir, `${files.size}_${page.who}${page.path.replace(/[^a-z0-9]+/gi, '_')}.html`);
    writeFileSync(file, html);
    files.set(file, label);
  }

  // One JVM for all files; the JSON report goes to stderr.
  const run = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--errors-only', ...files.keys()], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(run.stderr.trim().startsWith('{'), `vnu did not report: ${run.stderr}${run.stdout}`);
  const messages = JSON.parse(run.stderr).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  const lines = messages.map((m) => {
    const file = decodeURIComponent(new URL(m.url).pathname);
    return `${files.get(file) ?? file}:${m.lastLine ?? '?'}: ${m.message} [${(m.extract ?? '').trim()}]`;
  });
  assert.deepEqual(lines, [], `Nu HTML Checker errors:\n${lines.join('\n')}`);
});
