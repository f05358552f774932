// A non-.NET client (the official Dapr JavaScript SDK) against the GoLive runtime. The .NET test
// PolyglotNodeTests starts a sidecar for this client and the .NET conformance app, then runs this file with
// DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT and TARGET_APP_ID set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { DaprClient, CommunicationProtocolEnum, HttpMethod } from "@dapr/dapr";

const target = process.env.TARGET_APP_ID ?? "conformance";
const protocols = {
  http: { protocol: CommunicationProtocolEnum.HTTP, port: process.env.DAPR_HTTP_PORT },
  grpc: { protocol: CommunicationProtocolEnum.GRPC, port: process.env.DAPR_GRPC_PORT },
};

function clientFor(name) {
  const { protocol, port } = protocols[name];
  return new DaprClient({ daprHost: process.env.DAPR_HOST ?? "127.0.0.1", daprPort: port, communicationProtocol: protocol });
}

async function eventually(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const name of Object.keys(protocols)) {
  test(`${name}: a JavaScript client saves, reads and deletes state`, async () => {
    const client = clientFor(name);
    const key = `node-${randomUUID()}`;
    await client.state.save("statestore", [{ key, value: { from: "node", n: 42 } }]);
    assert.deepEqual(await client.state.get("statestore", key), { from: "node", n: 42 });
    await client.state.delete("statestore", key);
    assert.ok(!(await client.state.get("statestore", key)));
  });

  test(`${name}: a JavaScript client publishes to a .NET subscriber`, async () => {
    const client = clientFor(name);
    const marker = randomUUID();
    await client.pubsub.publish("pubsub", "orders", { marker, from: "node" });
    await eventually(async () => {
      const received = await client.invoker.invoke(target, "inbox/orders", HttpMethod.GET);
      return received.some((event) => event.marker === marker);
    });
  });

  test(`${name}: a JavaScript client invokes a .NET app`, async () => {
    const client = clientFor(name);
    const reply = await client.invoker.invoke(target, "echo/hello?lang=js", HttpMethod.POST, { greeting: "hi" });
    assert.equal(reply.method, "POST");
    assert.match(reply.path, /\/echo\/hello$/);
    assert.deepEqual(JSON.parse(reply.body), { greeting: "hi" });
  });
}
