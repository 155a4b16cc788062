// Screenshots of the Aspire dashboard, taken by a real browser (Debian's chromium driven by playwright-core).
// With the AppHost running (`dotnet run --project src/AppHost`):
//   npm install && node capture-dashboard.mjs [dashboard url] [output dir]
// It starts the drill-runner resource from the dashboard (its Start button, as a user would), waits for the drill
// to finish, and captures the resources page and the drill's trace. A plain `chromium --screenshot` gives a blank
// page: the dashboard renders over a live connection, so this waits for the page's own text before capturing.
import { chromium } from 'playwright-core';

const [dashboard = 'http://localhost:15180', out = '..'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 820 } });

async function drillTrace() {
  const response = await fetch(`${dashboard}/api/telemetry/spans?resource=drill-runner&limit=100000`);
  if (!response.ok) return undefined;
  const spans = await response.json();
  for (const rs of spans.data?.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        if (span.name === 'drill' && !span.parentSpanId) return span.traceId;
      }
    }
  }
  return undefined;
}

await page.goto(`${dashboard}/`);
let traceId = await drillTrace();
if (!traceId) {
  const runnerRow = page.getByRole('row').filter({ hasText: 'drill-runner' });
  await runnerRow.waitFor({ timeout: 60000 });
  await runnerRow.getByRole('button', { name: /start/i }).first().click();
}

// The drill kills a node and finishes on its own; poll the telemetry API for its root span.
for (let i = 0; i < 120 && !traceId; i++) {
  await page.waitForTimeout(1000);
  traceId = await drillTrace();
}
if (!traceId) throw new Error('no drill trace appeared within 120 s');
console.log(`drill trace ${traceId}`);

await page.goto(`${dashboard}/`);
await page.getByText('node-a').first().waitFor({ timeout: 60000 });
await page.waitForTimeout(2000);
await page.screenshot({ path: `${out}/dashboard-resources.png` });

await page.goto(`${dashboard}/traces/detail/${traceId}`);
await page.getByText('drill.failover').first().waitFor({ timeout: 60000 });
await page.waitForTimeout(1500);
await page.screenshot({ path: `${out}/dashboard-drill-trace.png` });

await browser.close();
