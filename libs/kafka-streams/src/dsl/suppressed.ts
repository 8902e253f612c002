// Suppressed (Java: org.apache.kafka.streams.kstream.Suppressed): which updates of a table reach downstream.
export interface Suppressed {
  readonly kind: 'until-window-closes';
  readonly name?: string;
}

export const Suppressed = {
  /** Only the final result of each window, once stream time passes its end + grace (windowed tables only). */
  untilWindowCloses: (name?: string): Suppressed =>
    name === undefined ? { kind: 'until-window-closes' } : { kind: 'until-window-closes', name },
} as const;
