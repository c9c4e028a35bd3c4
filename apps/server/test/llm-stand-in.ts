import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A chat-completions request as the stand-in received it. */
export interface ReceivedCompletion {
  authorization?: string;
  body: { model: string; messages: { role: string; content: string }[]; max_tokens?: number };
}

/** How the stand-in answers: the reply's text, or a failure to simulate. */
export type StandInBehaviour =
  | { reply: (request: ReceivedCompletion) => string }
  | { status: number }
  | { delayMs: number; reply: (request: ReceivedCompletion) => string }
  | { garbage: true };

export interface LlmStandIn {
  /** The API root to configure as `PARZEN_LLM_BASE_URL` (ends in `/v1`). */
  baseUrl: string;
  received: ReceivedCompletion[];
  /** Changes how the next requests are answered. */
  behave(behaviour: StandInBehaviour): void;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/**
 * A STAND-IN for an OpenAI-compatible language-model service (no real model can run here): a real HTTP server on
 * 127.0.0.1 that speaks the chat-completions wire format (`POST /v1/chat/completions` → `choices[0].message`),
 * answering with whatever text the test decides, or failing as told.
 */
export async function startLlmStandIn(behaviour: StandInBehaviour): Promise<LlmStandIn> {
  let current = behaviour;
  const received: ReceivedCompletion[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = (await readJson(request)) as ReceivedCompletion["body"];
      const seen = { authorization: request.headers.authorization, body };
      received.push(seen);
      const answer = current;
      if ("status" in answer) {
        response.writeHead(answer.status, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "simulated failure" } }));
        return;
      }
      if ("garbage" in answer) {
        response.writeHead(200, { "content-type": "text/plain" });
        response.end("this is not JSON");
        return;
      }
      if ("delayMs" in answer) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (response.destroyed) return;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${received.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            { index: 0, message: { role: "assistant", content: answer.reply(seen) }, finish_reason: "stop" },
          ],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        }),
      );
    })().catch(() => {
      response.writeHead(400);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    behave: (next) => {
      current = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
