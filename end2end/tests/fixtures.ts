import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Every test fails if the page logged a console error or threw. The exceptions: Chromium
 * reports a response with a 4xx status as a failed resource, which is exactly what a test of
 * a 404 page, or of a form refusing bad input (422, 429), asks for. Those are allowed for
 * documents and for our own server functions.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const refused = new Set<string>();
      page.on('response', (response) => {
        const type = response.request().resourceType();
        const ours = type === 'document' || new URL(response.url()).pathname.startsWith('/api/');
        if (ours && [401, 404, 422, 429].includes(response.status())) refused.add(response.url());
      });
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const expected =
          /status of (401|404|422|429)/.test(msg.text()) && refused.has(msg.location().url);
        if (!expected) errors.push(`${msg.text()} (${msg.location().url})`);
      });
      page.on('pageerror', (err) => errors.push(String(err)));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until the app has hydrated (a no-op with JavaScript off). */
export async function hydrated(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

/** Makes an administrator with the server's own command; returns its email and password. */
export function createAdmin(tag: string): { email: string; password: string } {
  const email = `chief-${tag}-${Date.now()}@example.org`;
  const dataDir = process.env.E2E_DATA_DIR!;
  const out = execFileSync(resolve(__dirname, '../../target/release/server'), ['create-admin', '--email', email, '--name', `Chief ${tag}`], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, DATABASE_URL: `sqlite://${dataDir}/e2e.db`, MEDIA_DIR: `${dataDir}/media`, RUST_LOG: 'warn' },
  }).toString();
  const password = out.match(/^\s+(\S{29})\s*$/m)?.[1];
  expect(password, out).toBeTruthy();
  // For logs-teardown.ts: no password may appear in the server's log.
  appendFileSync(join(dataDir, 'passwords.txt'), `${password}\n`);
  return { email, password: password! };
}

/** Logs in on `page` and lands on `next`. */
export async function logIn(page: Page, javaScriptEnabled: boolean, who: { email: string; password: string }, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}$`));
  await hydrated(page, javaScriptEnabled);
}

/// Reloads `page` until `check` passes. An anonymous reader may get a page's stale copy for a
/// moment after a change (the page cache re-renders it once, in the background, at most once
/// a second); the change must show within a few seconds, well inside the 10 s stale bound.
export async function untilCurrent(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 5_000, intervals: [250, 500, 1_000] });
}
