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

/**
 * The payloads of the CONNECT packets a socket.io-client 4 socket sends to "/" (its auth, with pid and
 * offset when it asks to recover), as they leave its Engine.IO socket. Call watch() right after
 * socket.connect() opens a new one; reconnections of the manager are followed by themselves.
 */
export function connectPackets(socket) {
  const packets = [];
  const watched = new WeakSet();
  const watch = () => {
    const engine = socket.io.engine;
    if (!engine || watched.has(engine)) return;
    watched.add(engine);
    engine.on('packetCreate', (p) => {
      if (p.type === 'message' && typeof p.data === 'string' && p.data[0] === '0') packets.push(JSON.parse(p.data.slice(1) || '{}'));
    });
  };
  watch();
  // the manager makes its new engine right after this event, and it sends nothing before its handshake
  socket.io.on('reconnect_attempt', () => process.nextTick(watch));
  return { packets, watch };
}
