/**
 * Vocabulary and year-dependent shares of the generated Hub: repo kinds, tasks, architectures,
 * languages, licences. The shares are rough readings of the real Hub's history (docs/hub-api.md §5,
 * §8.8): PyTorch rising then dominant, TF common in 2019-2021 and rare after 2023, JAX small,
 * safetensors from 2022 and dominant by 2024, GGUF from 2023, MLX from 2024, ONNX a steady few %.
 */
import { table, type Table } from "./rng";

export type Kind =
  | "transformers" | "sentence-transformers" | "diffusers" | "peft" | "gguf" | "mlx" | "onnx"
  | "keras" | "timm" | "rl" | "other" | "empty" | "tfjs" | "transformers.js" | "lone-model-json"
  /** A repo whose files the caller supplies (FakeHubOptions.mounts); never drawn at random. */
  | "mounted";

/** Years the tables distinguish; creation years outside are clamped. */
export const FIRST_YEAR = 2018;
export const LAST_YEAR = 2026;
export function yearSlot(year: number): number {
  return Math.min(LAST_YEAR, Math.max(FIRST_YEAR, year)) - FIRST_YEAR;
}

/** Build one table per year slot from a function of the year. */
function perYear<T>(f: (y: number) => (readonly [T, number])[]): Table<T>[] {
  const out: Table<T>[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) out.push(table(f(y).filter(([, w]) => w > 0)));
  return out;
}

/** Linear ramp helper: the share in `year`, given shares at anchor years (flat outside). */
export function ramp(year: number, points: readonly (readonly [number, number])[]): number {
  if (year <= points[0][0]) return points[0][1];
  for (let k = 1; k < points.length; k++) {
    const [y1, v1] = points[k];
    const [y0, v0] = points[k - 1];
    if (year <= y1) return v0 + ((year - y0) / (y1 - y0)) * (v1 - v0);
  }
  return points[points.length - 1][1];
}

export const KIND_BY_YEAR = perYear<Kind>((y) => [
  ["transformers", ramp(y, [[2019, 0.86], [2021, 0.83], [2022, 0.66], [2023, 0.47], [2024, 0.37], [2025, 0.38]])],
  ["sentence-transformers", ramp(y, [[2019, 0.01], [2021, 0.05], [2023, 0.04]])],
  ["diffusers", ramp(y, [[2021, 0], [2022, 0.05], [2023, 0.08], [2024, 0.05], [2025, 0.04]])],
  ["peft", ramp(y, [[2022, 0], [2023, 0.15], [2024, 0.14], [2025, 0.12]])],
  ["gguf", ramp(y, [[2022, 0], [2023, 0.05], [2024, 0.22]])],
  ["mlx", ramp(y, [[2023, 0], [2024, 0.04]])],
  ["onnx", ramp(y, [[2019, 0.01], [2022, 0.02]])],
  ["keras", ramp(y, [[2019, 0.03], [2022, 0.03], [2023, 0.01]])],
  ["timm", ramp(y, [[2020, 0], [2021, 0.01]])],
  ["rl", ramp(y, [[2020, 0], [2021, 0.01], [2022, 0.05], [2023, 0.03], [2024, 0.01]])],
  ["other", ramp(y, [[2019, 0.04], [2021, 0.025], [2022, 0.03], [2024, 0.025]])],
  ["empty", 0.02],
  ["tfjs", 0.003],
  ["transformers.js", ramp(y, [[2022, 0], [2023, 0.003]])],
  ["lone-model-json", 0.001],
]);

