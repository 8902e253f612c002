// EmitStrategy (Java: EmitStrategy, KIP-825): when a time, sliding or session windowed aggregation sends its
// results. onWindowUpdate (the default) sends every update; onWindowClose sends each window once, with its final
// aggregate, when stream time passes its end + grace (for sessions: end + gap + grace), without suppress's
// separate buffer.

export type EmitStrategyType = 'on-window-update' | 'on-window-close';

export class EmitStrategy {
  private constructor(readonly type: EmitStrategyType) {}

  /** Every update of a window goes downstream as it happens. */
  static onWindowUpdate(): EmitStrategy {
    return new EmitStrategy('on-window-update');
  }

  /** A window goes downstream once, when it closes (stream time >= end + grace); no updates before. */
  static onWindowClose(): EmitStrategy {
    return new EmitStrategy('on-window-close');
  }
}
