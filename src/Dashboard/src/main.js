import './styles.css';
import { currentRoute } from './router.js';
import { renderMetricPage } from './pages/metricPage.js';
import { renderTestListPage } from './pages/testListPage.js';
import { renderTestPage } from './pages/testPage.js';

// Shows the page the URL's fragment names; each page returns how to stop its requests and live stream.
const root = document.getElementById('app');
let disposeCurrent = () => {};

function show() {
  disposeCurrent();
  const { segments, params } = currentRoute();
  root.replaceChildren();
  window.scrollTo(0, 0);
  if (segments[0] === 'tests' && segments[1]) disposeCurrent = renderTestPage(root, segments[1], params);
  else if (segments[0] === 'metrics' && segments[1]) disposeCurrent = renderMetricPage(root, segments[1], params);
  else disposeCurrent = renderTestListPage(root);
  document.title = segments[1] ? `${segments[1]} · TSMetrics` : 'TSMetrics';
}

window.addEventListener('hashchange', show);
show();
