// After the whole run: the server's log (JSON lines, see playwright.config.ts) holds no
// password, cookie or token, every line written while serving names its request, and it
// recorded what the suite does (logins, failed logins, moderation; refusals are checked by
// server/tests/logs.rs, since no browser test is refused). Fails the run otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every password the suite types: its readers' and the administrators create-admin printed.
const TYPED = ['violet tugboat anthem', 'not the password'];

export default function checkTheLog() {
  const dataDir = process.env.E2E_DATA_DIR!;
  const text = readFileSync(join(dataDir, 'server.log'), 'utf8');
  const passwordsFile = join(dataDir, 'passwords.txt');
  const printed = existsSync(passwordsFile) ? readFileSync(passwordsFile, 'utf8').split('\n').filter(Boolean) : [];
  const problems: string[] = [];
  for (const secret of [...TYPED, ...printed]) {
    if (text.includes(secret)) problems.push(`a password is in the log: ${secret}`);
  }
  for (const pattern of [/cookie/i, /__Host-/, /rta_session/, /\/preview\/[A-Za-z0-9_-]{6,}/, /password"\s*:/i]) {
    if (pattern.test(text)) problems.push(`the log matches ${pattern}`);
  }
  const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const said = (words: string) => lines.filter((l) => String(l.fields?.message ?? '').includes(words)).length;
  for (const words of ['logged in', 'failed login', 'comment moderated']) {
    if (said(words) === 0) problems.push(`nothing in the log says "${words}"`);
  }
  // Lines written while serving a request carry its id (the start-up lines have none).
  const serving = lines.filter((l) => l.fields?.path !== undefined || l.target?.startsWith('app::'));
  const orphans = serving.filter((l) => !/^[0-9a-f]{16}$/.test(l.spans?.[0]?.id ?? ''));
  if (orphans.length > 0) problems.push(`lines without a request id: ${JSON.stringify(orphans.slice(0, 3))}`);
  if (problems.length > 0) {
    throw new Error(`The server's log (${join(dataDir, 'server.log')}, ${lines.length} lines):\n  ${problems.join('\n  ')}`);
  }
  console.log(`Server log checked: ${lines.length} lines, ${printed.length + TYPED.length} passwords absent, every request line has its id.`);
}
