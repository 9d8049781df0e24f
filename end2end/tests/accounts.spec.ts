import { test, expect, hydrated } from './fixtures';
import type { Page } from '@playwright/test';
import { ArticlePage } from './pages';

// Reader accounts and comments, with JavaScript on (after hydration) and off.

const PASSWORD = 'violet tugboat anthem';

function uniqueEmail(tag: string): string {
  return `e2e-${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** The comments region of the article page. */
function comments(page: Page) {
  return page.getByRole('region', { name: /comment/ });
}

test('a visitor is asked to log in, and comes back to the article after registering', async ({ page, javaScriptEnabled }) => {
  const article = await ArticlePage.openLead(page);
  await hydrated(page, javaScriptEnabled);
  const url = new URL(page.url()).pathname;
  const prompt = comments(page).getByText('You must be logged in to post a comment.');
  await expect(prompt).toBeVisible();
  await expect(comments(page).getByRole('textbox')).toHaveCount(0);
  await comments(page).getByRole('link', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Name shown with your comments').fill('Visiting Reader');
  await page.getByLabel('Email address').fill(uniqueEmail('visitor'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(new RegExp(`${url}#respond$`));
  await expect(article.title).toBeVisible();
  await hydrated(page, javaScriptEnabled);
  await expect(comments(page).getByText('Logged in as Visiting Reader')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Your account' })).toContainText('Visiting Reader');
});

test('a wrong password shows a message and keeps the email typed', async ({ page, javaScriptEnabled }) => {
  const email = uniqueEmail('wrong');
  await page.goto('/register');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Name shown with your comments').fill('Careful Reader');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Too short: said next to the field, the name and email still there.
  const password = page.getByLabel('Password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/at least 12 characters \(you typed 5\)/)).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Name shown with your comments')).toHaveValue('Careful Reader');
  await hydrated(page, javaScriptEnabled);
  await password.fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page, javaScriptEnabled);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Log in' })).toBeVisible();

  await page.goto('/login');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('That email and password do not match an account.')).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
});

test('register, log in, comment, reply, edit and delete', async ({ page, javaScriptEnabled }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('flow');
  const name = `Flow Reader ${javaScriptEnabled ? 'JS' : 'HTML'}`;
  await page.goto('/register');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Name shown with your comments').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page, javaScriptEnabled);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Log in' })).toBeVisible();

  // Log in from the article's prompt, and land back on it.
  const article = await ArticlePage.openLead(page);
  const url = new URL(page.url()).pathname;
  await hydrated(page, javaScriptEnabled);
  await comments(page).getByRole('link', { name: 'logged in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(new RegExp(`${url}#respond$`));
  await expect(article.title).toBeVisible();
  await hydrated(page, javaScriptEnabled);

  // A first comment waits for moderation; its author sees it marked so.
  const first = `First words from ${name}, ${Date.now()}`;
  await comments(page).getByLabel('Your comment').fill(first);
  await comments(page).getByRole('button', { name: 'Post Comment' }).click();
  const mine = comments(page).getByRole('article', { name: `Comment by ${name}` }).filter({ hasText: first });
  await expect(mine).toBeVisible();
  await expect(mine.getByText('Your comment is awaiting moderation.')).toBeVisible();
  await hydrated(page, javaScriptEnabled);

  // Reply to someone else's comment: too soon after the first, then after the wait.
  const other = comments(page).getByRole('article').filter({ hasNotText: name }).first();
  const otherAuthor = (await other.locator('.comment-author').innerText()).trim();
  await other.getByRole('link', { name: /^Reply/ }).click();
  await expect(comments(page).getByRole('heading', { name: `Reply to ${otherAuthor}` })).toBeVisible();
  const reply = `A reply from ${name}`;
  await hydrated(page, javaScriptEnabled);
  await comments(page).getByLabel('Your comment').fill(reply);
  await comments(page).getByRole('button', { name: 'Post Comment' }).click();
  await expect(comments(page).getByText(/You are commenting quickly/)).toBeVisible();
  await expect(comments(page).getByLabel('Your comment')).toHaveValue(reply);
  await expect(comments(page).getByRole('heading', { name: `Reply to ${otherAuthor}` })).toBeVisible();
  await hydrated(page, javaScriptEnabled);
  await page.waitForTimeout(15_500);
  await comments(page).getByRole('button', { name: 'Post Comment' }).click();
  const myReply = comments(page).getByRole('article', { name: `Comment by ${name}` }).filter({ hasText: reply });
  await expect(myReply).toBeVisible();
  // It sits under the comment it answers.
  const parentItem = comments(page).locator('li.comment').filter({ has: page.getByRole('article', { name: `Comment by ${otherAuthor}` }) }).first();
  await expect(parentItem.locator('.comment-replies').getByText(reply)).toBeVisible();
  await hydrated(page, javaScriptEnabled);

  // Edit it.
  await myReply.getByRole('link', { name: 'Edit' }).click();
  const editBox = comments(page).getByLabel('Edit your comment');
  await expect(editBox).toHaveValue(reply);
  await hydrated(page, javaScriptEnabled);
  await editBox.fill(`${reply}, edited`);
  await comments(page).getByRole('button', { name: 'Save changes' }).click();
  const edited = comments(page).getByRole('article', { name: `Comment by ${name}` }).filter({ hasText: `${reply}, edited` });
  await expect(edited).toBeVisible();
  await expect(edited.locator('.comment-meta')).toContainText('edited');
  await hydrated(page, javaScriptEnabled);

  // Delete it.
  await edited.getByRole('button', { name: 'Delete' }).click();
  await expect(comments(page).getByText(`${reply}, edited`)).toHaveCount(0);
  await expect(comments(page).getByText(first)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(url));
});
