import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A throwaway database and media folder for every run.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'rights-to-all-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
const port = Number(process.env.E2E_PORT ?? 3111);
const baseURL = `http://127.0.0.1:${port}`;

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    // Debian's Chromium: Playwright never downloads a browser here.
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  globalTeardown: './logs-teardown.ts',
  use: { baseURL, trace: 'off' },
  projects: [
    {
      name: 'js',
      use: { ...chromium, javaScriptEnabled: true },
    },
    {
      name: 'nojs',
      use: { ...chromium, javaScriptEnabled: false },
      // The dashboard needs JavaScript (its forms degrade to messages without it).
      testIgnore: /(hydrated|discovery|look|newsroom)\.spec\.ts/,
    },
  ],
  webServer: {
    // The log of the whole run, read by logs-teardown.ts for anything secret.
    command: `./target/release/server 2>> ${dataDir}/server.log`,
    cwd: resolve(__dirname, '..'),
    url: `${baseURL}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      MEDIA_DIR: `${dataDir}/media`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      RUST_LOG: 'info,sqlx=warn',
      LOG_FORMAT: 'json',
    },
  },
});
