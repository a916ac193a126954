/**
 * The frame every chart of the page sits in: the container gets its class, a legend list and the plot's host
 * element. Charts keep their plot and resizing; the frame is the part they share.
 */
export function mountChartFrame(container, className) {
  container.classList.add(className);
  const legend = document.createElement('ul');
  legend.className = 'chart-legend';
  const plotHost = document.createElement('div');
  plotHost.className = 'chart-plot';
  container.append(legend, plotHost);
  return { legend, plotHost };
}
