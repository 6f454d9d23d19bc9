/** Browser downloads of exports (client only). */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadUrl(filename: string, url: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function exportName(id: string, ext: string): string {
  return `hf-trends-${id}-${new Date().toISOString().slice(0, 10)}.${ext}`;
}

export async function copyLink(anchor: string): Promise<string> {
  const url = `${window.location.href.split("#")[0]}#${anchor}`;
  try {
    await navigator.clipboard.writeText(url);
    return "Link copied";
  } catch {
    return `Copy this link: ${url}`;
  }
}
