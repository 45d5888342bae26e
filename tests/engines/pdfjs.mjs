// The pdf.js build the drivers share, and how they open a file.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const require = createRequire(path.join(here, "package.json"));
const root = path.dirname(require.resolve("pdfjs-dist/package.json"));
export const pdfjs = await import(path.join(root, "legacy/build/pdf.mjs"));

export async function openPdf(file) {
  return pdfjs.getDocument({
    data: new Uint8Array(fs.readFileSync(file)),
    standardFontDataUrl: path.join(root, "standard_fonts") + "/",
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}
