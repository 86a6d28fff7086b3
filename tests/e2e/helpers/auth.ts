import type { Page } from 'playwright-core';

/**
 * Logs the page's browser context in through the API (the session cookie lands in the context),
 * for specs whose subject is not the login form itself.
 */
export async function logInThroughApi(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  const response = await page.request.post(`${baseUrl}/api/v1/auth/login`, { data: { username, password } });
  if (response.status() !== 200) throw new Error(`login as ${username} failed: ${response.status()} ${await response.text()}`);
}

/** Fills and submits the login form of the page already at /login. */
export async function submitLoginForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** The status of `GET /api/v1/auth/me` with the page's cookies: 200 with a session, 401 without. */
export async function sessionStatus(page: Page, baseUrl: string): Promise<number> {
  return (await page.request.get(`${baseUrl}/api/v1/auth/me`)).status();
}
