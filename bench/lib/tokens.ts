// Token counts with OpenAI's o200k_base encoding. A proxy: each model family tokenizes differently,
// but relative sizes (and the targets) carry over well enough to compare tool lists.
import { encode } from "gpt-tokenizer/encoding/o200k_base";

export function countTokens(text: string): number {
  return encode(text).length;
}

export function jsonSize(value: unknown): { bytes: number; tokens: number } {
  const text = JSON.stringify(value);
  return { bytes: Buffer.byteLength(text, "utf8"), tokens: countTokens(text) };
}
