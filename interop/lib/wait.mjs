// Waiting on conditions instead of sleeping.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `predicate` (sync or async) every `intervalMs` until it returns a truthy value, which is returned.
 * Throws `message` (a string, or a function giving one, called at the time of failure) after `timeoutMs`.
 */
export async function waitFor(predicate, timeoutMs = 5000, message = 'condition', { intervalMs = 20 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const text = typeof message === 'function' ? message() : message;
      const extra = lastError ? ` (last error: ${lastError.message ?? lastError})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${text}${extra}`);
    }
    await sleep(intervalMs);
  }
}

/**
 * Resolves with the first argument of the next `name` event of `emitter` (anything with on/off, e.g. a
 * Centrifuge client, a Subscription or a ws socket) for which `filter(arg)` holds; rejects after `timeoutMs`.
 * Create the promise BEFORE triggering the action that emits the event.
 */
export function nextEvent(emitter, name, timeoutMs = 5000, filter = () => true) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      let ok;
      try {
        ok = filter(...args);
      } catch (err) {
        cleanup();
        reject(err);
        return;
      }
      if (!ok) return;
      cleanup();
      resolve(args.length <= 1 ? args[0] : args);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for a '${name}' event`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(name, onEvent);
    };
    emitter.on(name, onEvent);
  });
}

/**
 * Records every event of the given names: rec.events.connected is the array of contexts received so far,
 * rec.all the ordered list of { name, ctx, at }.
 */
export function record(emitter, names) {
  const rec = { events: {}, all: [] };
  for (const name of names) {
    rec.events[name] = [];
    emitter.on(name, (ctx) => {
      rec.events[name].push(ctx);
      rec.all.push({ name, ctx, at: Date.now() });
    });
  }
  rec.summary = () => rec.all.map((e) => `${e.name}${e.ctx && e.ctx.code !== undefined ? `(${e.ctx.code} ${e.ctx.reason ?? ''})` : ''}`).join(', ');
  return rec;
}

/** A bounded wait used only where a test proves that something does NOT happen. */
export function quietPeriod(ms) {
  return sleep(ms);
}
