// Starts the Switchboard server jar for one test file and talks to its HTTP API.
//
//   const server = await startServer(config);
//   server.url      -> ws://127.0.0.1:<port>/connection/websocket
//   server.api('publish', { channel: 'news', data: { text: 'hi' } })
//   await server.stop();
//
// Env:
//   SWITCHBOARD_JAR     path of the jar (default: ../../server/target/switchboard.jar from this file)
//   INTEROP_VERBOSE     when set, the server's output is streamed to stderr as it comes
//   INTEROP_JAVA_OPTS   extra JVM options, space separated (e.g. "-Xmx256m")
//   JAVA_HOME           when set, $JAVA_HOME/bin/java is used instead of `java` from PATH
//   SWITCHBOARD_CMD     run another server instead of the jar (e.g. a reference Centrifugo, to check the
//                       tests' expectations): a command line where {config} and {port} are replaced, split
//                       on spaces. It must serve GET /health, /api and /connection/websocket on that port.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HEALTH_TIMEOUT_MS = 30_000;
const HEALTH_POLL_MS = 100;
const STOP_GRACE_MS = 5_000;
const MAX_LOG_CHARS = 4 * 1024 * 1024;

export function jarPath() {
  if (process.env.SWITCHBOARD_JAR) return path.resolve(process.env.SWITCHBOARD_JAR);
  return fileURLToPath(new URL('../../server/target/switchboard.jar', import.meta.url));
}

/** A TCP port that was free a moment ago: bind port 0 on 127.0.0.1, read it, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Keeps everything the server printed (the last MAX_LOG_CHARS of it). */
class OutputBuffer {
  constructor(prefix) {
    this.text = '';
    this.dropped = 0; // characters cut from the front
    this.prefix = prefix;
    this.verbose = Boolean(process.env.INTEROP_VERBOSE);
  }

  append(chunk, stream) {
    const s = chunk.toString('utf8');
    this.text += s;
    if (this.text.length > MAX_LOG_CHARS) {
      const cut = this.text.length - MAX_LOG_CHARS;
      this.text = this.text.slice(cut);
      this.dropped += cut;
    }
    if (this.verbose) {
      const lines = s.replace(/\n$/, '').split('\n');
      process.stderr.write(lines.map((l) => `${this.prefix}${stream === 'stderr' ? '!' : ' '} ${l}`).join('\n') + '\n');
    }
  }

  /** Absolute position, for outputSince(). */
  mark() {
    return this.dropped + this.text.length;
  }

  since(mark) {
    return this.text.slice(Math.max(0, mark - this.dropped));
  }
}

/**
 * Writes `config` as JSON to a temp file, starts `java -jar switchboard.jar serve --config <file> --port <port>`
 * (or another subcommand, with `command`) and waits until GET /health answers 200. `port` reuses a port (e.g.
 * of a server just stopped, to restart it under its clients); default a free one. `dev` lays the file over
 * `serve --dev`'s preset; `env` adds variables (SWITCHBOARD_*) to the server's environment.
 */
