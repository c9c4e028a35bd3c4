import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../store/database.js";
import { serverSecret } from "../store/secrets.js";

const SECRET_NAME = "outbound-headers";

async function keyOf(db: Queryable): Promise<Buffer> {
  return createHash("sha256")
    .update(await serverSecret(db, SECRET_NAME))
    .digest();
}

/**
 * Encrypts request headers a user gave for an outgoing call (a teacher's credentials) for storage in a job row:
 * AES-256-GCM under a secret kept in the store, so the row holds no credential in plain text.
 */
export async function sealHeaders(db: Queryable, headers: Record<string, string>): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await keyOf(db), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(headers), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

/** The headers `sealHeaders` stored. */
export async function openHeaders(db: Queryable, sealed: string): Promise<Record<string, string>> {
  const [iv, tag, body] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", await keyOf(db), iv);
  decipher.setAuthTag(tag);
  return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8"));
}
