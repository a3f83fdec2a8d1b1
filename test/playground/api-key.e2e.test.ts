/** On a server that requires API keys, the page stays open and calls the API with the key the person types. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../handlers/local/server";
import { CHROMIUM, requireSystemEngine } from "../support/system-engine";
import { givenPlaygroundServer, launchChromium } from "./given-playground";

const KEY = "playground-test-key-0123456789";
const chromiumPath = await requireSystemEngine(CHROMIUM);

describe.skipIf(chromiumPath === undefined)("playground with API keys", () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    server = (await givenPlaygroundServer({ apiKey: KEY })).server;
    browser = await launchChromium(chromiumPath!);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the API's refusal without a key, and recommendations once the key is typed", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector("body[data-ready=true]");

    await page.getByRole("button", { name: "Recommend" }).click();
    const refusal = await page.locator("#recs-status.error").textContent();
    await page.getByText("API key (only if the server requires one)").click();
    await page.getByLabel("API key").fill(KEY);
    await page.getByLabel("API key").press("Tab");
    await page.getByRole("button", { name: "Recommend" }).click();
    await page.locator("#recs-table tbody tr").first().waitFor();

    expect(refusal).toMatch(/^UNAUTHORIZED: /);
    expect(await page.locator("#recs-status").textContent()).toMatch(/^\d+ items for /);
    await page.close();
  }, 30_000);
});
