/**
 * How far the rules' attribution is from what a model's authors meant, measured where the answer is
 * known: the fake Hub's generator records the framework it meant for each repo (lib/fake-hub, kept
 * out of its API). The Hub's listing cannot tell a safetensors repo without a library from any other
 * file, so some repos meant for a framework stay Undetermined; this is the size of that gap.
 * tests/crawl/framework-truth.test.ts recomputes these figures on the same seeded Hub and fails when
 * the generator or the rules move them, so the methodology page never shows a stale figure.
 */
export const FAKE_HUB_TRUTH_GAP = {
  seed: 9,
  day: "2026-11-27",
  /** Public repos of the seeded Hub on that day. */
  models: 5_687,
  /** Repos whose attributed frameworks equal the meant ones exactly. */
  agree: 5_246,
  /** Repos no rule places. */
  undetermined: 548,
  meantPytorch: 3_989,
  foundPytorch: 3_569,
} as const;
