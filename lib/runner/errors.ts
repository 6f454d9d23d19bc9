/**
 * The runner's outcomes that are not results, shared by both browser runtimes (TensorFlow.js and
 * ONNX Runtime) and the page: one class per kind, so the page tells them apart with instanceof
 * whichever runtime threw. No runtime import here: the page imports this file statically.
 */
import type { ErrorClass } from "./types";

/** A failure of a run, with the class recorded in the results and a message for people (shown as text). */
export class RunnerError extends Error {
  override name = "RunnerError";
  constructor(readonly errorClass: ErrorClass, message: string) {
    super(message);
  }
}

/** The visitor stopped the run (not recorded). */
export class Cancelled extends Error {
  override name = "Cancelled";
}

/** The weights are larger than the limit and the visitor has not confirmed (not recorded). */
export class NeedsConfirmation extends Error {
  override name = "NeedsConfirmation";
  constructor(readonly weightBytes: number, readonly maxBytes: number) {
    super(`the weights are ${weightBytes} bytes, above the ${maxBytes}-byte limit`);
  }
}

/** The visitor's input does not fit the model (shown beside the input, never recorded). */
export class BadInput extends Error {
  override name = "BadInput";
}
