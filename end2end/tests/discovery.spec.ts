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

test('the site, section, tag and author feeds are valid RSS and Atom with full text', async ({ page, request }) => {
  await page.goto('/');
  // Feeds are announced in every page's head.
  const rss = await page.locator('link[rel="alternate"][type="application/rss+xml"]').first().getAttribute('href');
  expect(rss).toBe('/feed.xml');
  await page.goto('/category/health');
  await expect(page.locator('link[rel="alternate"][href="/category/health/atom.xml"]')).toHaveCount(1);

  for (const prefix of ['', '/category/health', '/tag/press-freedom', '/author/elena-petrova']) {
    for (const [file, type, item] of [['feed.xml', 'rss+xml', 'item'], ['atom.xml', 'atom+xml', 'entry']]) {
      const response = await request.get(`${prefix}/${file}`);
      expect(response.status(), `${prefix}/${file}`).toBe(200);
      expect(response.headers()['content-type']).toBe(`application/${type}; charset=utf-8`);
      const xml = await response.text();
      // The browser's own XML parser: well-formed, with entries that carry whole articles.
      const parsed = await page.evaluate(
        ([text, tag]) => {
          const doc = new DOMParser().parseFromString(text, 'application/xml');
          const entries = [...doc.getElementsByTagName(tag)];
          const body = (e: Element) =>
            (e.getElementsByTagName('content:encoded')[0] ?? e.getElementsByTagName('content')[0])?.textContent ?? '';
          return {
            error: doc.getElementsByTagName('parsererror').length > 0,
            count: entries.length,
            fullText: entries.every((e) => body(e).includes('<p>') && body(e).length > 400),
          };
        },
        [xml, item],
      );
      expect(parsed.error, `${prefix}/${file} parses`).toBe(false);
      expect(parsed.count, `${prefix}/${file} has entries`).toBeGreaterThan(0);
      expect(parsed.fullText, `${prefix}/${file} is full text`).toBe(true);
    }
  }
  expect((await request.get('/tag/no-such-tag/feed.xml')).status()).toBe(404);
});
