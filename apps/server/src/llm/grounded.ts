import type { ChatModel } from "./client.js";

/** What a grounded answer is built from: the facts, the question, and the built-in answer to fall back on. */
export interface GroundedRequest {
  /** Who the assistant is and what it may do (one or two sentences). */
  role: string;
  /** The facts the answer must rest on, as plain text or JSON; the model is told to use nothing else. */
  facts: string;
  /** The user's message. */
  question: string;
  /** The deterministic answer: returned as it is without a model, or when the model fails. */
  fallback: string;
  signal?: AbortSignal;
}

/** An answer and who phrased it. */
export interface GroundedAnswer {
  text: string;
  /** `builtin`: the deterministic answer; `llm`: the configured model phrased it. */
  source: "builtin" | "llm";
}

/**
 * Phrases an answer with the configured model, grounded in the given facts and the built-in answer; without a
 * model, or on any failure of it (down, slow, an error status, empty text), returns the built-in answer. Never throws.
 *
 * @example
 * const answer = await groundedAnswer(ctx.llm, { role: "You explain ML runs.", facts, question, fallback });
 */
export async function groundedAnswer(
  llm: ChatModel | undefined,
  request: GroundedRequest,
): Promise<GroundedAnswer> {
  if (!llm) return { text: request.fallback, source: "builtin" };
  try {
    const text = await llm.complete(
      [
        {
          role: "system",
          content: `${request.role} Answer only from the facts below; do not invent figures, names or actions. Keep it short.\n\nFacts:\n${request.facts}\n\nA correct draft answer:\n${request.fallback}`,
        },
        { role: "user", content: request.question },
      ],
      { signal: request.signal },
    );
    return { text, source: "llm" };
  } catch {
    return { text: request.fallback, source: "builtin" };
  }
}
