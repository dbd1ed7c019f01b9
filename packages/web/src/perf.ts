/**
 * Performance marks the benchmark reads from the page (bench/web): when the search screen is ready,
 * when a search answer arrived, and when its results were in the DOM.
 */
export function markSearchReady(): void {
  if (performance.getEntriesByName('hc:search-ready').length === 0) performance.mark('hc:search-ready');
}

export function markSearchAnswered(): void {
  performance.clearMarks('hc:search-answered');
  performance.mark('hc:search-answered');
}

export function markSearchRendered(): void {
  if (performance.getEntriesByName('hc:search-answered').length === 0) return;
  performance.mark('hc:search-rendered');
  performance.measure('hc:search-render', 'hc:search-answered', 'hc:search-rendered');
  performance.clearMarks('hc:search-answered');
}
