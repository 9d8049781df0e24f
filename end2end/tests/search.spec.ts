import { test, expect, hydrated } from './fixtures';

// Runs with JavaScript on (after hydration) and off.

test('searching from the header finds articles, highlights the words and opens one', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  await hydrated(page, javaScriptEnabled);
  const box = page.getByRole('search', { name: 'Site search' }).getByRole('searchbox', { name: 'Search articles' });
  await box.fill('journalists');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=journalists$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search results for “journalists”');
  await expect(page).toHaveTitle('Search: journalists – Rights To All');
  await expect(page.getByRole('status').filter({ hasText: /articles? found/ })).toBeVisible();
  const results = page.locator('.search-hit');
  expect(await results.count()).toBeGreaterThan(1);
  await expect(results.first().locator('mark').first()).toHaveText(/journalist/i);
  // What was typed stays in the box.
  await expect(page.locator('#search-page-q')).toHaveValue('journalists');
  const title = (await results.first().getByRole('heading', { level: 2 }).innerText()).trim();
  await results.first().getByRole('heading', { level: 2 }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test('search results page with plain links', async ({ page, javaScriptEnabled }) => {
  await page.goto('/search?q=the');
  await hydrated(page, javaScriptEnabled);
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toContainText('Page 1 of');
  const firstOnPage1 = await page.locator('.search-hit h2').first().innerText();
  await pages.getByRole('link', { name: /Next/ }).click();
  await expect(page).toHaveURL(/\/search\?q=the&page=2$/);
  await expect(pages).toContainText('Page 2 of');
  await expect(page.locator('.search-hit h2').first()).not.toHaveText(firstOnPage1);
  await pages.getByRole('link', { name: /Previous/ }).click();
  await expect(page.locator('.search-hit h2').first()).toHaveText(firstOnPage1);
});

test('no results, and text that is not a query, get a clear message', async ({ page, javaScriptEnabled }) => {
  await page.goto('/search');
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search');
  const box = page.locator('#search-page-q');
  await box.fill('xylophonequartz');
  await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No articles match “xylophonequartz”.')).toBeVisible();

  for (const typed of ['"NEAR(', '((*))', 'a'.repeat(10_000)]) {
    const response = await page.goto(`/search?q=${encodeURIComponent(typed)}`);
    expect(response?.status()).toBe(200);
    await hydrated(page, javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Something went wrong')).toHaveCount(0);
  }
  await page.goto('/search?q=%28%29%2A');
  await expect(page.getByText('There were no words to search for in what you typed.')).toBeVisible();
});

test('a query that looks like markup stays text in the title and never refreshes the page', async ({ page, javaScriptEnabled }) => {
  // Were the title written unescaped, this would end it and send the page to /privacy.
  const typed = 'a</title><meta http-equiv=refresh content=0;url=/privacy>b';
  await page.goto(`/search?q=${encodeURIComponent(typed)}`);
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Search results for “${typed}”`);
  await expect(page).toHaveTitle(`Search: ${typed} – Rights To All`);
  await page.waitForTimeout(1_000);
  await expect(page).toHaveURL(/\/search\?q=/);
  // Sent from the search box (with JavaScript, the new title is swapped in by the script).
  const box = page.locator('#search-page-q');
  await box.fill(`${typed} again`);
  await box.press('Enter');
  await expect(page).toHaveTitle(`Search: ${typed} again – Rights To All`);
  await page.waitForTimeout(1_000);
  await expect(page).toHaveURL(/\/search\?q=.*again$/);
});
