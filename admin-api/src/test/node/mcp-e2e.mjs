// An MCP server (the official SDK's McpServer over Streamable HTTP, on loopback HTTPS with a
// certificate for MCP_HOST) and the SDK's client calling it through Airlock.
//
// Protocol with the test: prints {"port": N} once the server listens, then reads one line of JSON
// {"proxy": "http://agent:key@127.0.0.1:P", "ca": "/path/to/airlock-ca.pem"} from stdin, runs the
// client and prints one line of JSON with what the client saw.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { createInterface } from 'node:readline';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import { z } from 'zod';

const host = process.env.MCP_HOST;
const serverCalls = [];
let progressSeen = null;

function mcpServer() {
  const server = new McpServer({ name: 'docs', version: '1.0.0' });
  server.registerTool('search_docs', {
    description: 'Search the documentation',
    inputSchema: { query: z.string() },
  }, async ({ query }, extra) => {
    serverCalls.push('search_docs');
    // A progress event first, then the result only once the client has seen it: an answer
    // buffered whole on the way would leave the client waiting and this call reporting false.
    await extra.sendNotification({ method: 'notifications/progress',
      params: { progressToken: extra._meta?.progressToken, progress: 1, total: 2, message: 'searching' } });
    const seen = await Promise.race([progressSeen.promise.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 15000))]);
    return { content: [{ type: 'text', text: `3 pages about ${query}; progress seen before the result: ${seen}` }] };
  });
  server.registerTool('delete_page', {
    description: 'Delete a documentation page',
    inputSchema: { page: z.string() },
  }, async ({ page }) => {
    serverCalls.push('delete_page');
    return { content: [{ type: 'text', text: `deleted ${page}` }] };
  });
  return server;
}

const transports = new Map();
const https = createServer({ cert: readFileSync(process.env.MCP_CERT), key: readFileSync(process.env.MCP_KEY) },
  async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const sessionId = req.headers['mcp-session-id'];
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport && req.method === 'POST' && isInitializeRequest(body)) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      await mcpServer().connect(transport);
    }
    if (!transport) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'no session' } }));
      return;
    }
    await transport.handleRequest(req, res, body);
  });
await new Promise((resolve) => https.listen(0, '127.0.0.1', resolve));
console.log(JSON.stringify({ port: https.address().port }));

const line = await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
const { proxy, ca } = JSON.parse(line);

// The SDK's transport takes a fetch: undici's, through Airlock, trusting Airlock's CA only.
const dispatcher = new ProxyAgent({ uri: proxy, requestTls: { ca: readFileSync(ca) } });
const exchanges = [];
const viaAirlock = async (url, init) => {
  const res = await undiciFetch(url, { ...init, dispatcher });
  if (init?.method === 'POST') {
    const msg = JSON.parse(init.body);
    exchanges.push({ method: msg.method ?? null, tool: msg.params?.name ?? null, status: res.status,
      content_type: res.headers.get('content-type'), trace: res.headers.get('x-airlock-trace-id') });
  }
  return res;
};

const out = { progress_events: 0 };
const client = new Client({ name: 'agent', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(new URL(`https://${host}/mcp`), { fetch: viaAirlock });
try {
  await client.connect(transport);
  out.session = transport.sessionId;
  out.tools = (await client.listTools()).tools.map((t) => t.name).sort();
  const search = async (query) => {
    progressSeen = Promise.withResolvers ? Promise.withResolvers() : (() => {
      let resolve; const promise = new Promise((r) => { resolve = r; }); return { promise, resolve };
    })();
    const r = await client.callTool({ name: 'search_docs', arguments: { query } }, undefined, {
      onprogress: () => { out.progress_events++; progressSeen.resolve(); },
    });
    return r.content[0].text;
  };
  out.first = await search('rate limits');
  try {
    await client.callTool({ name: 'delete_page', arguments: { page: 'getting-started' } });
    out.denial = 'no error raised';
  } catch (e) {
    out.denial = e.message;
    out.denial_code = e.code;
  }
  out.after = await search('quotas');
  out.session_after = transport.sessionId;
} catch (e) {
  out.failure = String(e?.stack ?? e);
}
out.exchanges = exchanges;
out.server_calls = serverCalls;
console.log(JSON.stringify(out));
await client.close().catch(() => {});
https.closeAllConnections?.();
https.close();
process.exit(0);
