/**
 * Every series line is readable on both themes: at least 3:1 contrast (WCAG's figure for graphics)
 * against the card surface, the light colour on the light card and its dark variant on the dark one.
 * The surfaces are read from app/globals.css, so a theme change is checked too.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { FRAMEWORKS, NONE_BUCKET, OTHER_BUCKET } from "../../lib/frameworks/config";
import { BOTH_COLOR, TOTAL_COLOR, themeColor } from "../../lib/charts/style";

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const css = fs.readFileSync(path.join(__dirname, "..", "..", "app", "globals.css"), "utf8");
const light = /:root\s*\{[^}]*--surface:\s*(#[0-9a-fA-F]{6})/.exec(css)![1];
const dark = /:root\[data-theme="dark"\]\s*\{[^}]*--surface:\s*(#[0-9a-fA-F]{6})/.exec(css)![1];

const SERIES = [
  ...FRAMEWORKS.map((f) => [f.name, f.color] as const),
  ["Other", OTHER_BUCKET.color],
  [NONE_BUCKET.name, NONE_BUCKET.color],
  ["Both", BOTH_COLOR],
  ["All models", TOTAL_COLOR],
] as const;

describe("series colours against the card surface", () => {
  test("the surfaces are read from the theme", () => {
    expect(contrast(light, dark)).toBeGreaterThan(10);
  });
  test.each(SERIES)("%s (%s) is at least 3:1 on the light and the dark card", (_name, color) => {
    expect(contrast(themeColor(color, false), light)).toBeGreaterThanOrEqual(3);
    expect(contrast(themeColor(color, true), dark)).toBeGreaterThanOrEqual(3);
  });
  test("TensorFlow.js keeps its yellow hue on dark, a darker olive on white", () => {
    const tfjs = FRAMEWORKS.find((f) => f.id === "tfjs")!;
    expect(contrast(tfjs.color, light)).toBeGreaterThanOrEqual(3);
    expect(themeColor(tfjs.color, true)).toBe(tfjs.colorDark);
  });
});
