// Runs one dashboard scenario in Debian's Chromium against a running gateway:
//   node tests/browser/dashboard.mjs <scenario> <gateway URL> <artifacts folder>
// It prints "timing:", "screenshot:" and "step:" lines and exits 0 when every assertion held. The xunit
// class DashboardBrowserTests starts the system with demo data and runs each scenario through this.
import { alertOnPage } from './scenarios/alertOnPage.mjs';
import { categoryShares } from './scenarios/categoryShares.mjs';
import { liftChart } from './scenarios/liftChart.mjs';
import { reconnect } from './scenarios/reconnect.mjs';
import { granularity } from './scenarios/granularity.mjs';
import { livePoint } from './scenarios/livePoint.mjs';
import { metricPage } from './scenarios/metricPage.mjs';
import { percentiles } from './scenarios/percentiles.mjs';
import { powerFigures } from './scenarios/powerFigures.mjs';
import { testList } from './scenarios/testList.mjs';
import { testPage } from './scenarios/testPage.mjs';

const scenarios = { testList, testPage, granularity, livePoint, metricPage, reconnect, liftChart, alertOnPage, powerFigures, percentiles, categoryShares };
const [name, base, artifacts] = process.argv.slice(2);
if (!scenarios[name] || !base || !artifacts) {
  console.error(`usage: node dashboard.mjs <${Object.keys(scenarios).join('|')}> <gateway URL> <artifacts folder>`);
  process.exit(2);
}

try {
  await scenarios[name]({ base: base.replace(/\/$/, ''), artifacts });
  console.log(`PASS ${name}`);
} catch (error) {
  console.error(`FAIL ${name}: ${error.stack ?? error}`);
  process.exitCode = 1;
}
