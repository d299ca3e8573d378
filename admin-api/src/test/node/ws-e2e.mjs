// The `ws` client through Airlock (CONNECT via https-proxy-agent, the Airlock CA trusted through
// NODE_EXTRA_CA_CERTS): one allowed message echoed back, then one carrying a secret, which must
// end the connection with 1008. Prints one JSON line with what the client saw.
import WebSocket from 'ws';
import { HttpsProxyAgent } from 'https-proxy-agent';

const url = process.env.WS_URL;
const agent = new HttpsProxyAgent(process.env.PROXY_URL);

function session(message) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { agent, perMessageDeflate: false });
    const seen = { messages: [], code: null, reason: null, error: null };
    ws.on('open', () => ws.send(message));
    ws.on('message', (data) => {
      seen.messages.push(data.toString());
      ws.close(1000, 'done');
    });
    ws.on('close', (code, reason) => {
      seen.code = code;
      seen.reason = reason.toString();
      resolve(seen);
    });
    ws.on('error', (e) => {
      seen.error = String(e && e.message);
    });
  });
}

const allowed = await session(process.env.ALLOWED);
const denied = await session(process.env.DENIED);
console.log(JSON.stringify({ allowed, denied }));
