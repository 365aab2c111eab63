// A tiny HTTP forward proxy for tests, on 127.0.0.1. It takes both forms a client may use:
// CONNECT tunnels (undici's ProxyAgent, behind @actions/http-client, opens one for every origin,
// plain http included) and absolute-URI requests (`GET http://host:port/path`, classic plain-http
// proxying). The API behind it is the simulator, which speaks plain HTTP, so a tunnel is read as
// HTTP too: every request is seen, counted and forwarded, and `requests` lists them.
//
// Whatever host a request names, it is forwarded to 127.0.0.1 on the port it names: the proxy stands
// for the network between the runner and the API, and this machine is the only one a test may reach.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  /** 'tunnel': inside a CONNECT tunnel; 'absolute': an absolute-URI request. */
  via: 'tunnel' | 'absolute';
  method: string;
  /** host:port the client asked for (the CONNECT authority, or the absolute URI's). */
  target: string;
  path: string;
}

export interface ForwardProxy {
  /** http://127.0.0.1:PORT, for HTTP_PROXY / HTTPS_PROXY. */
  url: string;
  requests: ProxiedRequest[];
  /** The authorities of the CONNECT requests, in order. */
  tunnels: string[];
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const tunnelTarget = new WeakMap<Socket, string>();

  function forward(via: ProxiedRequest['via'], req: IncomingMessage, res: ServerResponse): void {
    let target: string;
    let path: string;
    if (via === 'absolute') {
      const url = new URL(req.url ?? '');
      target = url.host;
      path = url.pathname + url.search;
    } else {
      target = tunnelTarget.get(req.socket) ?? req.headers.host ?? '';
      path = req.url ?? '/';
    }
    requests.push({ via, method: req.method ?? 'GET', target, path });
    const port = Number(new URL(`http://${target}`).port || 80);
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  // Parses the plain HTTP inside tunnels; never listens itself.
  const inTunnel = createServer((req, res) => forward('tunnel', req, res));
  const server = createServer((req, res) => {
    if (/^https?:\/\//.test(req.url ?? '')) forward('absolute', req, res);
    else res.writeHead(400).end('a forward proxy takes absolute URIs or CONNECT\n');
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    tunnelTarget.set(socket, req.url ?? '');
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    inTunnel.emit('connection', socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
