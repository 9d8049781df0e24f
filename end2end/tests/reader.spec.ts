import { test, expect, hydrated } from './fixtures';
import { ArticlePage } from './pages';

// Runs with JavaScript on (after hydration) and off.

test('the front page lists the latest articles and links to them', async ({ page, javaScriptEnabled }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await hydrated(page, javaScriptEnabled);
  await expect(page).toHaveTitle('Rights To All');
  const latest = page.getByRole('region', { name: 'Latest' });
  const links = latest.getByRole('heading', { level: 3 }).getByRole('link');
  await expect(links).toHaveCount(11);
  const title = await links.first().innerText();
  await links.first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page).toHaveURL(/\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+$/);
});

test('the article page shows every element of the old site, in order', async ({ page, javaScriptEnabled }) => {
  const article = await ArticlePage.openLead(page);
  await hydrated(page, javaScriptEnabled);
  const title = (await article.title.innerText()).trim();
  await expect(page).toHaveTitle(`${title} – Rights To All`);

  const skip = page.getByRole('link', { name: 'Skip to content' });
  const today = page.locator('.topbar time');
  const trending = page.getByRole('navigation', { name: 'Trending Tags' });
  const siteTitle = page.getByRole('link', { name: 'Rights To All', exact: true });
  const sections = page.getByRole('navigation', { name: 'Sections', exact: true });
  const crumbs = article.breadcrumbs;
  const sectionLabel = page.locator('.section-label a');
  const date = page.locator('.byline time');
  const author = page.locator('.byline').getByRole('link');
  const figure = page.locator('figure.featured');
  const body = page.locator('.article-body');
  const tags = page.getByRole('list', { name: 'Tags' });
  const comments = page.getByRole('region', { name: /comment/ });
  const footer = page.getByRole('contentinfo');

  await expect(skip).toHaveAttribute('href', '#main');
  await expect(today).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  await expect(trending.getByRole('link').first()).toBeVisible();
  await expect(sections.getByRole('link', { name: 'United Nations' })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'support us' })).toBeVisible();
  // Every current headline is in the HTML; one shows at a time.
  // Other tests may publish headlines meanwhile: at least the demo's.
  expect(await article.ticker.locator('li').count()).toBeGreaterThanOrEqual(6);
  await expect(article.ticker.locator('.ticker-item.is-active')).toHaveCount(1);
  await expect(crumbs.getByRole('listitem')).toHaveCount(5);
  await expect(crumbs.getByRole('link').nth(0)).toHaveText('Home');
  await expect(crumbs.getByRole('link').nth(1)).toHaveText(/^\d{4}$/);
  await expect(crumbs.getByRole('link').nth(2)).toHaveText(
    /^(January|February|March|April|May|June|July|August|September|October|November|December)$/,
  );
  await expect(crumbs.getByRole('link').nth(3)).toHaveText(/^\d{1,2}$/);
  await expect(crumbs.getByRole('listitem').last()).toHaveText(title);
  await expect(sectionLabel).toBeVisible();
  await expect(date).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  await expect(date).toHaveText(/ago|just now/);
  await expect(author).toHaveAttribute('href', /^\/author\/[a-z-]+$/);
  await expect(figure.getByRole('img')).toHaveAttribute('alt', /.+/);
  await expect(figure).toContainText('Photo:');
  await expect(body.locator('p').first()).toBeVisible();
  await expect(tags.getByRole('link').first()).toBeVisible();
  await expect(article.related.getByRole('link')).toHaveCount(4);
  // The newest demo article has a previous one (and a next only if another test published).
  await expect(article.postNavigation.locator('a[rel="prev"]')).toHaveCount(1);
  await expect(comments).toContainText('You must be logged in to post a comment.');
  await expect(comments.getByRole('link', { name: 'logged in' })).toHaveAttribute('href', /^\/login/);
  await expect(article.youMayLike.getByRole('article')).toHaveCount(4);
  await expect(footer).toContainText('All rights reserved');

  // The order of the reference page, top to bottom.
  const order = [skip, today, siteTitle, sections, article.ticker, crumbs, sectionLabel, article.title,
    date, figure, body, tags, article.related, article.postNavigation, comments, article.youMayLike, footer];
  let previous = -Infinity;
  for (const [i, el] of order.entries()) {
    // The skip link sits off-screen until focused; it is first in the document either way.
    if (i === 0) continue;
    const box = await el.boundingBox();
    expect(box, `element ${i} has a box`).not.toBeNull();
    expect(box!.y, `element ${i} comes after the previous one`).toBeGreaterThanOrEqual(previous);
    previous = box!.y;
  }
});

