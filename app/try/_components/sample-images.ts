/**
 * Pictures to try an image model with, drawn on a canvas in the page (no image is downloaded):
 * flat colours (what the test fixture classifies), stripes, a gradient and a checkerboard.
 */
export interface SampleImage {
  id: string;
  label: string;
  draw(ctx: CanvasRenderingContext2D, size: number): void;
}

const fill = (color: string) => (ctx: CanvasRenderingContext2D, size: number) => {
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, size, size);
};

export const SAMPLE_IMAGES: SampleImage[] = [
  { id: "red", label: "Red", draw: fill("#ff0000") },
  { id: "green", label: "Green", draw: fill("#00ff00") },
  { id: "blue", label: "Blue", draw: fill("#0000ff") },
  {
    id: "stripes", label: "Stripes",
    draw(ctx, size) {
      for (let k = 0; k < 8; k++) {
        ctx.fillStyle = k % 2 ? "#f5c400" : "#202020";
        ctx.fillRect((k * size) / 8, 0, size / 8, size);
      }
    },
  },
  {
    id: "gradient", label: "Gradient",
    draw(ctx, size) {
      const g = ctx.createLinearGradient(0, 0, size, size);
      g.addColorStop(0, "#1e88e5");
      g.addColorStop(0.5, "#fdd835");
      g.addColorStop(1, "#e53935");
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, size, size);
    },
  },
  {
    id: "checker", label: "Checkerboard",
    draw(ctx, size) {
      const n = 6;
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
        ctx.fillStyle = (x + y) % 2 ? "#ffffff" : "#111111";
        ctx.fillRect((x * size) / n, (y * size) / n, size / n, size / n);
      }
    },
  },
];

/** A 224 x 224 canvas with the picture (the size most image models take; the runner resizes anyway). */
export function renderSample(img: SampleImage, size = 224): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = size;
  c.height = size;
  const ctx = c.getContext("2d");
  if (ctx) img.draw(ctx, size);
  return c;
}
