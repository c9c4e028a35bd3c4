import type { AgentConversation } from "@parzen/client";
import { when } from "./status.js";

/** A conversation's messages in order, each with its role. */
export function ConversationView({ conversation }: { conversation: Pick<AgentConversation, "messages"> }) {
  if (conversation.messages.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <ol className="conversation">
      {conversation.messages.map((m) => (
        <li key={m.position} className={`message message-${m.role}`}>
          <span className="role">{m.role}</span> <span className="muted">{when(m.created_at)}</span>
          <p>{m.content}</p>
        </li>
      ))}
    </ol>
  );
}
