// Driven by scripts/browser-serve: node browser-serve.cjs URL OUT-DIR.
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");

const [url, out] = process.argv.slice(2);
const shot = (name) => path.join(out, name);
const problems = [];

function watch(page) {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
}

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
  console.log(`ok: ${what}`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    watch(page);

    // First load: navigation timing until the questions are in the menu,
    // for the browser's very first page, then the median of five fresh
    // visits in new contexts (nothing cached: the server says no-store).
    const firstLoad = async (context) => {
      const fresh = await context.newPage();
      watch(fresh);
      await fresh.goto(url, { waitUntil: "load" });
      await fresh.waitForFunction(() => document.querySelectorAll("#question option").length > 0);
      const t = await fresh.evaluate(() => {
        const n = performance.getEntriesByType("navigation")[0];
        return { response: n.responseEnd, dom: n.domContentLoadedEventEnd, load: n.loadEventEnd, ready: performance.now() };
      });
      await fresh.close();
      return t;
    };
    const show = (t) => `response ${t.response.toFixed(1)} ms, DOMContentLoaded ${t.dom.toFixed(1)} ms, load ${t.load.toFixed(1)} ms, questions listed ${t.ready.toFixed(1)} ms`;
    console.log(`first load, cold browser: ${show(await firstLoad(context))}`);
    const visits = [];
    for (let i = 0; i < 5; i++) {
      const fresh = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      visits.push(await firstLoad(fresh));
      await fresh.close();
    }
    visits.sort((a, b) => a.load - b.load);
    console.log(`first load, fresh visit (median of 5): ${show(visits[2])}`);
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelectorAll("#question option").length > 0);

    // Every built-in question: reveal the model answer, type it, submit, see the highlights.
    const ids = await page.$$eval("#question option", (options) => options.map((o) => o.value));
    check(ids.length >= 4, `${ids.length} questions in the menu`);
    for (const id of ids) {
      await page.selectOption("#question", id);
      await page.click("#reveal");
      await page.waitForSelector("#model:not([hidden])");
      const model = await page.textContent("#model-text");
      await page.fill("#answer", "");
      await page.type("#answer", model.slice(0, 40));
      await page.fill("#answer", model);
      await page.click("#submit");
      await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Checked"));
      const score = await page.textContent("#score");
      const marks = await page.$$eval("#highlighted mark", (m) => m.length);
      check(score.includes("100%") && marks > 0, `${id}: model answer scores 100% with ${marks} highlights`);
    }

    // A partial answer, edited and resubmitted: points covered, hints, the screenshot.
    await page.selectOption("#question", "definition");
    await page.fill("#answer", "");
    await page.type("#answer", "Stakhanovism was a Soviet movement in the 1930s. It was named after Alexei Stakhanov, who mined a record 102 tonnes of coal in 1935.");
    await page.click("#submit");
    await page.waitForSelector("#result:not([hidden])");
    const first = await page.textContent("#score");
    await page.type("#answer", " Workers were encouraged to beat their quotas, and Stakhanovites got bonuses and medals.");
    check((await page.textContent("#word-count")).endsWith("words"), "the word count follows the typing");
    await page.click("#submit");
    await page.waitForFunction((before) => document.querySelector("#score").textContent !== before, first);
    const second = await page.textContent("#score");
    check(first !== second, `resubmitting changes the score: "${first}" then "${second}"`);
    const missed = await page.$$eval("#missed li", (items) => items.map((li) => li.textContent));
    check(missed.length > 0 && missed.every((t) => t.includes("add:")), "each missed point says what to add");
    check((await page.textContent("#missed-heading")) === "What to add", "below full marks the heading says what to add");
    await page.screenshot({ path: shot("practice.png"), fullPage: true });

    // Full marks under a mark scheme ("Name two ..." of three): the point
    // not made is another way to earn the marks, not something to add.
    await page.selectOption("#question", "two-benefits");
    await page.fill("#answer", "Functions give abstraction and reusability.");
    await page.click("#submit");
    await page.waitForFunction(() => document.querySelector("#score").textContent.startsWith("2 of 2 marks"));
    const others = await page.$$eval("#missed li", (items) => items.map((li) => li.textContent));
    check(others.length === 1 && others[0].includes("also:") && !others[0].includes("add:"),
      `at full marks the point not made says "also:": ${others}`);
    check((await page.textContent("#missed-heading")) === "Other ways to earn these marks",
      "at full marks the heading says other ways to earn them");

    // The answer is kept in the page across a reload.
    const typed = await page.inputValue("#answer");
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll("#question option").length > 0);
    check((await page.inputValue("#answer")) === typed, "the answer is kept across a reload");

    // Keyboard only: Tab to the menu, arrow to a question, Tab to the answer, type, Ctrl+Enter.
    const keys = await context.newPage();
    watch(keys);
    await keys.goto(url);
    await keys.waitForFunction(() => document.querySelectorAll("#question option").length > 0);
    let guard = 0;
    while ((await keys.evaluate(() => document.activeElement && document.activeElement.id)) !== "question" && guard++ < 10) {
      await keys.keyboard.press("Tab");
    }
    check(guard < 10, "Tab reaches the question menu");
    await keys.keyboard.press("ArrowDown");
    await keys.keyboard.press("Tab");
    check((await keys.evaluate(() => document.activeElement.id)) === "answer", "Tab goes on to the answer");
    await keys.keyboard.type("The Five-Year Plans set targets for heavy industry, and workers competed to exceed them.");
    await keys.keyboard.press("Control+Enter");
    await keys.waitForSelector("#result:not([hidden])");
    check((await keys.evaluate(() => document.activeElement.id)) === "result-heading", "the result gets the focus");
    await keys.screenshot({ path: shot("practice-keyboard.png"), fullPage: false });

    // A phone's width.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    watch(small);
    await small.goto(url);
    await small.waitForFunction(() => document.querySelectorAll("#question option").length > 0);
    await small.fill("#answer", "Stakhanovism was a Soviet drive of the 1930s that urged workers to exceed their quotas. It did not really raise productivity.");
    await small.click("#submit");
    await small.waitForSelector("#result:not([hidden])");
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `nothing wider than the phone (overflow ${overflow}px)`);
    await small.screenshot({ path: shot("practice-phone.png"), fullPage: true });

    // Progress: a chart per question.
    await page.goto(new URL("/progress", url).href);
    await page.waitForSelector(".card svg");
    const cards = await page.$$eval(".card", (c) => c.length);
    check(cards === ids.length, `progress shows ${cards} questions with charts`);
    await page.screenshot({ path: shot("progress.png"), fullPage: true });

    // Class: the folder named at start-up, graded; the report and the downloads.
    await page.goto(new URL("/class", url).href);
    await page.waitForSelector("#sources input");
    await page.selectOption("#question", "definition");
    await page.click("#grade");
    await page.waitForSelector("#class-result:not([hidden])");
    check((await page.textContent("#class-summary")).startsWith("3 answers graded"), "the class is graded");
    await page.screenshot({ path: shot("class.png"), fullPage: true });
    await page.click("#class-links a >> nth=0");
    await page.waitForSelector("table");
    check((await page.$$eval("mark", (m) => m.length)) > 0, "the class report highlights evidence");
    await page.screenshot({ path: shot("class-report.png"), fullPage: false });

    check(problems.length === 0, `no errors in the pages${problems.length ? ": " + problems.join("; ") : ""}`);
    console.log(`screenshots in ${out}`);
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
