import { writeFile } from "node:fs/promises";
import { exportOnnx, loadModel, OnnxModel, readFrame } from "@parzen/trainer";
import { Command } from "commander";
import type { CommandFactory } from "../command.js";

/** `parzen export`: writes a saved model (pipeline included) as a standard ONNX file. */
export const exportCommand: CommandFactory = ({ io, exit }) =>
  new Command("export")
    .summary("Export a saved model, preprocessing included, to an ONNX file (checked with onnxruntime).")
    .requiredOption("--model <dir>", "a model saved by `parzen train --out`")
    .requiredOption("--onnx <file>", "where to write the ONNX file")
    .option("--check <data>", "compare onnxruntime with the saved model on this table")
    .action(async (flags: { model: string; onnx: string; check?: string }) => {
      const model = await loadModel(flags.model);
      const bytes = exportOnnx(model);
      await writeFile(flags.onnx, bytes);
      io.out(`Wrote ${flags.onnx} (${(bytes.length / 1024).toFixed(1)} KiB, opset 17 + ai.onnx.ml 3).`);
      // Optionally prove it: run both on a data file and report the largest difference.
      if (flags.check) {
        const data = await readFrame(flags.check);
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
      exit(0);
    });
