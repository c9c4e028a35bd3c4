import type { LlmConfig } from "./config.js";

/** One chat message in the chat-completions format. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompletionOptions {
  /** Upper bound on the answer's length. Default 400 tokens. */
  maxTokens?: number;
  /** Default 0: the same facts should read the same way. */
  temperature?: number;
  /** Ask this model of the service instead of the configured one (a caller's choice, e.g. a session's). */
  model?: string;
  signal?: AbortSignal;
}

/** A chat model: messages in, the assistant's text out. */
export interface ChatModel {
  /** The configured model name (for logs and answers that say who phrased them). */
  readonly model: string;
  /** Sends the conversation and returns the reply's text; throws `LlmError` on any failure. */
  complete(messages: ChatMessage[], options?: CompletionOptions): Promise<string>;
}

/** Any failure of the provider: unreachable, timed out, an error status, or an answer without text. */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Largest answer body read, so a misbehaving service cannot make us buffer without bound. */
const MAX_BODY_BYTES = 1024 * 1024;

async function readBounded(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new LlmError(`The answer is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A client for an OpenAI-compatible `POST {baseUrl}/chat/completions` service. The URL is the operator's
 * configuration, not user input, so it does not go through the SSRF guard.
 *
 * @example
 * const llm = chatModel({ baseUrl: "http://127.0.0.1:11434/v1", model: "llama3" });
 * const text = await llm.complete([{ role: "user", content: "Say hi" }]);
 */
export function chatModel(config: LlmConfig): ChatModel {
  const url = `${config.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const timeoutMs = config.timeoutMs ?? 15_000;
  return {
    model: config.model,
    async complete(messages, options = {}) {
      const signal = AbortSignal.any([
        AbortSignal.timeout(timeoutMs),
        ...(options.signal ? [options.signal] : []),
      ]);
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method: "POST",
          signal,
          redirect: "error",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            ...(config.apiKey && { authorization: `Bearer ${config.apiKey}` }),
          },
          body: JSON.stringify({
            model: options.model ?? config.model,
            messages,
            max_tokens: options.maxTokens ?? 400,
            temperature: options.temperature ?? 0,
            stream: false,
          }),
        });
        text = await readBounded(response);
      } catch (error) {
        if (error instanceof LlmError) throw error;
        const reason = signal.aborted ? `no answer within ${timeoutMs} ms` : (error as Error).message;
        throw new LlmError(`The language model service failed: ${reason}.`);
      }
      if (!response.ok)
        throw new LlmError(`The language model service answered ${response.status}.`, response.status);
      let content: unknown;
      try {
        content = JSON.parse(text)?.choices?.[0]?.message?.content;
      } catch {
        throw new LlmError("The language model service answered with something other than JSON.");
      }
      if (typeof content !== "string" || content.trim() === "")
        throw new LlmError("The language model service's answer has no message text.");
      return content.trim();
    },
  };
}
