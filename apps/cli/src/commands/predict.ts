import { csvLines, loadModel, predictionColumns, readFrame, writeCsv } from "@parzen/trainer";
import { type Command, UsageError } from "../command.js";

/** `parzen predict`: applies a saved model to a file. */
export const predictCommand: Command = {
  name: "predict",
  summary: "Predict a file's rows with a saved model (CSV to --out or stdout).",
  options: { model: { type: "string" }, data: { type: "string" }, out: { type: "string" } },
  async run({ values, io }) {
    if (!values.model || !values.data) throw new UsageError("--model DIR and --data FILE are required.");
    const model = await loadModel(String(values.model));
    const data = await readFrame(String(values.data));
    const columns = predictionColumns(model.predict(data));
    if (values.out) {
      await writeCsv(String(values.out), columns);
      io.err(`Wrote ${data.nRows} predictions to ${values.out}`);
    } else for (const line of csvLines(columns)) io.out(line);
    return 0;
  },
};
