import { test, expect, hydrated, createAdmin, logIn } from './fixtures';
import type { Browser } from '@playwright/test';

// The newsroom, JavaScript on: an admin adds staff; a contributor writes and submits; an
// editor reviews and schedules; readers see the article on the home page at its time.

/** The admin creates an account on the People page; returns its one-time password. */
async function addStaff(browser: Browser, admin: { email: string; password: string }, name: string, email: string, role: string) {
  const page = await browser.newPage();
  await logIn(page, true, admin, '/admin/people');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Create the account' }).click();
  const password = (await page.locator('code.password').textContent())!.trim();
  expect(password).toHaveLength(29);
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText(name);
  await page.close();
  return { email, password };
}

/** A `datetime-local` value (UTC, to the second) `seconds` from now. */
function soon(seconds: number): { value: string; at: number } {
  const at = Math.ceil((Date.now() + seconds * 1_000) / 1_000) * 1_000;
  return { value: new Date(at).toISOString().slice(0, 19), at };
}

test('a contributor submits, an editor schedules, and the article appears on the home page at its time', async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const title = `Dam leaves valley farmers without water ${stamp}`;
  const admin = createAdmin('newsroom');
  const contributor = await addStaff(browser, admin, 'Cora Contributor', `cora-${stamp}@example.org`, 'contributor');
  const editorAccount = await addStaff(browser, admin, 'Eddie Editor', `eddie-${stamp}@example.org`, 'editor');

  // The contributor writes, watches the preview, and submits for review.
  const writer = await browser.newPage();
  await logIn(writer, true, contributor, '/admin/articles/new');
  await writer.getByRole('textbox', { name: 'Title' }).fill(title);
  await writer.getByRole('textbox', { name: 'Tags' }).fill('Water, Farming');
  await writer.getByRole('textbox', { name: 'Excerpt' }).fill('The river stopped at the dam.');
  await writer.getByRole('textbox', { name: 'Body' }).fill('## At the river\n\nFarmers say **the dam** took it all.');
  const preview = writer.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(preview.getByRole('heading', { name: 'At the river' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('the dam');
  // Contributors cannot publish: there is no such button.
  await expect(writer.getByRole('button', { name: 'Publish now' })).toHaveCount(0);
  await writer.getByRole('button', { name: 'Submit for review' }).click();
  await expect(writer).toHaveURL(/\/admin\/articles\/\d+\?saved=1$/);
  await expect(writer.locator('.editor-status')).toContainText('Pending review');

  // The editor finds it among those pending and schedules it.
  const editor = await browser.newPage();
  await logIn(editor, true, editorAccount, '/admin/articles?status=pending');
  await editor.getByRole('link', { name: title }).click();
  await expect(editor.getByRole('textbox', { name: 'Title' })).toHaveValue(title);
  await hydrated(editor, true);
  const when = soon(20);
  await editor.getByLabel('Publish at (UTC)').fill(when.value);
  await editor.getByRole('button', { name: 'Schedule' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Scheduled for' })).toBeVisible();
  await expect(editor.locator('.editor-status')).toContainText('Scheduled');

  // Readers do not see it yet; at its time the home page shows it, with no job to run.
  const reader = await browser.newPage();
  await reader.goto('/');
  await expect(reader.getByRole('link', { name: title })).toHaveCount(0);
  expect(Date.now()).toBeLessThan(when.at);
  await expect(async () => {
    await reader.goto('/');
    await expect(reader.getByRole('link', { name: title }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  expect(Date.now()).toBeGreaterThanOrEqual(when.at - 1_000);
});

test('an editor publishes a breaking headline and open pages show it at once, without disturbing a paused reader', async ({ browser, page }) => {
  test.setTimeout(60_000);
  const text = `Court frees jailed reporters ${Date.now()}`;
  await page.goto('/');
  await hydrated(page, true);
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const paused = await browser.newPage();
  await paused.goto('/');
  await hydrated(paused, true);
  await paused.getByLabel('Pause').check();
  const showing = (await paused.locator('.ticker-item.is-active').textContent())!;

  const editor = await browser.newPage();
  await logIn(editor, true, createAdmin('headline'), '/admin/headlines');
  await editor.getByLabel('Headline', { exact: true }).fill(text);
  await editor.getByLabel('Link', { exact: true }).fill('/');
  await editor.getByRole('button', { name: 'Publish the headline' }).click();
  await expect(editor.getByRole('row').filter({ hasText: text })).toContainText('Live');

  // Within 2 seconds, no reload: the server pushes the change.
  await expect(page.locator('.ticker-item').filter({ hasText: text })).toHaveCount(1, { timeout: 2_000 });
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await expect(paused.locator('.ticker-item').filter({ hasText: text })).toHaveCount(1, { timeout: 2_000 });
  await expect(paused.locator('.ticker-item.is-active')).toHaveText(showing);
});

/** `jpeg` with an EXIF block holding a GPS position spliced in after its start marker. */
function withGps(jpeg: Buffer): Buffer {
  const tiff = Buffer.alloc(80);
  tiff.write('II*\0', 0, 'latin1');
  tiff.writeUInt32LE(8, 4);
  // IFD0: GPSInfo → the GPS IFD at 26.
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x8825, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  // GPS IFD: latitude ref "N", latitude 48/1 51/1 30/1 at 56.
  tiff.writeUInt16LE(2, 26);
  tiff.writeUInt16LE(1, 28);
  tiff.writeUInt16LE(2, 30);
  tiff.writeUInt32LE(2, 32);
  tiff.write('N\0\0\0', 36, 'latin1');
  tiff.writeUInt16LE(2, 40);
  tiff.writeUInt16LE(5, 42);
  tiff.writeUInt32LE(3, 44);
  tiff.writeUInt32LE(56, 48);
  tiff.writeUInt32LE(0, 52);
  [48, 51, 30].forEach((v, i) => {
    tiff.writeUInt32LE(v, 56 + i * 8);
    tiff.writeUInt32LE(1, 60 + i * 8);
  });
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

test('uploading a photo with GPS data keeps a copy without it', async ({ browser, page }) => {
  // Any JPEG of ours will do as the photo.
  await page.goto('/');
  const src = await page.locator('main img[src^="/media/"]').first().getAttribute('src');
  const original = Buffer.from(await (await page.request.get(src!)).body());
  const photo = withGps(original);
  expect(photo.includes(Buffer.from('Exif'))).toBe(true);

  const editor = await browser.newPage();
  await logIn(editor, true, createAdmin('media'), '/admin/media');
  await expect(editor.getByText('location (GPS), camera and other hidden data in the file are removed')).toBeVisible();
  const alt = `Farmers at the dry riverbed ${Date.now()}`;
  await editor.getByLabel('Image', { exact: true }).setInputFiles({ name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: photo });
  await editor.getByLabel('Alt text', { exact: true }).first().fill(alt);
  await editor.getByLabel('Credit', { exact: true }).first().fill('Jo Lens');
  await editor.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(editor).toHaveURL(/\/admin\/media\?uploaded=\d+$/);
  await expect(editor.getByRole('status').filter({ hasText: 'no location or camera data' })).toBeVisible();
  const stored = await editor.getByRole('img', { name: alt }).getAttribute('src');
  const kept = Buffer.from(await (await editor.request.get(stored!)).body());
  expect(kept.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  expect(kept.includes(Buffer.from('Exif'))).toBe(false);
  expect(kept.includes(Buffer.from([0xff, 0xe1]))).toBe(false);
});