test('approved comments are shown; the login note replaces the form', async ({ page, javaScriptEnabled }) => {
  const article = await ArticlePage.openLead(page);
  await hydrated(page, javaScriptEnabled);
  const comments = page.getByRole('region', { name: /comment/ });
  await expect(comments.getByRole('listitem').first()).toBeVisible();
  await expect(comments).not.toContainText('Waiting for moderation');
  await expect(article.title).toBeVisible();
});

test('breadcrumbs, sections and previous links lead to real pages', async ({ page, javaScriptEnabled }) => {
  const article = await ArticlePage.openLead(page);
  await hydrated(page, javaScriptEnabled);
  const year = await article.breadcrumbs.getByRole('link').nth(1).innerText();
  const month = await article.breadcrumbs.getByRole('link').nth(2).innerText();
  const day = await article.breadcrumbs.getByRole('link').nth(3).innerText();
  await article.breadcrumbs.getByRole('link').nth(3).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${month} ${day}, ${year}`);
  await expect(page.getByRole('article').first()).toBeVisible();
  await article.breadcrumbs.getByRole('link', { name: month }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${month} ${year}`);
  await article.breadcrumbs.getByRole('link', { name: year }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(year);
  await expect(page.getByRole('article').first()).toBeVisible();

  await page.getByRole('navigation', { name: 'Sections', exact: true }).getByRole('link', { name: 'Torture' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Torture');
  await expect(page).toHaveURL(/\/category\/torture$/);

  await ArticlePage.openLead(page);
  const prev = page.getByRole('navigation', { name: 'Post navigation' }).locator('a[rel="prev"]');
  const prevTitle = await prev.locator('.post-nav-title').innerText();
  await prev.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(prevTitle);
});

test('archives paginate with plain links', async ({ page, javaScriptEnabled }) => {
  await page.goto('/category/news');
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('news');
  const year = new Date().getUTCFullYear();
  await page.goto(`/${year - 1}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(String(year - 1));
  // Fourteen demo articles a year: two pages.
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toContainText('Page 1 of 2');
  await pages.getByRole('link', { name: /Older/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${year - 1}\\?page=2$`));
  await expect(pages).toContainText('Page 2 of 2');
  await expect(page).toHaveTitle(`${year - 1} – page 2 of 2 – Rights To All`);
  await expect(page.getByRole('article').first()).toBeVisible();
});

test('unknown addresses get a real 404 page', async ({ page }) => {
  for (const path of ['/no/such/page/here', '/2024/02/30/nothing', '/2024/05/10/no-such-article', '/category/nope', '/1999x']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('link', { name: 'Go to the front page' })).toBeVisible();
  }
});

test('tag and author archives, and the support and privacy pages', async ({ page, javaScriptEnabled }) => {
  await page.goto('/tag/press-freedom');
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('press freedom');
  await expect(page).toHaveTitle('press freedom – Rights To All');
  const cards = page.getByRole('article');
  expect(await cards.count()).toBeGreaterThan(2);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('press freedom');

  // From a card to its author's archive, which carries the author's short bio.
  const author = cards.first().locator('.card-meta a[href^="/author/"]');
  const name = (await author.innerText()).trim();
  await author.click();
  await expect(page).toHaveURL(/\/author\/[a-z-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.locator('.archive-description')).toContainText(name.split(' ')[0]);

  await page.getByRole('contentinfo').getByRole('link', { name: 'Support us' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Support us');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy');
  await expect(page).toHaveTitle('Privacy – Rights To All');
});