/** Probability that a transformers-style repo carries each weight format, by creation year. */
function shares(points: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(LAST_YEAR - FIRST_YEAR + 1);
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) out[y - FIRST_YEAR] = ramp(y, points);
  return out;
}
/** Indexed by yearSlot(year). */
export const WEIGHT_SHARES = {
  // 2026: about 9% of transformers repos still carry `pytorch` (real 2026 listings, docs/methodology.md).
  pytorch: shares([[2021, 0.93], [2022, 0.85], [2023, 0.55], [2024, 0.25], [2025, 0.12], [2026, 0.09]]),
  safetensors: shares([[2021, 0.06], [2022, 0.25], [2023, 0.6], [2024, 0.88], [2025, 0.95]]),
  tf: shares([[2019, 0.45], [2020, 0.35], [2021, 0.22], [2022, 0.07], [2023, 0.015], [2024, 0.005]]),
  jax: shares([[2019, 0.03], [2020, 0.08], [2021, 0.12], [2022, 0.04], [2023, 0.01], [2024, 0.003]]),
  onnx: shares([[2019, 0.02]]),
  rust: shares([[2021, 0.02], [2022, 0.001]]),
  tflite: shares([[2021, 0.01], [2022, 0.003]]),
  coreml: shares([[2019, 0.003]]),
  openvino: shares([[2022, 0], [2023, 0.01]]),
};

type TaskW = readonly [string | undefined, number];
const TASK_TRANSFORMERS = perYear<string | undefined>((y): TaskW[] => [
  ["text-generation", ramp(y, [[2021, 0.1], [2022, 0.15], [2023, 0.35], [2024, 0.45]])],
  ["text-classification", ramp(y, [[2021, 0.25], [2024, 0.1]])],
  ["token-classification", ramp(y, [[2021, 0.08], [2024, 0.03]])],
  ["fill-mask", ramp(y, [[2020, 0.14], [2022, 0.05], [2024, 0.02]])],
  ["question-answering", ramp(y, [[2021, 0.06], [2024, 0.02]])],
  ["summarization", ramp(y, [[2021, 0.04], [2024, 0.01]])],
  ["translation", ramp(y, [[2021, 0.08], [2024, 0.02]])],
  ["text2text-generation", ramp(y, [[2021, 0.06], [2024, 0.03]])],
  ["automatic-speech-recognition", ramp(y, [[2020, 0.02], [2021, 0.07], [2024, 0.04]])],
  ["image-classification", ramp(y, [[2020, 0.02], [2021, 0.05], [2024, 0.03]])],
  ["feature-extraction", 0.025],
  ["image-text-to-text", ramp(y, [[2023, 0], [2024, 0.05], [2025, 0.07]])],
  ["object-detection", 0.01],
  ["image-segmentation", 0.006],
  ["zero-shot-classification", 0.005],
  ["audio-classification", 0.01],
  ["text-to-speech", ramp(y, [[2022, 0.002], [2024, 0.01]])],
  [undefined, ramp(y, [[2021, 0.04], [2024, 0.06]])],
]);

const TASK_FIXED: Partial<Record<Kind, Table<string | undefined>>> = {
  "sentence-transformers": table<string | undefined>([["sentence-similarity", 0.85], ["feature-extraction", 0.15]]),
  diffusers: table<string | undefined>([["text-to-image", 0.9], ["image-to-image", 0.05], [undefined, 0.05]]),
  peft: table<string | undefined>([["text-generation", 0.55], [undefined, 0.45]]),
  gguf: table<string | undefined>([["text-generation", 0.75], ["image-text-to-text", 0.05], [undefined, 0.2]]),
  mlx: table<string | undefined>([["text-generation", 0.85], ["image-text-to-text", 0.05], [undefined, 0.1]]),
  onnx: table<string | undefined>([
    ["text-classification", 0.2], ["feature-extraction", 0.3], ["image-classification", 0.2], ["object-detection", 0.1], [undefined, 0.2],
  ]),
  keras: table<string | undefined>([["image-classification", 0.4], ["text-classification", 0.1], [undefined, 0.5]]),
  timm: table<string | undefined>([["image-classification", 1]]),
  rl: table<string | undefined>([["reinforcement-learning", 1]]),
  other: table<string | undefined>([
    [undefined, 0.7], ["image-classification", 0.1], ["text-to-image", 0.1], ["audio-to-audio", 0.05], ["tabular-classification", 0.05],
  ]),
  empty: table<string | undefined>([[undefined, 1]]),
  tfjs: table<string | undefined>([["image-classification", 0.6], [undefined, 0.4]]),
  "transformers.js": table<string | undefined>([
    ["feature-extraction", 0.4], ["text-classification", 0.3], ["image-classification", 0.2], ["automatic-speech-recognition", 0.1],
  ]),
  "lone-model-json": table<string | undefined>([[undefined, 1]]),
  mounted: table<string | undefined>([[undefined, 1]]),
};

