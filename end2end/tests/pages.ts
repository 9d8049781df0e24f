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
  static async openLead(page: Page): Promise<ArticlePage> {
    await page.goto('/');
    const lead = page.getByRole('region', { name: 'Lead story' }).getByRole('heading').getByRole('link');
    const href = await lead.getAttribute('href');
    expect(href).toMatch(/^\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+$/);
    await page.goto(href!);
    return new ArticlePage(page);
  }
}
