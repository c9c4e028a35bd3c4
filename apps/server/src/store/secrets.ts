import { randomBytes } from "node:crypto";
import type { Queryable } from "./database.js";

/** A random secret shared by every server on this store (made by whichever asks first). */
export async function serverSecret(db: Queryable, name: string): Promise<string> {
  await db.query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [
    name,
    randomBytes(32).toString("base64url"),
  ]);
  const [row] = await db.query<{ value: string }>("SELECT value FROM server_secrets WHERE name = $1", [name]);
  return row.value;
}