export function taskTable(kind: Kind, slot: number): Table<string | undefined> {
  return TASK_FIXED[kind] ?? TASK_TRANSFORMERS[slot];
}

type LibW = readonly [string | undefined, number];
export const LIBRARY: Record<Kind, Table<string | undefined>> = {
  transformers: table<string | undefined>([["transformers", 0.93], [undefined, 0.07]]),
  "sentence-transformers": table<string | undefined>([["sentence-transformers", 0.95], [undefined, 0.05]]),
  diffusers: table<string | undefined>([["diffusers", 0.95], [undefined, 0.05]]),
  peft: table<string | undefined>([["peft", 0.8], [undefined, 0.2]]),
  gguf: table<string | undefined>([["gguf", 0.45], ["transformers", 0.25], [undefined, 0.3]]),
  // MLX repos carry the mlx tag whatever their library_name (mlx-community's card template).
  mlx: table<string | undefined>([["mlx", 0.85], ["mlx-lm", 0.05], ["transformers", 0.1]]),
  onnx: table<string | undefined>([["transformers", 0.3], [undefined, 0.7]]),
  keras: table<string | undefined>([["keras", 0.75], ["tf-keras", 0.25]]),
  timm: table<string | undefined>([["timm", 1]]),
  rl: table<string | undefined>([["stable-baselines3", 0.7], ["ml-agents", 0.2], ["sample-factory", 0.1]]),
  other: table<string | undefined>([
    [undefined, 0.7], ["fastai", 0.05], ["open_clip", 0.05], ["speechbrain", 0.05], ["nemo", 0.05],
    // Libraries no rule knows (as on the real Hub: small research codebases).
    ["pyaging", 0.05], ["minimax-h3", 0.05],
  ] satisfies LibW[]),
  empty: table<string | undefined>([[undefined, 1]]),
  tfjs: table<string | undefined>([["tfjs", 0.25], [undefined, 0.75]]),
  "transformers.js": table<string | undefined>([["transformers.js", 1]]),
  "lone-model-json": table<string | undefined>([[undefined, 1]]),
  mounted: table<string | undefined>([[undefined, 1]]),
};

