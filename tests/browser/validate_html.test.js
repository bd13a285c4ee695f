// The Nu HTML Checker (vnu-jar, the W3C validator) over every kind of page
// a visitor can reach, on a server seeded with the demo content. Fails on
// any error. To check another page, add its path to PAGES.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
// VNU_JAR overrides where the checker is (e.g. before `npm ci` has run).
const vnuJar = process.env.VNU_JAR || resolve(here, 'node_modules/vnu-jar/build/dist/vnu.jar');

// `later: true`: the page belongs to a feature not built yet; a 404 there
// is reported, not failed. ARTICLE stands for the newest article's path,
// read from /feed.xml.
const PAGES = [
  { path: '/' },
  { path: '/specialists' },
  { path: '/specialists/dr-amara-okafor' },
  { path: '/free-consultation' },
  { path: '/contact' },
  { path: '/help' },
  { path: '/privacy' },
  { path: '/login' },
  { path: '/signup' },
  { path: '/password/forgot' },
  { path: '/articles', later: true },
  { path: 'ARTICLE', later: true },
  { path: '/questions', later: true },
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

async function newestArticlePath() {
  const feed = await (await fetch(`${server.url}/feed.xml`)).text();
  const m = /<entry>.*?<link rel="alternate" type="text\/html" href="[^"]*?(\/articles\/[^"]+)"/s.exec(feed);
  return m ? m[1] : null;
}

test('every page type passes the Nu HTML Checker', { skip: !existsSync(vnuJar) && `no ${vnuJar}: run npm ci in tests/browser` }, async () => {
  const files = new Map();
  const missing = [];
  for (const page of PAGES) {
    const path = page.path === 'ARTICLE' ? await newestArticlePath() : page.path;
    if (!path) {
      missing.push('an article page (no article in /feed.xml)');
      continue;
    }
    const res = await fetch(server.url + path);
    if (res.status === 404 && page.later) {
      missing.push(path);
      continue;
    }
    assert.equal(res.status, 200, `${path} answered ${res.status}`);
    const file = join(workDir, (path.replace(/[^a-z0-9]+/gi, '_') || 'root') + '.html');
    writeFileSync(file, await res.text());
    files.set(file, path);
  }
  if (missing.length) console.log(`not checked yet (no such page): ${missing.join(', ')}`);

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
