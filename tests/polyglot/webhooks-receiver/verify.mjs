// Verifies recorded deliveries: node verify.mjs deliveries.json, where the file holds
// [{ "secret": "whsec_...", "body": "...", "headers": { "webhook-id": ..., ... } }]. Prints one true/false per delivery.
import { readFileSync } from "node:fs";
import { verifies } from "./receiver.mjs";

const deliveries = JSON.parse(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify(deliveries.map((d) => verifies(d.secret, d.body, d.headers))));
