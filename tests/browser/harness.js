// Starts a real Hearth server on an ephemeral port and a headless Debian
// Chromium driven by playwright-core, and checks pages with axe-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

// The widths every page is checked at: a phone and a desktop (CSS pixels).
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function startServer(extraEnv = {}) {
  const bin = resolve(here, process.env.HEARTH_BIN || '../../build/hearth');
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-browser-'));
  const env = {
    ...process.env,
    HEARTH_LISTEN: '127.0.0.1:0',
    HEARTH_DATA_DIR: dataDir,
    HEARTH_RATE_LIMITS: 'off',
    HEARTH_ACCESS_LOG: 'off',
    ...extraEnv,
  };
  delete env.HEARTH_DATABASE_URL;
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20000);
    const onData = (chunk) => {
      log += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    bin,
    env,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Admins need two-factor sign-in: people.js enrols each admin it makes and
// keeps a remembered browser for them (rememberAdminBrowser). Every browser
// context carries the newest such cookie for its server, as that admin's
// own browser would, so pages sign admins in with their password as before.
const rememberedAdmin = { url: null, token: null };
const openContexts = new Set();

function deviceCookie() {
  // Given for https: Chromium stores a Secure cookie only for a secure
  // address, and sends it to http://127.0.0.1 too (a trustworthy origin).
  return { name: '__Host-hearth_device', value: rememberedAdmin.token,
    url: rememberedAdmin.url.replace(/^http:/, 'https:'), secure: true, httpOnly: true, sameSite: 'Lax' };
}

export async function rememberAdminBrowser(url, token) {
  rememberedAdmin.url = url;
  rememberedAdmin.token = token;
  for (const context of openContexts) await context.addCookies([deviceCookie()]).catch(() => {});
}

export async function startBrowser() {
  const browser = await launchBrowser();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    openContexts.add(context);
    context.on('close', () => openContexts.delete(context));
    if (rememberedAdmin.token) await context.addCookies([deviceCookie()]);
    return context;
  };
  return browser;
}

async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

// Collects Content-Security-Policy violations and page errors: a page that
// needs inline script or style would show one.
export function watchPage(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return problems;
}

// Runs axe-core in the page (through the debugging protocol, so the strict
// CSP stays on) and returns serious and critical violations.
export async function seriousViolations(page) {
  // From the top of the page: the sticky "Leave this site" band covers
  // whatever is scrolled under it, which axe's target-size rule would count
  // against those targets at one scroll position and not at another.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// The text parts of an .eml file the server wrote (base64, as Hearth sends them).
export function mailText(eml) {
  return eml.split(/\r?\n--/)
    .filter((part) => /Content-Type: text\/plain/i.test(part))
    .map((part) => Buffer.from(part.split(/\r?\n\r?\n/).slice(1).join(''), 'base64').toString('utf8'))
    .join('\n');
}

// The first match of `pattern` in the newest e-mail to `email` that has one
// (the server writes each message into <data dir>/outbox), waiting up to 10 s.
export async function mailMatch(server, email, pattern) {
  const safe = email.replace(/[^A-Za-z0-9@.]/g, '_');
  const dir = join(server.dataDir, 'outbox');
  for (let i = 0; i < 100; i += 1) {
    let files = [];
    try { files = readdirSync(dir).filter((f) => f.endsWith(`-${safe}.eml`)).sort().reverse(); } catch { /* not yet */ }
    for (const f of files) {
      const m = pattern.exec(mailText(readFileSync(join(dir, f), 'utf8')));
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${email} matching ${pattern}`);
}

// After signing up on the page: opens the confirmation link e-mailed to
// `email` in `page` and presses "Confirm and continue", as the person would.
export async function confirmEmail(page, server, email) {
  const link = await mailMatch(server, email, /\/verify-email\?token=[A-Za-z0-9_-]+(&return_to=[^\s]+)?/);
  await page.goto(server.url + link);
  await page.getByRole('button', { name: /confirm and continue/i }).click();
  await page.waitForLoadState();
}
