import type { AgenticChatMessage } from "@parzen/client";
import { type FormEvent, useEffect, useState } from "react";
import { ErrorBox, when } from "../../components/status.js";
import { useClient } from "../../session/session-context.js";

/** The run's chat: its history, and a box to ask or steer it ("skip this phase", "why this label?"). */
export function ChatPanel({
  runId,
  version,
  onAction,
}: {
  runId: string;
  version: string;
  onAction(): void;
}) {
  const client = useClient();
  const [messages, setMessages] = useState<AgenticChatMessage[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // `version` changes when the run moves on: the history is read again then.
  useEffect(() => {
    const controller = new AbortController();
    client.agentic
      .getChatHistory(runId, { page_size: 100 }, { signal: controller.signal })
      .then((page) => setMessages(page.items))
      .catch((e) => !controller.signal.aborted && setError(e));
    return () => controller.abort();
  }, [client, runId, version]);
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const reply = await client.agentic.sendChat(runId, text.trim());
      setMessages((m) => [
        ...m,
        { role: "user", content: text.trim(), timestamp: new Date().toISOString(), data: null },
        reply.message,
      ]);
      setText("");
      if (reply.actions.length > 0) onAction();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  return (
    <aside className="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <ol className="conversation" aria-live="polite">
        {messages.map((m, i) => (
          <li key={`${m.timestamp}-${i}`} className={`message message-${m.role}`}>
            <span className="role">{m.role}</span> <span className="muted">{when(m.timestamp)}</span>
            <p>{m.content}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={send} className="chat-form">
        <label htmlFor="chat-input">Message</label>
        <textarea id="chat-input" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={busy || !text.trim()}>
          Send
        </button>
      </form>
      <ErrorBox error={error} />
    </aside>
  );
}