export async function startServer(config, { healthTimeoutMs = HEALTH_TIMEOUT_MS, command, port: fixedPort, dev = false, env = {} } = {}) {
  const customCmd = process.env.SWITCHBOARD_CMD;
  const jar = jarPath();
  if (!customCmd && !existsSync(jar)) {
    throw new Error(
      `Switchboard jar not found at ${jar}. Build it first (cd <repo> && mvn -q -B package -DskipTests) ` +
        'or point SWITCHBOARD_JAR at it.',
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-interop-'));
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const port = fixedPort ?? (await freePort());
  const apiKey = config?.http_api?.key ?? '';

  let java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const jvmOpts = (process.env.INTEROP_JAVA_OPTS || '').split(/\s+/).filter(Boolean);
  // `command` replaces `serve --config <file>` (e.g. ['example', 'socketio-echo']); --port is always added.
  const subcommand = command ?? (dev ? ['serve', '--dev', '--config', configFile] : ['serve', '--config', configFile]);
  let args = [...jvmOpts, '-jar', jar, ...subcommand, '--port', String(port)];
  if (customCmd) {
    const parts = customCmd
      .split(/\s+/)
      .filter(Boolean)
      .map((p) => p.replaceAll('{config}', configFile).replaceAll('{port}', String(port)));
    [java, ...args] = parts;
  }
  const output = new OutputBuffer(`[switchboard:${port}]`);
  const envText = Object.entries(env).map(([k, v]) => `${k}=${v} `).join('');
  output.append(`$ ${envText}${java} ${args.join(' ')}\n`, 'stdout');

  const child = spawn(java, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let exit = null; // { code, signal } once exited
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  let spawnError = null;
  child.on('error', (err) => {
    spawnError = err;
    output.append(`[interop] could not start java: ${err.message}\n`, 'stderr');
  });
  child.stdout.on('data', (d) => output.append(d, 'stdout'));
  child.stderr.on('data', (d) => output.append(d, 'stderr'));

  // Never leave a JVM behind if this test process dies.
  const killOnExit = () => {
    if (exit === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', killOnExit);

  const base = `http://127.0.0.1:${port}`;
  const server = {
    port,
    url: `ws://127.0.0.1:${port}/connection/websocket`,
    apiUrl: `${base}/api`,
    healthUrl: `${base}/health`,
    baseUrl: base,
    configFile,
    config,
    pid: child.pid,

    /** Everything the server printed so far. */
    output: () => output.since(0),
    mark: () => output.mark(),
    outputSince: (mark) => output.since(mark),
    exited: () => exit,

    /** POST /api/<method> with X-API-Key; throws unless HTTP 200; returns the parsed JSON body. */
    async api(method, body = {}) {
      const res = await server.apiRaw(method, body);
      if (res.status !== 200) {
        throw new Error(`POST /api/${method} ${JSON.stringify(body)} -> HTTP ${res.status}: ${res.text}`);
      }
      if (res.json === undefined) {
        throw new Error(`POST /api/${method} -> HTTP 200 but the body is not JSON: ${JSON.stringify(res.text)}`);
      }
      return res.json;
    },

    /** Lower level: returns { status, text, json } without judging it. */
    async apiRaw(method, body = {}, { headers = {}, key = apiKey, rawBody } = {}) {
      const h = { 'Content-Type': 'application/json', ...headers };
      if (key !== null && key !== undefined) h['X-API-Key'] = key;
      const res = await fetch(`${server.apiUrl}/${method}`, {
        method: 'POST',
        headers: h,
        body: rawBody !== undefined ? rawBody : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json, headers: res.headers };
    },

    /** SIGTERM, wait for exit, SIGKILL after 5 s. */
    async stop() {
      process.off('exit', killOnExit);
      if (exit === null && !spawnError) {
        child.kill('SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
        if (timedOut && exit === null) {
          output.append(`[interop] server did not exit ${STOP_GRACE_MS} ms after SIGTERM; sending SIGKILL\n`, 'stderr');
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(dir, { recursive: true, force: true });
      return exit;
    },
  };

  // Wait for /health.
  const deadline = Date.now() + healthTimeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (spawnError) {
      await server.stop();
      throw new Error(`could not start the server: ${spawnError.message}\n${output.since(0)}`);
    }
    if (exit !== null) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(
        `the server exited before /health answered (code ${exit.code}, signal ${exit.signal}). Server output:\n` +
          output.since(0),
      );
    }
    try {
      const res = await fetch(server.healthUrl, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
      lastProblem = `HTTP ${res.status}`;
    } catch (err) {
      lastProblem = err.cause?.code || err.message;
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(
        `GET ${server.healthUrl} did not answer 200 within ${healthTimeoutMs} ms (last: ${lastProblem}). ` +
          `Server output:\n${output.since(0)}`,
      );
    }
    await sleep(HEALTH_POLL_MS);
  }
  return server;
}
