/** One Server-Sent Event. */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/** Parses a Server-Sent Events byte stream into events (comments and keep-alives are skipped). */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  let event: Partial<ServerSentEvent> & { data?: string } = {};
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      if (line === "") {
        if (event.data !== undefined)
          yield { id: event.id, event: event.event ?? "message", data: event.data };
        event = {};
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") event.data = event.data === undefined ? value : `${event.data}\n${value}`;
      else if (field === "event") event.event = value;
      else if (field === "id") event.id = value;
    }
  }
}