/** Architectures (config.model_type, also a tag) by task family and year. */
const ARCH_TEXTGEN = perYear<string>((y) => [
  ["gpt2", ramp(y, [[2022, 0.5], [2023, 0.1], [2024, 0.05], [2025, 0.02]])],
  ["gpt_neo", ramp(y, [[2021, 0.15], [2023, 0.02], [2024, 0]])],
  ["gptj", ramp(y, [[2021, 0.05], [2023, 0.01], [2024, 0]])],
  ["opt", ramp(y, [[2021, 0], [2022, 0.1], [2023, 0.02], [2024, 0]])],
  ["bloom", ramp(y, [[2021, 0], [2022, 0.1], [2023, 0.02], [2024, 0]])],
  ["gpt_neox", ramp(y, [[2022, 0.1], [2023, 0.05], [2024, 0.01]])],
  ["llama", ramp(y, [[2022, 0], [2023, 0.5], [2024, 0.35], [2025, 0.2]])],
  ["mistral", ramp(y, [[2022, 0], [2023, 0.2], [2024, 0.15], [2025, 0.05]])],
  ["falcon", ramp(y, [[2022, 0], [2023, 0.05], [2024, 0.01]])],
  ["phi3", ramp(y, [[2023, 0], [2024, 0.1], [2025, 0.05]])],
  ["qwen2", ramp(y, [[2023, 0.03], [2024, 0.25], [2025, 0.25]])],
  ["gemma2", ramp(y, [[2023, 0], [2024, 0.1], [2025, 0.03]])],
  ["qwen3", ramp(y, [[2024, 0], [2025, 0.3]])],
  ["gemma3", ramp(y, [[2024, 0], [2025, 0.15]])],
]);
const ARCH_ENCODER = perYear<string>((y) => [
  ["bert", 0.35], ["roberta", 0.2], ["distilbert", 0.15], ["xlm-roberta", 0.1], ["deberta-v2", ramp(y, [[2020, 0.02], [2022, 0.1]])],
  ["electra", 0.05], ["albert", ramp(y, [[2020, 0.06], [2023, 0.01]])], ["modernbert", ramp(y, [[2024, 0], [2025, 0.15]])],
]);
const ARCH_SEQ2SEQ = table<string>([["t5", 0.4], ["bart", 0.25], ["marian", 0.2], ["mt5", 0.1], ["pegasus", 0.05]]);
const ARCH_ASR = perYear<string>((y) => [["wav2vec2", ramp(y, [[2021, 0.9], [2022, 0.6], [2024, 0.3]])], ["whisper", ramp(y, [[2021, 0], [2022, 0.4], [2024, 0.7]])]]);
const ARCH_VISION = table<string>([["vit", 0.35], ["convnext", 0.15], ["swin", 0.15], ["resnet", 0.1], ["beit", 0.05], ["dinov2", 0.05], ["detr", 0.08], ["segformer", 0.07]]);
const ARCH_VLM = table<string>([["llava", 0.3], ["qwen2_vl", 0.3], ["idefics3", 0.1], ["gemma3", 0.2], ["paligemma", 0.1]]);
const ARCH_TTS = table<string>([["vits", 0.5], ["speecht5", 0.5]]);
const ARCH_AUDIO_CLS = table<string>([["wav2vec2", 0.5], ["audio-spectrogram-transformer", 0.5]]);

export function archTable(task: string | undefined, slot: number): Table<string> {
  switch (task) {
    case "text-generation":
    case undefined:
      return ARCH_TEXTGEN[slot];
    case "summarization":
    case "translation":
    case "text2text-generation":
      return ARCH_SEQ2SEQ;
    case "automatic-speech-recognition":
      return ARCH_ASR[slot];
    case "image-classification":
    case "object-detection":
    case "image-segmentation":
      return ARCH_VISION;
    case "image-text-to-text":
      return ARCH_VLM;
    case "text-to-speech":
      return ARCH_TTS;
    case "audio-classification":
      return ARCH_AUDIO_CLS;
    default:
      return ARCH_ENCODER[slot];
  }
}

