// The page's colours (CSS custom properties) for what draws itself (charts, the topology), and a way to
// redraw when the system switches between light and dark.

const scheme = matchMedia('(prefers-color-scheme: dark)');

/** @param {string} name e.g. '--accent' */
export const cssColor = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export const isDark = () => scheme.matches;

/** @param {() => void} redraw */
export function onSchemeChange(redraw) {
  scheme.addEventListener('change', redraw);
}
