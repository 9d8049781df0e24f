import { test, expect, hydrated, createAdmin, logIn } from './fixtures';
import { ArticlePage } from './pages';

// JavaScript on only: what hydration adds.

test('following a link after hydration navigates without a page load', async ({ page }) => {
  const article = await ArticlePage.openLead(page);
  await hydrated(page, true);
  await page.evaluate(() => ((window as any).__sameDocument = 'still here'));
  const card = article.youMayLike.getByRole('heading', { level: 3 }).getByRole('link').first();
  await card.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  const title = (await card.innerText()).trim();
  await card.click();
  await expect(article.title).toHaveText(title);
  await expect(page).toHaveTitle(`${title} – Rights To All`);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe('still here');
  // The card was at the bottom: the new page starts at the top, its heading focused.
  await expect(article.title).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(400);
  // And back again.
  await page.goBack();
  await expect(article.title).not.toHaveText(title);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe('still here');
});

test('the ticker rotates, keeps rotating across navigations, and pauses', async ({ page }) => {
  test.setTimeout(60_000); // it waits out several rotations
  const article = await ArticlePage.openLead(page);
  await hydrated(page, true);
  const active = article.ticker.locator('.ticker-item.is-active');
  const first = await active.innerText();
  await expect(active).not.toHaveText(first, { timeout: 9_000 });

  await page.getByRole('navigation', { name: 'Sections', exact: true }).getByRole('link', { name: 'health' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('health');
  const afterNav = await active.innerText();
  await expect(active).not.toHaveText(afterNav, { timeout: 9_000 });

  const pause = article.ticker.getByRole('checkbox', { name: 'Pause' });
  await pause.check();
  // Take focus and the pointer off the ticker, which pause it by themselves.
  await page.getByRole('heading', { level: 1 }).click();
  await page.mouse.move(0, 0);
  const paused = await active.innerText();
  await page.waitForTimeout(5_000);
  await expect(active).toHaveText(paused);
  await pause.uncheck();
  await page.getByRole('heading', { level: 1 }).click();
  await expect(active).not.toHaveText(paused, { timeout: 9_000 });
});

test('under prefers-reduced-motion the ticker is a still list of every headline', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const article = await ArticlePage.openLead(page);
  await hydrated(page, true);
  await expect(article.ticker.getByRole('listitem')).toHaveCount(6);
  const active = article.ticker.locator('.ticker-item.is-active');
  const first = await active.innerText();
  await page.waitForTimeout(5_000);
  await expect(active).toHaveText(first);
});

test('the ticker refreshes every minute without moving a paused reader', async ({ page }) => {
  await page.clock.install();
  const article = await ArticlePage.openLead(page);
  await hydrated(page, true);
  const pause = article.ticker.getByRole('checkbox', { name: 'Pause' });
  await pause.check();
  await page.getByRole('heading', { level: 1 }).click();
  const active = article.ticker.locator('.ticker-item.is-active');
  const showing = await active.innerText();
  const refresh = page.waitForRequest((r) => r.url().includes('/api/list_breaking_headlines'));
  await page.clock.fastForward('01:01');
  await refresh;
  await page.clock.fastForward('00:10');
  await expect(pause).toBeChecked();
  await expect(active).toHaveText(showing);
});

test('a slow navigation shows a loading message', async ({ page }) => {
  const article = await ArticlePage.openLead(page);
  await hydrated(page, true);
  const card = article.youMayLike.getByRole('heading', { level: 3 }).getByRole('link').first();
  const title = (await card.innerText()).trim();
  // Hold the next article back for a second.
  const next = new URL((await card.getAttribute('href'))!, page.url()).pathname;
  await page.route((url) => url.pathname === next, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await card.click();
  await expect(page.getByRole('status').filter({ hasText: 'Loading' }).first()).toBeVisible();
  await expect(article.title).toHaveText(title);
  await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
});

test('Back returns to where the reader had scrolled', async ({ page }) => {
  await page.goto('/');
  await hydrated(page, true);
  const card = page.locator('.section-block').last().getByRole('heading', { level: 3 }).getByRole('link').first();
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  const y = await page.evaluate(() => window.scrollY);
  expect(y).toBeGreaterThan(1000);
  const title = (await card.innerText()).trim();
  await card.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(400);
  await page.goBack();
  await expect(page.getByRole('region', { name: 'Lead story' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(y - 50);
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(y + 50);
});

test('forms send without a page load: a refusal focuses the field, a search lands on its results', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page, true);
  await page.evaluate(() => ((window as any).__sameDocument = 'still here'));
  await page.getByLabel('Email address').fill('nobody-here@example.org');
  await page.getByLabel('Password').fill('not the password');
  const sent = page.waitForResponse((r) => r.url().endsWith('/api/login'));
  await page.getByRole('button', { name: 'Log in' }).click();
  expect((await sent).status()).toBe(422);
  await expect(page.getByText('That email and password do not match an account.')).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue('nobody-here@example.org');
  await expect(page.locator('main [aria-invalid="true"]').first()).toBeFocused();
  await expect(page).toHaveURL(/\/login$/);

  await page.getByRole('search').getByRole('searchbox').fill('water');
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/search\?q=water$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe('still here');
});

test('a dashboard form sends without a page load and its message takes focus', async ({ page }) => {
  await logIn(page, true, createAdmin('bulk'), '/admin/articles');
  await page.evaluate(() => ((window as any).__sameDocument = 'still here'));
  // The bulk form has a field named "action", which hides the form's own `action`.
  await page.getByLabel('With the ticked articles:').selectOption('trash');
  await page.getByRole('button', { name: 'Apply' }).click();
  const problem = page.getByRole('alert').filter({ hasText: 'Tick the articles to act on first.' });
  await expect(problem).toBeFocused();
  await expect(page).toHaveURL(/\/admin\/articles$/);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe('still here');
});
