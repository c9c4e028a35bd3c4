import { writeFile } from "node:fs/promises";
import { exportOnnx, loadModel, OnnxModel, readFrame } from "@parzen/trainer";
import { type Command, UsageError } from "../command.js";

/** `parzen export`: writes a saved model (pipeline included) as a standard ONNX file. */
export const exportCommand: Command = {
  name: "export",
  summary: "Export a saved model, preprocessing included, to an ONNX file (checked with onnxruntime).",
  options: { model: { type: "string" }, onnx: { type: "string" }, check: { type: "string" } },
  async run({ values, io }) {
    if (!values.model || !values.onnx) throw new UsageError("--model DIR and --onnx FILE are required.");
    const model = await loadModel(String(values.model));
    const bytes = exportOnnx(model);
    await writeFile(String(values.onnx), bytes);
    io.out(`Wrote ${values.onnx} (${(bytes.length / 1024).toFixed(1)} KiB, opset 17 + ai.onnx.ml 3).`);
    // Optionally prove it: run both on a data file and report the largest difference.
    if (values.check) {
      const data = await readFrame(String(values.check));
      const onnx = await OnnxModel.load(bytes);
      const expected = model.predictRaw(data);
      const actual = await onnx.predictRaw(data);
      await onnx.close();
      let worst = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
      }
      io.out(
        `onnxruntime vs the saved model on ${data.nRows} rows: largest relative difference ${worst.toExponential(2)}.`,
      );
    }
    return 0;
  },
};
