export { type Window, type Windowed, windowed } from './window.js';
export { TimeWindows } from './time-windows.js';
export { SessionWindows } from './session-windows.js';
export { SlidingWindows } from './sliding-windows.js';
export { JoinWindows } from './join-windows.js';
export { timeWindowedSerde, sessionWindowedSerde } from './windowed-serdes.js';