/** Name stems that read like real repos of an architecture. */
export const ARCH_STEM: Record<string, readonly string[]> = {
  gpt2: ["gpt2", "distilgpt2", "gpt2-medium", "gpt2-small"], gpt_neo: ["gpt-neo-125M", "gpt-neo-1.3B"], gptj: ["gpt-j-6B"],
  opt: ["opt-125m", "opt-350m", "opt-1.3b"], bloom: ["bloom-560m", "bloomz-1b1"], gpt_neox: ["pythia-160m", "pythia-1b"],
  llama: ["Llama-2-7b", "Llama-3-8B", "Llama-3.1-8B-Instruct", "Llama-3.2-1B", "TinyLlama-1.1B"],
  mistral: ["Mistral-7B-v0.1", "Mistral-7B-Instruct", "Mistral-Nemo-12B"], falcon: ["falcon-7b"],
  phi3: ["Phi-3-mini-4k", "Phi-3.5-mini"], qwen2: ["Qwen2-0.5B", "Qwen2.5-7B-Instruct", "Qwen2.5-1.5B", "Qwen2.5-Coder-7B"],
  gemma2: ["gemma-2-2b", "gemma-2-9b-it"], qwen3: ["Qwen3-4B", "Qwen3-8B", "Qwen3-0.6B", "Qwen3-14B"], gemma3: ["gemma-3-1b-it", "gemma-3-4b", "gemma-3-12b-it"],
  bert: ["bert-base-uncased", "bert-base-cased", "bert-large"], roberta: ["roberta-base", "roberta-large"],
  distilbert: ["distilbert-base-uncased"], "xlm-roberta": ["xlm-roberta-base", "xlm-roberta-large"], "deberta-v2": ["deberta-v3-base", "deberta-v3-small"],
  electra: ["electra-small", "electra-base"], albert: ["albert-base-v2"], modernbert: ["ModernBERT-base", "ModernBERT-large"],
  t5: ["t5-small", "t5-base", "flan-t5-base"], bart: ["bart-base", "bart-large-cnn"], marian: ["opus-mt-en-de", "opus-mt-fr-en", "opus-mt-zh-en"],
  mt5: ["mt5-small", "mt5-base"], pegasus: ["pegasus-xsum"], wav2vec2: ["wav2vec2-base", "wav2vec2-large-xlsr-53"],
  whisper: ["whisper-small", "whisper-tiny", "whisper-large-v3"], vit: ["vit-base-patch16-224"], convnext: ["convnext-tiny-224"],
  swin: ["swin-tiny-patch4"], resnet: ["resnet-50", "resnet-18"], beit: ["beit-base"], dinov2: ["dinov2-small"], detr: ["detr-resnet-50"],
  segformer: ["segformer-b0"], llava: ["llava-1.5-7b"], qwen2_vl: ["Qwen2-VL-2B", "Qwen2.5-VL-7B"], idefics3: ["Idefics3-8B"],
  paligemma: ["paligemma-3b"], vits: ["mms-tts"], speecht5: ["speecht5_tts"], "audio-spectrogram-transformer": ["ast-finetuned-audioset"],
};

/** Parameter counts (millions) typical of a stem's family, for sizes and `safetensors` totals. */
export const ARCH_PARAMS_M: Record<string, number> = {
  gpt2: 124, gpt_neo: 1300, gptj: 6000, opt: 350, bloom: 560, gpt_neox: 410, llama: 8000, mistral: 7200, falcon: 7000,
  phi3: 3800, qwen2: 1500, gemma2: 2600, qwen3: 4000, gemma3: 4300, bert: 110, roberta: 125, distilbert: 66,
  "xlm-roberta": 278, "deberta-v2": 184, electra: 14, albert: 12, modernbert: 150, t5: 220, bart: 140, marian: 74,
  mt5: 300, pegasus: 570, wav2vec2: 95, whisper: 242, vit: 86, convnext: 28, swin: 28, resnet: 25, beit: 86,
  dinov2: 22, detr: 41, segformer: 4, llava: 7000, qwen2_vl: 2200, idefics3: 8500, paligemma: 2900, vits: 36,
  speecht5: 144, "audio-spectrogram-transformer": 87,
};

export const FINETUNE_WORDS = [
  "finetuned", "ft", "sft", "dpo", "instruct", "chat", "lora", "merged", "v2", "test", "squad", "imdb", "sentiment",
  "ner", "emotion", "qa", "summarizer", "medical", "legal", "code", "math", "uncensored", "abliterated", "distilled",
  "en-fr", "ko", "ja", "ar", "hi", "tr", "vi", "experiment", "run1", "checkpoint", "epoch3", "best",
];

export const LANGUAGES = table<string>([
  ["en", 0.6], ["zh", 0.05], ["fr", 0.04], ["de", 0.04], ["es", 0.04], ["ru", 0.03], ["ja", 0.03], ["ko", 0.02],
  ["ar", 0.02], ["hi", 0.02], ["pt", 0.02], ["it", 0.02], ["id", 0.015], ["tr", 0.015], ["vi", 0.015], ["multilingual", 0.04],
]);

