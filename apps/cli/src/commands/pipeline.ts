import { readFile } from "node:fs/promises";
import {
  createClient,
  type ParzenClient,
  type PipelineConfiguration,
  type PipelineExecution,
  ValidationError,
} from "@parzen/client";
import { Command } from "commander";
import { type CommandContext, type CommandFactory, UsageError } from "../command.js";
import { integer } from "../options.js";

interface RunFlags {
  input: string;
  summary?: string;
  pipeline?: string;
  url?: string;
  apiKey?: string;
  json?: boolean;
  poll: number;
}

/** A JSON argument given inline or as `@file.json`. */
async function jsonArgument(value: string, what: string): Promise<unknown> {
  const text = value.startsWith("@") ? await readFile(value.slice(1), "utf8") : value;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

/** The pipeline named `name` in the team, created when there is none. */
async function pipelineNamed(client: ParzenClient, name: string) {
  for await (const p of client.pipelines.list({ name_like: name, page_size: 100 }))
    if (p.name === name) return p;
  return client.pipelines.create({ name, description: "Created by `parzen pipeline run`." });
}

/** One line per block whose status changed since the last poll: `[3/7] shape (transform) completed: 193 rows`. */
function progressPrinter(io: CommandContext["io"]) {
  const seen = new Map<string, string>();
  return (execution: PipelineExecution) => {
    const data = execution.progress_data as {
      order?: string[];
      blocks?: Record<
        string,
        { type: string; status: string; output?: Record<string, unknown>; error?: string }
      >;
    };
    const order = data.order ?? Object.keys(data.blocks ?? {});
    for (const [i, key] of order.entries()) {
      const block = data.blocks?.[key];
      if (!block || seen.get(key) === block.status || block.status === "pending") continue;
      seen.set(key, block.status);
      const output = block.output;
      const detail =
        block.status === "failed"
          ? `: ${block.error}`
          : output?.rows !== undefined
            ? `: ${output.rows} rows`
            : output?.model_id
              ? `: model ${output.model_id}`
              : output?.metrics
                ? `: ${JSON.stringify(output.metrics)}`
                : "";
      io.err(`[${i + 1}/${order.length}] ${key} (${block.type}) ${block.status}${detail}`);
    }
  };
}

/** `parzen pipeline run FILE.json --input JSON`: stores the configuration as a version, runs it and follows it. */
function runCommand(context: CommandContext): Command {
  const { io, exit, signal } = context;
  return new Command("run")
    .summary("Run a pipeline configuration from a file on a server, showing each block's progress.")
    .description(
      "Stores FILE.json (a pipeline configuration: blocks and connections) as a new version of the pipeline named " +
        "--pipeline (default: the configuration's name; created when missing), runs it on --input and prints each " +
        "block as it finishes, then the output. Ctrl-C cancels the execution.",
    )
    .argument("<file>", "the configuration, as JSON")
    .option("--input <json>", "the execution's input, as JSON or @file.json", "{}")
    .option("--summary <text>", "a one-line summary of the input (default: the file's name)")
    .option("--pipeline <name>", "the pipeline to add the version to (default: the configuration's name)")
    .option("--url <url>", "the server (default: PARZEN_BASE_URL, else http://127.0.0.1:8080)")
    .option("--api-key <key>", "the API key (default: PARZEN_API_KEY)")
    .option("--poll <ms>", "how often to look at the execution", integer(50), 1000)
    .option("--json", "print the output as JSON", false)
    .action(async (file: string, flags: RunFlags) => {
      const configuration = (await jsonArgument(`@${file}`, file)) as PipelineConfiguration;
      const input = await jsonArgument(flags.input, "--input");
      if (!input || typeof input !== "object" || Array.isArray(input))
        throw new UsageError("--input must be a JSON object.");
      const client = createClient({ baseUrl: flags.url, apiKey: flags.apiKey, timeout: 60_000 });
      const pipeline = await pipelineNamed(client, flags.pipeline ?? configuration.name ?? file);
      let version: Awaited<ReturnType<typeof pipeline.createVersion>>;
      try {
        version = await pipeline.createVersion(configuration);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const details = (error.details ?? []) as { path: string; message: string }[];
        io.err(`parzen pipeline run: ${file} is not a valid configuration:`);
        for (const d of details) io.err(`  ${d.path.replace(/^body\.configuration/, "$")}: ${d.message}`);
        return exit(1);
      }
      io.err(
        `Pipeline "${pipeline.name}" version ${version.version_number}: running ${Object.keys(configuration.blocks).length} block(s).`,
      );
      const execution = await version.execute(input as Record<string, unknown>, flags.summary ?? file);
      context.onInterrupt = () =>
        void execution.cancel("interrupted from the command line").catch(() => undefined);
      const done = await execution.waitForCompletion({
        pollInterval: flags.poll,
        onUpdate: progressPrinter(io),
        signal,
      });
      if (done.status !== "completed") {
        io.err(
          `parzen pipeline run: execution ${done.id} ${done.status}${done.error ? `: ${done.error.message}` : ""}`,
        );
        return exit(1);
      }
      const output = await done.getOutput();
      io.out(flags.json ? JSON.stringify(output) : JSON.stringify(output, null, 2));
      exit(0);
    });
}

/** `parzen pipeline …`: pipelines on a server. */
export const pipelineCommand: CommandFactory = (context) =>
  new Command("pipeline")
    .summary("Run pipeline configurations on a Parzen server.")
    .addCommand(runCommand(context));
