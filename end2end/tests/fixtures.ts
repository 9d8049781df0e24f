import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every test fails if the page logged a console error or threw. The one exception: Chromium
 * reports a document that arrives with status 404 as a failed resource, which is exactly
 * what a test of a 404 page asks for.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const notFoundDocuments = new Set<string>();
      page.on('response', (response) => {
        if (response.request().resourceType() === 'document' && response.status() === 404) {
          notFoundDocuments.add(response.url());
        }
      });
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const expected404 =
          msg.text().includes('status of 404') && notFoundDocuments.has(msg.location().url);
        if (!expected404) errors.push(`${msg.text()} (${msg.location().url})`);
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
