/**
 * ECharts, tree-shaken: the core, the canvas renderer and the components every chart uses. Chart
 * types are registered by the views that draw them (views/* /*.charts.ts), so a view's chart code
 * loads with the view.
 */
import { use } from 'echarts/core';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([CanvasRenderer, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent]);

export { init, use, type EChartsType, type EChartsCoreOption } from 'echarts/core';


/** Records the first chart drawn on the page (read by the benchmark and the e2e tests). */
export function markDrawn(): void {
  const w = window as unknown as { __firstChartMs?: number };
  if (w.__firstChartMs === undefined) w.__firstChartMs = performance.now();
}

/**
 * What a chart download needs beyond the screen: the SVG renderer and the graphic component (its
 * source line), loaded on the first download so the page's JS stays small.
 */
let exportReady: Promise<void> | null = null;
export function loadExport(): Promise<void> {
  // Deep imports: the packages' index modules are already in the page's chunk (canvas renderer,
  // grid …), so importing them again would not split these two off.
  exportReady ??= Promise.all([import('echarts/lib/renderer/installSVGRenderer.js'), import('echarts/lib/component/graphic/install.js')]).then(([svg, graphic]) => {
    use(svg.install);
    use(graphic.install);
  });
  return exportReady;
}
