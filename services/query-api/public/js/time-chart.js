// A small time-series chart (uPlot, served by this service), sized to its container, in the page's colours.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { formatCount } from './format.js';
import { cssColor, onSchemeChange } from './theme.js';

const HEIGHT = 150;

/**
 * @param {HTMLElement} container
 * @param {{ series: Array<{ label: string, color: string, dash?: number[], bars?: boolean }>,
 *           unit?: string, legend?: boolean }} spec
 *   `unit` labels the y axis.
 *   `color` names a CSS custom property, e.g. '--accent'. x values are epoch seconds.
 */
export function timeChart(container, spec) {
  let data = [[], ...spec.series.map(() => [])];
  let plot;
  const options = () => {
    const text = cssColor('--text-muted');
    const grid = cssColor('--border');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    return {
      width: Math.max(200, container.clientWidth),
      height: HEIGHT,
      legend: { show: spec.legend ?? true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        axis,
        {
          ...axis,
          size: 56,
          ...(spec.unit ? { label: spec.unit, labelSize: 18 } : {}),
          values: (_u, ticks) => ticks.map(formatCount),
        },
      ],
      series: [
        {},
        ...spec.series.map(({ label, color, dash, bars }) => ({
          label,
          stroke: cssColor(color),
          width: 2,
          ...(dash ? { dash } : {}),
          ...(bars
            ? { paths: uPlot.paths.bars({ size: [0.8, 40] }), fill: cssColor(color), points: { show: false } }
            : { points: { show: false } }),
        })),
      ],
    };
  };
  const draw = () => {
    plot?.destroy();
    plot = new uPlot(options(), data, container);
  };
  draw();
  new ResizeObserver(() => plot.setSize({ width: Math.max(200, container.clientWidth), height: HEIGHT })).observe(
    container,
  );
  onSchemeChange(draw);
  return {
    /** @param {Array<Array<number | null>>} next x values (epoch seconds) then one array per series */
    setData(next) {
      data = next;
      plot.setData(data);
    },
  };
}
