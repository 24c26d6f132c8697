// `npm run screenshots` (after a build): starts the demo (`cascade start` on a free port, fresh data), signs in as each
// role's demo person with 账号 and 密码 (a zh-CN browser in Asia/Shanghai, as a clerk's would be) and writes its main
// page at 1366 and 390 px to docs/screenshots/<role>-<width>.png.
// With CASCADE_URL and CASCADE_DATA_DIR it photographs a demo already running there instead.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from './chromium';

const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const CLI = path.join(ROOT, 'bin', 'cascade');
const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];
/** The demo's 紧急通知 falls overdue a minute after start and climbs the ladder; the board waits for it. */
const CONTENT_TIMEOUT_MS = 240_000;

interface Role {
  name: string;
  unitCode: string;
  role: 'clerk' | 'supervisor' | 'leader';
  /** What shows that the page has its content, not a loading state. */
  ready: string;
}

const ROLES: Role[] = [
  { name: 'county-clerk', unitCode: '141002', role: 'clerk', ready: '[data-testid="inbox-item"]' },
  { name: 'city-clerk', unitCode: '141000', role: 'clerk', ready: '[data-testid="inbox-item"]' },
  { name: 'province-supervisor', unitCode: '140000', role: 'supervisor', ready: '[data-testid="board-item"]' },
  { name: 'leader', unitCode: '141000', role: 'leader', ready: '[data-testid="inbox-item"]' },
];

const log = (line: string) => console.log(`[screenshots] ${line}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `cascade start` on free ports with a fresh data dir; resolves once it says it is running. */
async function startDemo(dataDir: string): Promise<{ url: string; process: ChildProcess }> {
  const [port, uiPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), TEMPORAL_UI_PORT: String(uiPort), CASCADE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cascade start did not get ready:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Cascade is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cascade start exited (${code}):\n${output}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return { url: `http://127.0.0.1:${port}`, process: child };
}

async function stopDemo(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

interface Account {
  login: string;
  password: string;
  name: string;
}

/** The demo person of a role, from the accounts the demo wrote at its first start. */
function accountFor(dataDir: string, role: Role): Account {
  const file = path.join(dataDir, 'demo-accounts.json');
  const demo = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    password: string;
    accounts: { login: string; name: string; unitCode: string; role: string }[];
  };
  const found = demo.accounts.find((a) => a.unitCode === role.unitCode && a.role === role.role);
  if (!found) throw new Error(`The demo has no person for ${role.name} (${role.unitCode}, ${role.role}) in ${file}`);
  return { login: found.login, name: found.name, password: demo.password };
}

async function photograph(browser: Browser, url: string, role: Role, account: Account): Promise<void> {
  for (const viewport of WIDTHS) {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const page: Page = await context.newPage();
      await signIn(page, url, account.login, account.password);
      await page.getByTestId('who').filter({ hasText: account.name }).waitFor();
      await page.locator(role.ready).first().waitFor({ timeout: CONTENT_TIMEOUT_MS });
      await page
        .getByText(/^正在加载/)
        .first()
        .waitFor({ state: 'detached', timeout: 30_000 });
      // Web fonts and images settle before the picture is taken.
      await page.evaluate('document.fonts.ready.then(() => true)');
      const file = path.join(OUT, `${role.name}-${viewport.width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      log(`${path.relative(ROOT, file)} (${await page.title()}, ${account.name})`);
    } finally {
      await context.close();
    }
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const given = process.env.CASCADE_URL;
  const dataDir = given
    ? (process.env.CASCADE_DATA_DIR ?? path.join(ROOT, 'data'))
    : fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-screenshots-'));
  let demo: { url: string; process: ChildProcess } | null = null;
  let browser: Browser | null = null;
  try {
    if (!given) {
      log(`starting the demo in ${dataDir}`);
      demo = await startDemo(dataDir);
    }
    const url = given ?? demo!.url;
    browser = await launchChromium();
    for (const role of ROLES) await photograph(browser, url, role, accountFor(dataDir, role));
  } finally {
    await browser?.close();
    if (demo) {
      await stopDemo(demo.process);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
