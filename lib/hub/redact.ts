/** Removes a secret (HF_TOKEN) and anything shaped like a Hub token from text bound for logs or the DB. */
export function redact(text: string, secret?: string): string {
  let out = secret ? text.split(secret).join("hf_***") : text;
  out = out.replace(/\bhf_[A-Za-z0-9]{6,}\b/g, "hf_***");
  return out;
}
