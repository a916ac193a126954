// Pages live in the URL's fragment (#/tests/checkout_v2?frame=1h), so the gateway needs no fallback
// route that could shadow an API path, and a page's settings can be bookmarked.

export function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { segments, params: new URLSearchParams(query) };
}

/** Rewrites the fragment's settings without creating a history entry or re-rendering the page. */
export function replaceParams(params) {
  const hash = location.hash.replace(/^#/, '') || '/';
  const path = hash.split('?')[0];
  const query = params.toString();
  history.replaceState(null, '', `#${path}${query ? `?${query}` : ''}`);
}

export function testHref(test) {
  return `#/tests/${encodeURIComponent(test)}`;
}

export function metricHref(metric) {
  return `#/metrics/${encodeURIComponent(metric)}`;
}
