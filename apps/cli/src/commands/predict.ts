import { csvLines, loadModel, predictionColumns, readFrame, writeCsv } from "@parzen/trainer";
import { Command } from "commander";
import type { CommandFactory } from "../command.js";

/** `parzen predict`: applies a saved model to a file. */
export const predictCommand: CommandFactory = ({ io, exit }) =>
  new Command("predict")
    .summary("Predict a file's rows with a saved model (CSV to --out or stdout).")
    .requiredOption("--model <dir>", "a model saved by `parzen train --out`")
    .requiredOption("--data <file>", "the rows to predict (.csv, .csv.gz, .parquet, .json, .jsonl)")
    .option("--out <file>", "write the predictions here (default: stdout)")
    .action(async (flags: { model: string; data: string; out?: string }) => {
      const model = await loadModel(flags.model);
      const data = await readFrame(flags.data);
      const columns = predictionColumns(model.predict(data));
      if (flags.out) {
        await writeCsv(flags.out, columns);
        io.err(`Wrote ${data.nRows} predictions to ${flags.out}`);
      } else for (const line of csvLines(columns)) io.out(line);
      exit(0);
    });
