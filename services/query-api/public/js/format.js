// Numbers and times as the reader's locale writes them.

const counts = new Intl.NumberFormat();
const times = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** @param {number} count */
export const formatCount = (count) => counts.format(count);

/** @param {Date | number} time */
export const formatTime = (time) => times.format(time);
