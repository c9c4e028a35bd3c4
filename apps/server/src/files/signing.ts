import { createHmac, timingSafeEqual } from "node:crypto";

/** Signs and checks expiring upload URLs, so the PUT of a two-step upload needs no API key. */
export class UploadSigner {
  constructor(private readonly secret: string) {}

  sign(fileId: string, expires: number): string {
    return createHmac("sha256", this.secret).update(`upload:${fileId}:${expires}`).digest("base64url");
  }

  /** Whether `signature` is ours for this file and `expires` has not passed. */
  verify(fileId: string, expires: number, signature: string, now = Date.now()): "ok" | "expired" | "invalid" {
    const expected = Buffer.from(this.sign(fileId, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
    return expires * 1000 < now ? "expired" : "ok";
  }
}
