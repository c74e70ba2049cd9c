/** Stops what a command started, newest first, exactly once: on success, on error and on Ctrl-C. */
export function createStopStack() {
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  return {
    defer(stop: () => Promise<void>) {
      stops.push(stop);
    },
    stopAll(): Promise<void> {
      stopping ??= (async () => {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      })();
      return stopping;
    },
  };
}
