/**
 * The optional language-model provider: a small OpenAI-compatible chat-completions client. Assistants are
 * deterministic and offline by default; with `PARZEN_LLM_BASE_URL` and `PARZEN_LLM_MODEL` set, `groundedAnswer`
 * lets the model phrase an answer from the same facts, falling back to the built-in answer on any failure.
 *
 * @example
 * import { chatModel, groundedAnswer, llmConfigFromEnv } from "../llm/index.js";
 * const config = llmConfigFromEnv();
 * const llm = config && chatModel(config);
 * const { text } = await groundedAnswer(llm, { role: "You explain runs.", facts, question, fallback });
 */
export { type ChatMessage, type ChatModel, type CompletionOptions, chatModel, LlmError } from "./client.js";
export { type LlmConfig, llmConfigFromEnv } from "./config.js";
export { type GroundedAnswer, type GroundedRequest, groundedAnswer } from "./grounded.js";
