import AxeBuilder from '@axe-core/playwright';
import { test, expect, hydrated } from './fixtures';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// JavaScript on only (axe runs in the page). Every page type: no accessibility violations,
// no request to another origin, one h1, images with alt and size; screenshots at three widths.

const pageTypes: Record<string, () => string> = {
  home: () => '/',
  article: () => '',
  section: () => '/category/health',
  tag: () => '/tag/press-freedom',
  author: () => '/author/elena-petrova',
  date: () => `/${new Date().getUTCFullYear() - 1}`,
  search: () => '/search?q=journalists',
  'no-results': () => '/search?q=xylophonequartz',
  support: () => '/support-us',
  privacy: () => '/privacy',
  'not-found': () => '/no/such/page',
  login: () => '/login',
  register: () => '/register',
};

/** No axe violations in either theme. */
async function axeClean(page: import('@playwright/test').Page, label: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary, `${label}, ${scheme} theme`).toEqual([]);
  }
}

async function leadHref(page: import('@playwright/test').Page) {
  await page.goto('/');
  return (await page.getByRole('region', { name: 'Lead story' }).getByRole('heading').getByRole('link').getAttribute('href'))!;
}

for (const [name, path] of Object.entries(pageTypes)) {
  test(`${name}: no axe violations, no third-party requests, sound structure`, async ({ page, baseURL }) => {
    const url = path() || (await leadHref(page));
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(baseURL!) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto(url);
    await hydrated(page, true);
    await axeClean(page, name);
    expect(foreign).toEqual([]);
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('banner')).toHaveCount(1);
    await expect(page.getByRole('contentinfo')).toHaveCount(1);
    for (const img of await page.locator('img').all()) {
      await expect(img).toHaveAttribute('alt');
      await expect(img).toHaveAttribute('width', /^\d+$/);
      await expect(img).toHaveAttribute('height', /^\d+$/);
    }
  });
}

test("a reader's pages: form errors, the account page, the comment form and a held comment", async ({ page }) => {
  await page.goto('/register');
  await hydrated(page, true);
  await page.getByLabel('Name shown with your comments').fill('Axe Reader');
  await page.getByLabel('Email address').fill(`axe-${Date.now()}@example.org`);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await axeClean(page, 'register with an error');
  await page.getByLabel('Password').fill('violet tugboat anthem');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/account');
  await hydrated(page, true);
  await axeClean(page, 'account');
  await page.goto(await leadHref(page));
  await hydrated(page, true);
  await page.getByLabel('Your comment').fill('Checking how a held comment looks.');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expect(page.getByText('Your comment is awaiting moderation.')).toBeVisible();
  await axeClean(page, 'article with the comment form');
});

test('every interactive element shows a visible focus ring', async ({ page }) => {
  await page.goto('/search?q=journalists');
  await hydrated(page, true);
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, width: parseFloat(style.outlineWidth), style: style.outlineStyle };
    });
    if (outline.tag === 'BODY') continue;
    expect(outline.style, `${outline.tag} #${i}`).not.toBe('none');
    expect(outline.width, `${outline.tag} #${i}`).toBeGreaterThanOrEqual(2);
  }
});

test('screenshots of home, article, archive and search at 360, 768 and 1280 px', async ({ page }) => {
  test.setTimeout(90_000);
  const dir = join(__dirname, '..', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const article = await leadHref(page);
  const shots: Record<string, string> = {
    home: '/',
    article,
    archive: '/category/health',
    search: '/search?q=journalists',
  };
  for (const width of [360, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, url] of Object.entries(shots)) {
      await page.goto(url);
      await hydrated(page, true);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
    }
  }
});
