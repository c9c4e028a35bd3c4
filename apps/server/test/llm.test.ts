import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatModel, groundedAnswer, LlmError, llmConfigFromEnv } from "../src/llm/index.js";
import { type LlmStandIn, startLlmStandIn } from "./llm-stand-in.js";

// The language model here is a local STAND-IN HTTP server speaking the chat-completions format (no model runs
// on this machine); the client under test makes real HTTP requests to it.
let standIn: LlmStandIn;
beforeAll(async () => {
  standIn = await startLlmStandIn({ reply: () => "ok" });
});
afterAll(() => standIn.close());

describe("the chat-completions client", () => {
  it("sends the model, the messages and the key, and returns the reply's text", async () => {
    standIn.behave({ reply: (r) => `echo: ${r.body.messages.at(-1)?.content}` });
    const llm = chatModel({ baseUrl: `${standIn.baseUrl}/`, model: "stand-in-1", apiKey: "sk-test" });
    const text = await llm.complete([{ role: "user", content: "hello" }], { maxTokens: 50 });
    expect(text).toBe("echo: hello");
    const last = standIn.received.at(-1)!;
    expect(last.authorization).toBe("Bearer sk-test");
    expect(last.body).toMatchObject({ model: "stand-in-1", max_tokens: 50 });
    expect(last.body.messages).toEqual([{ role: "user", content: "hello" }]);
  });

  it("fails with LlmError on an error status, a body that is not JSON, and a slow answer", async () => {
    const llm = chatModel({ baseUrl: standIn.baseUrl, model: "m", timeoutMs: 300 });
    standIn.behave({ status: 503 });
    await expect(llm.complete([{ role: "user", content: "x" }])).rejects.toThrow(/answered 503/);
    standIn.behave({ garbage: true });
    await expect(llm.complete([{ role: "user", content: "x" }])).rejects.toBeInstanceOf(LlmError);
    standIn.behave({ delayMs: 2000, reply: () => "late" });
    const started = Date.now();
    await expect(llm.complete([{ role: "user", content: "x" }])).rejects.toThrow(/within 300 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reads its settings from the environment, and none without a URL and a model", () => {
    expect(llmConfigFromEnv({})).toBeUndefined();
    expect(llmConfigFromEnv({ PARZEN_LLM_BASE_URL: "http://x/v1" })).toBeUndefined();
    expect(
      llmConfigFromEnv({
        PARZEN_LLM_BASE_URL: "http://x/v1",
        PARZEN_LLM_MODEL: "m",
        PARZEN_LLM_API_KEY: "k",
        PARZEN_LLM_TIMEOUT_MS: "500",
      }),
    ).toEqual({ baseUrl: "http://x/v1", model: "m", apiKey: "k", timeoutMs: 500 });
  });
});

describe("a grounded answer", () => {
  const request = {
    role: "You explain runs.",
    facts: "best score 0.91",
    question: "how good?",
    fallback: "0.91",
  };

  it("is the built-in answer without a model", async () => {
    expect(await groundedAnswer(undefined, request)).toEqual({ text: "0.91", source: "builtin" });
  });

  it("is phrased by the model from the facts and the draft", async () => {
    standIn.behave({ reply: () => "The best model scores 0.91." });
    const llm = chatModel({ baseUrl: standIn.baseUrl, model: "m" });
    expect(await groundedAnswer(llm, request)).toEqual({
      text: "The best model scores 0.91.",
      source: "llm",
    });
    const system = standIn.received.at(-1)!.body.messages[0].content;
    expect(system).toContain("best score 0.91");
    expect(system).toContain("0.91");
  });

  it("falls back to the built-in answer when the model fails", async () => {
    standIn.behave({ status: 500 });
    const llm = chatModel({ baseUrl: standIn.baseUrl, model: "m" });
    expect(await groundedAnswer(llm, request)).toEqual({ text: "0.91", source: "builtin" });
  });
});
