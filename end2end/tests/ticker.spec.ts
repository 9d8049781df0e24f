import { test, expect, hydrated } from './fixtures';
import { ArticlePage } from './pages';

// Runs with JavaScript on and off: the pause control works before hydration too.

/** The headline showing now: the one whose middle lies inside the ticker's window. */
async function showing(page: import('@playwright/test').Page): Promise<string> {
  return page.evaluate(() => {
    const list = document.querySelector('.ticker-list')!.getBoundingClientRect();
    const items = [...document.querySelectorAll<HTMLElement>('.ticker-item')];
    const seen = items.find((li) => {
      const box = li.getBoundingClientRect();
      const middle = box.top + box.height / 2;
      return box.height > 0 && middle > list.top && middle < list.bottom;
    });
    return seen?.innerText ?? '';
  });
}

test('the ticker rotates, and its labelled Pause control stops it', async ({ page, javaScriptEnabled }) => {
  test.setTimeout(60_000);
  const article = await ArticlePage.openLead(page);
  await hydrated(page, javaScriptEnabled);
  await page.mouse.move(0, 0);
  const pause = article.ticker.getByRole('checkbox', { name: 'Pause' });
  await expect(pause).toBeVisible();
  // Headlines are links. (Other tests may add headlines meanwhile: no exact count.)
  const count = await article.ticker.locator('li').count();
  expect(count).toBeGreaterThanOrEqual(2);
  await expect(article.ticker.locator('li > a')).toHaveCount(count);
  const first = await showing(page);
  expect(first).not.toBe('');
  await expect.poll(() => showing(page), { timeout: 9_000 }).not.toBe(first);

  await pause.check();
  await page.getByRole('heading', { level: 1 }).click();
  await page.mouse.move(0, 0);
  const held = await showing(page);
  await page.waitForTimeout(5_000);
  expect(await showing(page)).toBe(held);

  await pause.uncheck();
  await page.getByRole('heading', { level: 1 }).click();
  await page.mouse.move(0, 0);
  await expect.poll(() => showing(page), { timeout: 9_000 }).not.toBe(held);
});

test('with reduced motion every headline is listed and nothing moves', async ({ page, javaScriptEnabled }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const article = await ArticlePage.openLead(page);
  await hydrated(page, javaScriptEnabled);
  const items = article.ticker.getByRole('listitem');
  expect(await items.count()).toBeGreaterThanOrEqual(2);
  for (const item of await items.all()) await expect(item).toBeVisible();
  // Nothing animates, and the first headline stays where it is. (Compared by text: another
  // test may publish a headline meanwhile, which the list then shows too.)
  const first = (await items.first().textContent())!;
  const box = async () => items.filter({ hasText: first }).boundingBox();
  const before = await box();
  const animations = () =>
    page.evaluate(() => document.getAnimations().filter((a) => (a.effect as KeyframeEffect | null)?.target instanceof Element && ((a.effect as KeyframeEffect).target as Element).closest('.ticker')).length);
  expect(await animations()).toBe(0);
  await page.waitForTimeout(4_500);
  expect(await animations()).toBe(0);
  const after = await box();
  expect(after?.x).toBe(before?.x);
});
