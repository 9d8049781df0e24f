import { test, expect, hydrated, createAdmin, untilCurrent } from './fixtures';
import { ArticlePage } from './pages';

// An editor moderates a reader's held comment, with JavaScript on and off.

const PASSWORD = 'violet tugboat anthem';

test('an editor approves a held comment, then trashes it, and readers see each', async ({ browser, page, javaScriptEnabled }) => {
  test.setTimeout(60_000);
  const mode = javaScriptEnabled ? 'js' : 'html';
  const text = `Held for the editor (${mode}) ${Date.now()}`;

  // A reader's first comment waits for moderation.
  await page.goto('/register');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Name shown with your comments').fill(`Moderated Reader ${mode}`);
  await page.getByLabel('Email address').fill(`moderated-${mode}-${Date.now()}@example.org`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await ArticlePage.openLead(page);
  const articleUrl = page.url();
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Your comment').fill(text);
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expect(page.getByText('Your comment is awaiting moderation.').first()).toBeVisible();

  // A visitor does not see it.
  const visitor = await browser.newPage({ javaScriptEnabled });
  await visitor.goto(articleUrl);
  await expect(visitor.getByText(text)).toHaveCount(0);

  // The editor approves it from the queue.
  const admin = createAdmin(mode);
  const editor = await browser.newPage({ javaScriptEnabled });
  await editor.goto('/login?next=/admin/comments');
  await hydrated(editor, javaScriptEnabled);
  await editor.getByLabel('Email address').fill(admin.email);
  await editor.getByLabel('Password').fill(admin.password);
  await editor.getByRole('button', { name: 'Log in' }).click();
  await expect(editor.getByRole('heading', { level: 1 })).toHaveText('Comments');
  await hydrated(editor, javaScriptEnabled);
  const item = editor.getByRole('article').filter({ hasText: text });
  await item.getByRole('button', { name: /^Approve/ }).click();
  await expect(editor.getByRole('article').filter({ hasText: text })).toHaveCount(0);
  await untilCurrent(visitor, () => expect(visitor.getByText(text)).toBeVisible({ timeout: 200 }));

  // Trashed, it is gone for readers again.
  await editor.goto('/admin/comments?tab=approved');
  await hydrated(editor, javaScriptEnabled);
  await editor.getByRole('article').filter({ hasText: text }).getByRole('button', { name: /^Trash/ }).click();
  await expect(editor.getByRole('article').filter({ hasText: text })).toHaveCount(0);
  await untilCurrent(visitor, () => expect(visitor.getByText(text)).toHaveCount(0, { timeout: 200 }));
  await visitor.close();
  await editor.close();
});
