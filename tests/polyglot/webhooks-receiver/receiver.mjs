// A partner's webhook receiver: verifies every delivery with the standardwebhooks package, answers 204 when the
// signature holds and 400 when it does not. Run: WEBHOOK_SECRET=whsec_... PORT=8080 node receiver.mjs
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

export function verifies(secret, body, headers) {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const secret = process.env.WEBHOOK_SECRET;
  const port = Number(process.env.PORT ?? 8080);
  const seen = new Set(); // webhook-id is stable across retries: deduplicate on it
  createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (!verifies(secret, body, request.headers)) {
        response.writeHead(400).end();
        return;
      }
      const id = request.headers["webhook-id"];
      if (!seen.has(id)) {
        seen.add(id);
        console.log(JSON.stringify({ id, event: JSON.parse(body).type }));
      }
      response.writeHead(204).end();
    });
  }).listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}/`));
}
