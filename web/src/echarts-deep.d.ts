/** Deep ECharts modules loaded on a chart's first download (lib/echarts.ts loadExport): they ship no types of their own. */
declare module 'echarts/lib/renderer/installSVGRenderer.js' {
  export const install: Parameters<typeof import('echarts/core').use>[0];
}
declare module 'echarts/lib/component/graphic/install.js' {
  export const install: Parameters<typeof import('echarts/core').use>[0];
}
