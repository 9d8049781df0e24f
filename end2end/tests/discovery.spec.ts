import { test, expect } from '@playwright/test';

// HTTP only, no page: runs once, in the `js` project.

test('robots.txt names the sitemap, and every sitemap address answers 200', async ({ request }) => {
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  const sitemapUrl = (await robots.text()).match(/^Sitemap: (\S+)$/m)?.[1];
  expect(sitemapUrl).toMatch(/\/sitemap\.xml$/);

  const sitemap = await request.get(sitemapUrl!);
  expect(sitemap.status()).toBe(200);
  expect(sitemap.headers()['content-type']).toContain('application/xml');
  const locs = [...(await sitemap.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(locs.length).toBeGreaterThan(100);
  for (const loc of locs) {
    const response = await request.get(loc);
    expect(response.status(), loc).toBe(200);
  }
});
