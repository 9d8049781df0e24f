import { expect, type Locator, type Page } from '@playwright/test';

/** The article page, found by roles and labels. */
export class ArticlePage {
  constructor(readonly page: Page) {}

  get title(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }
  get breadcrumbs(): Locator {
    return this.page.getByRole('navigation', { name: 'Breadcrumb' });
  }
  get ticker(): Locator {
    return this.page.getByRole('region', { name: 'Breaking News' });
  }
  get postNavigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Post navigation' });
  }
  get youMayLike(): Locator {
    return this.page.getByRole('region', { name: 'You May Like' });
  }
  get related(): Locator {
    return this.page.getByRole('complementary', { name: 'You might want to read' });
  }

  /** Opens the newest article from the front page's lead story. */
  /**
   * Opens the newest article of the demo content. (Not simply the home page's lead: other
   * tests publish articles while this one runs, and theirs carry a time stamp in the title.)
   */
  static async openLead(page: Page): Promise<ArticlePage> {
    const reply = await page.request.get('/api/list_articles');
    expect(reply.ok()).toBe(true);
    const list = (await reply.json()) as { items: { title: string; slug: string; published_at: number }[] };
    const demo = list.items.find((a) => !/\d{13}/.test(a.title));
    expect(demo, 'a demo article').toBeTruthy();
    const day = new Date(demo!.published_at * 1000).toISOString().slice(0, 10).replace(/-/g, '/');
    await page.goto(`/${day}/${demo!.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(demo!.title);
    return new ArticlePage(page);
  }
}
