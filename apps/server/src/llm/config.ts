/** Where an OpenAI-compatible chat-completions service is, as the operator configured it. */
export interface LlmConfig {
  /** API root, e.g. `https://api.openai.com/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  /** The model name sent with every request. */
  model: string;
  /** Sent as `Authorization: Bearer <key>` when present (local services often need none). */
  apiKey?: string;
  /** Bound on one whole request, connection to last byte. Default 15 s. */
  timeoutMs?: number;
}

/**
 * The provider from `PARZEN_LLM_BASE_URL`, `PARZEN_LLM_MODEL`, `PARZEN_LLM_API_KEY` and `PARZEN_LLM_TIMEOUT_MS`;
 * undefined (the built-in, deterministic assistants only) unless both the URL and the model are set.
 */
export function llmConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LlmConfig | undefined {
  const baseUrl = env.PARZEN_LLM_BASE_URL?.trim();
  const model = env.PARZEN_LLM_MODEL?.trim();
  if (!baseUrl || !model) return undefined;
  const timeout = Number(env.PARZEN_LLM_TIMEOUT_MS);
  return {
    baseUrl,
    model,
    apiKey: env.PARZEN_LLM_API_KEY || undefined,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
  };
}
