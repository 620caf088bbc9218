import { safeFileName } from "@/lib/text/safe";

/** Saves text as a file the browser downloads; nothing leaves the tab. The name is made safe (no separators or controls). */
export function downloadText(fileName: string, text: string, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = safeFileName(fileName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
