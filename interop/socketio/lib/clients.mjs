// Helpers for the official clients: sockets opened for one test file and closed with it, and awaiting events.

/** Opens sockets with `connect(url, options)` (the client library's io) and remembers them for closeAll(). */
export function socketOpener(connect, defaults = {}) {
  const sockets = [];
  return {
    open(url, options = {}) {
      const socket = connect(url, { forceNew: true, reconnection: false, ...defaults, ...options });
      sockets.push(socket);
      return socket;
    },
    track(socket) {
      sockets.push(socket);
      return socket;
    },
    closeAll() {
      while (sockets.length) sockets.pop().close();
    },
  };
}

/** The arguments of the next `event` of `emitter`, or an error after timeoutMs. */
export function once(emitter, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}
