import { useState } from "react";
import { useParams } from "react-router";
import { ConversationView } from "../components/conversation.js";
import { Loading, StatusBadge, when } from "../components/status.js";
import { useLoad } from "../components/use-load.js";

/** One execution's conversation, loaded when opened. */
function Conversation({ conversationId }: { conversationId: string }) {
  const conversation = useLoad(
    (c, signal) => c.agents.getConversation(conversationId, { signal }),
    [conversationId],
  );
  return <Loading loaded={conversation}>{(conv) => <ConversationView conversation={conv} />}</Loading>;
}

/** One agent: its execution types, its executions and their conversations. */
export function AgentPage() {
  const { id = "" } = useParams();
  const agent = useLoad((c, signal) => c.agents.retrieve(id, { signal }), [id]);
  const definitions = useLoad((c, signal) => c.agents.listDefinitions(id, { signal }), [id]);
  const executions = useLoad(
    (c, signal) => c.agentExecutions.list({ agent_id: id, page_size: 50 }, { signal }),
    [id],
  );
  const [open, setOpen] = useState<string>();
  return (
    <Loading loaded={agent}>
      {(a) => (
        <>
          <h1>{a.name}</h1>
          <p>
            {a.agent_type} {a.description ? `· ${a.description}` : ""}
          </p>
          <section aria-labelledby="defs-title">
            <h2 id="defs-title">Execution types</h2>
            <Loading loaded={definitions}>
              {(page) => (
                <dl className="definitions">
                  {page.items.map((d) => (
                    <div key={d.key}>
                      <dt>
                        {d.name} <code>{d.key}</code>
                      </dt>
                      <dd>{d.description}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </Loading>
          </section>
          <section aria-labelledby="executions-title">
            <h2 id="executions-title">Executions</h2>
            <Loading loaded={executions}>
              {(page) =>
                page.items.length === 0 ? (
                  <p className="muted">No executions yet.</p>
                ) : (
                  <ul className="list">
                    {page.items.map((e) => (
                      <li key={e.id}>
                        <StatusBadge status={e.status} /> {e.execution_key ?? "execution"} ·{" "}
                        {when(e.created_at)}{" "}
                        {e.conversation_id && (
                          <button
                            type="button"
                            className="link"
                            aria-expanded={open === e.id}
                            onClick={() => setOpen(open === e.id ? undefined : e.id)}
                          >
                            {open === e.id ? "Hide conversation" : "Show conversation"}
                          </button>
                        )}
                        {open === e.id && e.conversation_id && (
                          <Conversation conversationId={e.conversation_id} />
                        )}
                      </li>
                    ))}
                  </ul>
                )
              }
            </Loading>
          </section>
        </>
      )}
    </Loading>
  );
}