export const LICENSES = perYear<string>((y) => [
  ["apache-2.0", 0.45], ["mit", 0.2], ["other", 0.1], ["cc-by-4.0", 0.05], ["cc-by-nc-4.0", 0.05],
  ["openrail", ramp(y, [[2021, 0], [2022, 0.06], [2023, 0.05], [2024, 0.01]])], ["cc-by-sa-4.0", 0.03],
  ["llama3.1", ramp(y, [[2023, 0], [2024, 0.04]])], ["gemma", ramp(y, [[2023, 0], [2024, 0.03]])],
  ["creativeml-openrail-m", ramp(y, [[2021, 0], [2022, 0.05], [2024, 0.01]])], ["gpl-3.0", 0.01],
]);

export const DATASETS = [
  "squad", "glue", "imdb", "wikipedia", "bookcorpus", "common_voice", "mozilla-foundation/common_voice_11_0", "librispeech_asr",
  "conll2003", "cnn_dailymail", "xsum", "emotion", "tweet_eval", "imagenet-1k", "cifar10", "HuggingFaceH4/ultrachat_200k",
  "teknium/OpenHermes-2.5", "Open-Orca/SlimOrca", "yahma/alpaca-cleaned", "openai/gsm8k", "HuggingFaceFW/fineweb-edu",
  "allenai/c4", "oscar", "mc4", "wmt16", "opus100", "sentence-transformers/all-nli", "ms_marco", "lmsys/lmsys-chat-1m",
];

/** Base models referenced by fine-tunes, adapters and quantisations, per architecture. */
export const BASES: Record<string, readonly string[]> = {
  llama: ["meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-2-7b-hf", "meta-llama/Meta-Llama-3-8B"],
  mistral: ["mistralai/Mistral-7B-v0.1", "mistralai/Mistral-7B-Instruct-v0.2", "mistralai/Mistral-Nemo-Instruct-2407"],
  qwen2: ["Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct", "Qwen/Qwen2-0.5B", "Qwen/Qwen2.5-Coder-7B-Instruct"],
  qwen3: ["Qwen/Qwen3-8B", "Qwen/Qwen3-4B", "Qwen/Qwen3-0.6B", "Qwen/Qwen3-14B"],
  gemma2: ["google/gemma-2-2b-it", "google/gemma-2-9b-it"],
  gemma3: ["google/gemma-3-4b-it", "google/gemma-3-1b-it", "google/gemma-3-12b-it"],
  phi3: ["microsoft/Phi-3-mini-4k-instruct", "microsoft/Phi-3.5-mini-instruct"],
  gpt2: ["openai-community/gpt2"],
  bert: ["google-bert/bert-base-uncased", "google-bert/bert-base-cased"],
  roberta: ["FacebookAI/roberta-base"],
  distilbert: ["distilbert/distilbert-base-uncased"],
  "xlm-roberta": ["FacebookAI/xlm-roberta-base"],
  "deberta-v2": ["microsoft/deberta-v3-base"],
  modernbert: ["answerdotai/ModernBERT-base"],
  t5: ["google-t5/t5-small", "google/flan-t5-base"],
  bart: ["facebook/bart-base"],
  whisper: ["openai/whisper-small", "openai/whisper-large-v3"],
  wav2vec2: ["facebook/wav2vec2-base", "facebook/wav2vec2-large-xlsr-53"],
  vit: ["google/vit-base-patch16-224-in21k"],
  llava: ["llava-hf/llava-1.5-7b-hf"],
  qwen2_vl: ["Qwen/Qwen2.5-VL-7B-Instruct"],
  diffusion: ["stabilityai/stable-diffusion-xl-base-1.0", "runwayml/stable-diffusion-v1-5", "black-forest-labs/FLUX.1-dev"],
};

/** Tasks that are "text models": the ones `autotrain_compatible` and similar tags go with. */
export const TEXT_TASKS = new Set([
  "text-generation", "text-classification", "token-classification", "fill-mask", "question-answering",
  "summarization", "translation", "text2text-generation", "zero-shot-classification",
]);

export const GGUF_QUANTS = ["Q2_K", "Q3_K_M", "Q4_K_M", "Q4_K_S", "Q5_K_M", "Q6_K", "Q8_0", "F16", "IQ4_XS"];
